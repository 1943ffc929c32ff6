using System.Net;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Drafts;

public sealed class AsOfInstantTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task<DateTimeOffset> StoredAtAsync(long sequence)
    {
        await using var session = api.Store.QuerySession();
        var times = await session.AdvancedSql.QueryAsync<DateTimeOffset>("select timestamp from mt_events where seq_id = ?", CancellationToken.None, sequence);
        return times.Single();
    }

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_draft_reads_and_exports_as_of_an_instant_as_the_state_after_the_last_event_at_or_before_it()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var sectionId = await chair.AddSection(workstream.DraftId, "Verification challenges");
        var draftId = workstream.DraftId;
        var p = await chair.AddParagraph(draftId, sectionId, "First wording.");
        var before = await chair.Draft(draftId);
        (await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{p.Id}/text", new { text = "Second wording." }, p.TextVersion)).EnsureSuccessStatusCode();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var instant = await StoredAtAsync(before.Sequence);

        var read = await DraftingApi.Read<DraftView>(await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draftId}?asOf={Iso(instant)}"));
        Assert.True(read.AsOf);
        Assert.Equal("First wording.", Assert.Single(read.Sections[0].Paragraphs).Text);
        var export = await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draftId}/export?format=md&variant=negotiation&asOf={Iso(instant)}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(read.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), export.Headers.GetValues("X-Event-Sequence").Single());
        Assert.DoesNotContain("Second wording.", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instant_before_the_draft_existed_is_404_and_one_in_the_future_409_with_the_high_water_mark()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var draftId = workstream.DraftId;

        var early = await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draftId}?asOf=2001-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        var future = await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draftId}/export?variant=clean&asOf={Iso(DateTimeOffset.UtcNow.AddYears(5))}");
        Assert.Equal(HttpStatusCode.Conflict, future.StatusCode);
        Assert.True((await future.ProblemAsync()).TryGetProperty("highWaterMark", out _));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-06-01")]
    [InlineData("2026-06-01T10:00:00")]
    [InlineData("-3")]
    public async Task A_malformed_as_of_is_400_naming_the_field_on_reads_and_exports(string asOf)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");

        foreach (var path in new[] { $"/drafts/{workstream.DraftId}", $"/drafts/{workstream.DraftId}/export?variant=clean&" })
        {
            var separator = path.EndsWith('&') ? "" : "?";
            var response = await chair.Client.GetAsync($"/api/groups/{groupId}{path}{separator}asOf={Uri.EscapeDataString(asOf)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("asOf", out _), await response.Content.ReadAsStringAsync());
        }
    }
}
