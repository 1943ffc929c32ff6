using System.Net;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using Marten.Events;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Drafts;

public sealed class ParagraphHistoryTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task<(DraftingApi Chair, Guid GroupId, Guid DraftId, ParagraphView Paragraph)> ParkedParagraph()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var sectionId = await chair.AddSection(workstream.DraftId, "Verification challenges");
        var p = await chair.AddParagraph(workstream.DraftId, sectionId, "Verification must be effective.");
        (await chair.Send(HttpMethod.Post, $"/drafts/{workstream.DraftId}/paragraphs/{p.Id}/status",
            new { status = "Parked", reason = "Awaiting instructions from capitals." }, p.NegotiationVersion)).EnsureSuccessStatusCode();
        return (chair, groupId, workstream.DraftId, p);
    }

    private static string History(Guid groupId, Guid draftId, Guid paragraphId, string query = "") =>
        $"/api/groups/{groupId}/drafts/{draftId}/paragraphs/{paragraphId}/history{query}";

    [Fact]
    public async Task Paragraph_history_says_who_parked_it_when_and_why_newest_first()
    {
        var (chair, groupId, draftId, p) = await ParkedParagraph();

        var page = await DraftingApi.Read<ParagraphHistoryPage>(await chair.Client.GetAsync(History(groupId, draftId, p.Id)));

        Assert.Equal(page.Entries.Select(e => e.Sequence).OrderDescending(), page.Entries.Select(e => e.Sequence));
        var parked = page.Entries[0];
        Assert.Equal("Awaiting instructions from capitals.", parked.Reason);
        Assert.Equal("demo-chair", parked.Member.Sub);
        Assert.Equal("NOR", parked.Member.AttributedState);
        Assert.False(string.IsNullOrEmpty(parked.Member.DisplayName));
        Assert.Equal(p.Id, parked.Concerns.ParagraphId);
        Assert.True(page.Entries.Count >= 2);
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task Paragraph_history_pages_with_limit_and_before()
    {
        var (chair, groupId, draftId, p) = await ParkedParagraph();
        var all = await DraftingApi.Read<ParagraphHistoryPage>(await chair.Client.GetAsync(History(groupId, draftId, p.Id)));

        var first = await DraftingApi.Read<ParagraphHistoryPage>(await chair.Client.GetAsync(History(groupId, draftId, p.Id, "?limit=1")));
        var second = await DraftingApi.Read<ParagraphHistoryPage>(await chair.Client.GetAsync(History(groupId, draftId, p.Id, $"?limit=1&before={first.NextBefore}")));

        Assert.Equal(all.Entries[0].Sequence, Assert.Single(first.Entries).Sequence);
        Assert.Equal(all.Entries[1].Sequence, Assert.Single(second.Entries).Sequence);
    }

    [Fact]
    public async Task An_activity_entry_names_the_paragraph_the_delegation_and_the_reason_given()
    {
        var (chair, groupId, _, p) = await ParkedParagraph();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var feed = await DraftingApi.Read<List<ActivityEntry>>(await chair.Client.GetAsync($"/api/groups/{groupId}/activity"));

        var parked = Assert.Single(feed, e => e.Kind == "paragraph_parked");
        Assert.Equal("Awaiting instructions from capitals.", parked.Reason);
        Assert.Equal(("demo-chair", "NOR"), (parked.Actor, parked.ActorState));
        Assert.Equal(p.Id, parked.Concerns!.ParagraphId);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?before=0", "before")]
    public async Task Paragraph_history_refuses_a_page_size_or_cursor_out_of_range_naming_the_field(string query, string field)
    {
        var (chair, groupId, draftId, p) = await ParkedParagraph();

        var response = await chair.Client.GetAsync(History(groupId, draftId, p.Id, query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Paragraph_history_is_404_to_a_non_member_and_for_a_paragraph_of_another_draft_or_group()
    {
        var (chair, groupId, draftId, p) = await ParkedParagraph();
        var otherDraft = await chair.CreateWorkstream("Lessons learned", "(c)");
        var otherGroup = await api.CreateDemoGroupAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("a-stranger").GetAsync(History(groupId, draftId, p.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await chair.Client.GetAsync(History(groupId, otherDraft.DraftId, p.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await chair.Client.GetAsync(History(otherGroup, draftId, p.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor("demo-observer").GetAsync(History(groupId, draftId, p.Id))).StatusCode);
    }
}
