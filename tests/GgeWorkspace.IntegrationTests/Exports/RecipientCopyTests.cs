using System.Net;
using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Packaging;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Exports;

using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

public sealed class RecipientCopyTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private sealed record Room(DraftingApi Chair, DraftingApi Secretariat, Guid DraftId)
    {
        public Guid GroupId => Chair.GroupId;

        public string Copies => $"/drafts/{DraftId}/exports/recipient-copies";
    }

    private async Task<Room> OpenAsync()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var draft = await chair.CreateReport();
        var section = await chair.AddSection(draft.Id, "Introduction");
        await chair.AddParagraph(draft.Id, section, "The Group met in Geneva.");
        (await chair.Send(HttpMethod.Post, $"/drafts/{draft.Id}/revisions", new { note = "For the first reading." })).EnsureSuccessStatusCode();
        return new Room(chair, new DraftingApi(api.ClientFor("demo-secretariat"), groupId), draft.Id);
    }

    private static async Task<byte[]> Bytes(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task The_Secretariat_prepares_a_copy_for_Canada_named_in_its_header_and_properties_and_the_activity_feed_says_who_prepared_what_for_whom()
    {
        var room = await OpenAsync();

        var response = await room.Secretariat.Send(HttpMethod.Post, room.Copies, new { delegation = "CAN", variant = "clean", format = "docx", revision = 0 });
        var bytes = await Bytes(response);

        Assert.Equal(DocxExporter.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("_zero-draft_clean_for-Canada.docx", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        using (var docx = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var header = string.Concat(docx.MainDocumentPart!.HeaderParts.Single().Header!.Descendants<Text>().Select(t => t.Text));
            Assert.Contains("Prepared for the delegation of Canada", header, StringComparison.Ordinal);
            Assert.Equal("Prepared for the delegation of Canada", docx.PackageProperties.Description);
            Assert.Contains(docx.CustomFilePropertiesPart!.Properties!.Elements<CustomDocumentProperty>(), p => p.Name == "Prepared for" && p.InnerText == "Canada");
        }

        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var feed = await DraftingApi.Read<List<ActivityEntry>>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/activity"));
        var entry = Assert.Single(feed, e => e.Kind == "recipient_copy_prepared");
        Assert.Equal("demo-secretariat", entry.Actor);
        Assert.Equal("Zero draft, clean, docx, for the delegation of Canada", entry.Detail);
    }

    [Fact]
    public async Task A_delegation_that_is_not_a_State_of_the_Group_is_400_listing_the_delegations_of_the_Group()
    {
        var room = await OpenAsync();

        var response = await room.Chair.Send(HttpMethod.Post, room.Copies, new { delegation = "FRA", variant = "clean", format = "docx" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await DraftingApi.Problem(response)).GetProperty("errors").GetProperty("delegation")[0].GetString()!;
        Assert.Contains("'FRA' is not a delegation of this Group", message, StringComparison.Ordinal);
        Assert.Contains("CAN, CHN, GBR, MEX, NOR, USA", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_Chair_and_the_Secretariat_prepare_copies_and_a_non_member_learns_nothing()
    {
        var room = await OpenAsync();
        var body = new { delegation = "CAN", variant = "clean", format = "docx" };

        Assert.Equal(HttpStatusCode.OK, (await room.Chair.Send(HttpMethod.Post, room.Copies, body)).StatusCode);
        foreach (var (sub, status) in new[] { ("demo-expert-can", HttpStatusCode.Forbidden), ("demo-observer", HttpStatusCode.Forbidden), ("a-stranger", HttpStatusCode.NotFound) })
        {
            var caller = new DraftingApi(api.ClientFor(sub), room.GroupId);
            Assert.Equal(status, (await caller.Send(HttpMethod.Post, room.Copies, body)).StatusCode);
        }
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_returns_the_same_copy_and_records_it_once()
    {
        var room = await OpenAsync();
        var body = new { delegation = "CHN", variant = "negotiation", format = "md" };

        var first = await room.Secretariat.Send(HttpMethod.Post, room.Copies, body, idempotencyKey: "copy-for-china");
        var again = await room.Secretariat.Send(HttpMethod.Post, room.Copies, body, idempotencyKey: "copy-for-china");
        var other = await room.Secretariat.Send(HttpMethod.Post, room.Copies, body with { delegation = "MEX" }, idempotencyKey: "copy-for-china");

        Assert.Equal(await Bytes(first), await Bytes(again));
        Assert.Equal(first.Headers.GetValues("X-Recipient-Copy-Id"), again.Headers.GetValues("X-Recipient-Copy-Id"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        await using var session = api.Store.QuerySession();
        var log = await session.Events.FetchStreamAsync(RevisionLog.StreamIdFor(room.DraftId));
        Assert.Single(log, e => e.Data is RecipientCopyPrepared);
    }

    [Fact]
    public async Task Revisions_stay_readable_by_number_and_the_draft_now_stays_the_same_file_when_copies_were_prepared_between_them()
    {
        var room = await OpenAsync();
        var before = await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}/export?format=md");
        (await room.Chair.Send(HttpMethod.Post, room.Copies, new { delegation = "USA", variant = "clean", format = "docx" })).EnsureSuccessStatusCode();
        var after = await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}/export?format=md");
        Assert.Equal(await Bytes(before), await Bytes(after));

        (await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/revisions", new { note = "After the copy." })).EnsureSuccessStatusCode();

        var rev1 = await DraftingApi.Read<RevisionView>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}/revisions/1"));
        Assert.Equal("Rev.1", rev1.Label);
        var revisions = await DraftingApi.Read<List<RevisionSummary>>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}/revisions"));
        Assert.Equal(["Zero draft", "Rev.1"], revisions.Select(r => r.Label));
        (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}/redline?from=0&to=1")).EnsureSuccessStatusCode();
    }
}
