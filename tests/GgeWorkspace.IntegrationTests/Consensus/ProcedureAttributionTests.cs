using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Consensus;

public sealed class ProcedureAttributionTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task An_agreement_when_the_last_hold_is_lifted_is_the_procedures_in_the_paragraph_history_and_the_activity_feed()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.AgreedAdReferendumAsync("Verification is a shared responsibility.");
        (await room.StatePosition("demo-expert-usa", p.Id, new { kind = "AwaitingInstructions", expectedBy = DateTimeOffset.UtcNow.AddDays(7) })).EnsureSuccessStatusCode();
        (await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/paragraphs/{p.Id}/auto-agree")).EnsureSuccessStatusCode();
        (await room.StatePosition("demo-expert-usa", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();
        Assert.Equal(ParagraphStatus.Agreed, (await room.Chair.Paragraph(room.DraftId, p.Id)).Status);

        var history = await DraftingApi.Read<ParagraphHistoryPage>(
            await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}/paragraphs/{p.Id}/history"));
        var agreed = Assert.Single(history.Entries, e => e.Kind == "paragraph_agreed");
        Assert.Equal("procedure:holds-lifted", agreed.Member.Sub);
        var joined = history.Entries.First(e => e.Kind == "position_stated");
        Assert.Equal(("demo-expert-usa", "USA"), (joined.Member.Sub, joined.Member.AttributedState));

        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var feed = await DraftingApi.Read<List<ActivityEntry>>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/activity"));
        var fed = Assert.Single(feed, e => e.Kind == "paragraph_agreed" && e.Concerns?.ParagraphId == p.Id);
        Assert.Equal("procedure:holds-lifted", fed.Actor);
    }
}
