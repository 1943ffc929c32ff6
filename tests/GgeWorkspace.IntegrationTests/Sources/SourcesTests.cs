using System.Net;
using System.Net.Http.Json;
using System.Text;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Sources;

public sealed class SourcesTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static readonly object BuiltIn = new { builtIn = "A/72/304" };

    private async Task<(Guid GroupId, SourceImportResult Import)> GroupWithSourcesAsync()
    {
        var groupId = await api.CreateDemoGroupAsync($"GGE {Guid.NewGuid():N}");
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var import = await DraftingApi.Read<SourceImportResult>(await secretariat.Send(HttpMethod.Post, "/sources/import", BuiltIn));
        return (groupId, import);
    }

    [Fact]
    public async Task Importing_the_same_text_again_changes_nothing()
    {
        var groupId = await api.CreateDemoGroupAsync($"GGE {Guid.NewGuid():N}");
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);

        var first = await secretariat.Send(HttpMethod.Post, "/sources/import", BuiltIn);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var imported = await DraftingApi.Read<SourceImportResult>(first);
        Assert.True(imported.Imported);
        Assert.Equal(27, imported.Replies);

        var again = await secretariat.Send(HttpMethod.Post, "/sources/import", BuiltIn);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await DraftingApi.Read<SourceImportResult>(again)).Imported);

        var asText = await secretariat.Client.PostAsync($"/api/groups/{groupId}/sources/import",
            new StringContent(SourceDocumentReader.EmbeddedText(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, asText.StatusCode);

        var documents = await DraftingApi.Read<List<SourceDocumentSummary>>(await secretariat.Client.GetAsync($"/api/groups/{groupId}/sources"));
        var document = Assert.Single(documents);
        Assert.Equal("A/72/304", document.Symbol);
        Assert.Equal(1, document.Version);
    }

    [Fact]
    public async Task Members_read_replies_and_paragraphs_with_stable_ids()
    {
        var (groupId, import) = await GroupWithSourcesAsync();
        var observer = api.ClientFor("demo-observer");

        var replies = await DraftingApi.Read<List<ReplySummary>>(await observer.GetAsync($"/api/groups/{groupId}/sources/{import.DocumentId}/replies"));
        Assert.Equal(27, replies.Count);
        var canada = replies.Single(r => r.Code == "CAN");
        Assert.Equal("加拿大", canada.Submitter);
        Assert.Equal("Canada", canada.SubmitterEnglish);
        Assert.Equal("en", canada.OriginalLanguage);
        Assert.Equal("EU", replies[^1].Code);

        var reply = await DraftingApi.Read<ReplyView>(await observer.GetAsync($"/api/groups/{groupId}/sources/{import.DocumentId}/replies/CAN"));
        Assert.Equal(canada.Paragraphs, reply.Paragraphs.Count);
        Assert.Equal("A/72/304:CAN:1", reply.Paragraphs[0].Id);
        Assert.Equal(Enumerable.Range(1, reply.Paragraphs.Count), reply.Paragraphs.Select(p => p.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, (await observer.GetAsync($"/api/groups/{groupId}/sources/{import.DocumentId}/replies/XYZ")).StatusCode);
    }

    [Fact]
    public async Task Non_members_get_404_and_observers_403_on_every_write()
    {
        var (groupId, import) = await GroupWithSourcesAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var report = await chair.CreateReport();
        var section = await chair.AddSection(report.Id, "Introduction");
        var paragraph = await chair.AddParagraph(report.Id, section, "The Group met in Geneva.");

        var outsider = new DraftingApi(api.ClientFor("someone-else"), groupId);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/api/groups/{groupId}/sources")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Send(HttpMethod.Post, "/sources/import", BuiltIn)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage")).StatusCode);

        var observer = new DraftingApi(api.ClientFor("demo-observer"), groupId);
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.Send(HttpMethod.Post, "/sources/import", BuiltIn)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await observer.Send(HttpMethod.Post, $"/workstreams/{workstream.Id}/sources", new { sourceParagraphId = "A/72/304:GBR:3" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await observer.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations", new { sourceParagraphId = "A/72/304:CAN:1" })).StatusCode);
        // The role is checked before the input: an Expert may not import even a valid request, nor an Observer an invalid one.
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.Send(HttpMethod.Post, "/sources/import", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await new DraftingApi(api.ClientFor("demo-expert-can"), groupId).Send(HttpMethod.Post, "/sources/import", BuiltIn)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await observer.Client.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await observer.Client.GetAsync($"/api/groups/{groupId}/sources/{import.DocumentId}/replies")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_400()
    {
        var (groupId, _) = await GroupWithSourcesAsync();
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var workstream = await secretariat.CreateWorkstream("Gap analysis", "gap analysis");
        var report = await secretariat.CreateReport();
        var section = await secretariat.AddSection(report.Id, "Gap analysis");
        var paragraph = await secretariat.AddParagraph(report.Id, section, "The Group analysed the gaps.");

        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.Send(HttpMethod.Post, "/sources/import", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.Send(HttpMethod.Post, "/sources/import", new { builtIn = "A/1/1" })).StatusCode);
        var noReplies = await secretariat.Send(HttpMethod.Post, "/sources/import", new { text = "Nothing here looks like a reply." });
        Assert.Equal(HttpStatusCode.BadRequest, noReplies.StatusCode);
        Assert.True((await DraftingApi.Problem(noReplies)).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.BadRequest,
            (await secretariat.Send(HttpMethod.Post, $"/workstreams/{workstream.Id}/sources", new { sourceParagraphId = "Canada, paragraph 3" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await secretariat.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations", new { sourceParagraphId = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await secretariat.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations", new { sourceParagraphId = "A/72/304:CAN:999" })).StatusCode);
    }

    [Fact]
    public async Task Secretariat_links_and_unlinks_reply_paragraphs_to_a_workstream()
    {
        var (groupId, _) = await GroupWithSourcesAsync();
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var workstream = await secretariat.CreateWorkstream("Review past United Nations work on verification", "review of past UN work");

        var linked = await DraftingApi.Read<WorkstreamSourcesView>(await secretariat.Send(HttpMethod.Post, $"/workstreams/{workstream.Id}/sources",
            new { sourceParagraphId = "A/72/304:CAN:5", evidence = "审查联合国以往在核查领域的工作" }));
        var link = Assert.Single(linked.Sources);
        Assert.Equal(("CAN", "Canada", "审查联合国以往在核查领域的工作"), (link.Code, link.SubmitterEnglish, link.Evidence));

        var twice = await DraftingApi.Read<WorkstreamSourcesView>(await secretariat.Send(HttpMethod.Post, $"/workstreams/{workstream.Id}/sources",
            new { sourceParagraphId = "A/72/304:CAN:5" }));
        Assert.Single(twice.Sources);
        Assert.Equal(linked.Version, twice.Version);

        var byDefault = await DraftingApi.Read<WorkstreamSourcesView>(await secretariat.Send(HttpMethod.Post, $"/workstreams/{workstream.Id}/sources",
            new { sourceParagraphId = "A/72/304:CAN:6" }));
        Assert.False(string.IsNullOrWhiteSpace(byDefault.Sources[1].Evidence));

        var removed = await DraftingApi.Read<WorkstreamSourcesView>(await secretariat.Send(HttpMethod.Delete, $"/workstreams/{workstream.Id}/sources/A/72/304:CAN:5"));
        Assert.Equal(["A/72/304:CAN:6"], removed.Sources.Select(s => s.SourceParagraphId));
        // Removing it again is idempotent: nothing changes.
        var again = await DraftingApi.Read<WorkstreamSourcesView>(await secretariat.Send(HttpMethod.Delete, $"/workstreams/{workstream.Id}/sources/A/72/304:CAN:5"));
        Assert.Equal(["A/72/304:CAN:6"], again.Sources.Select(s => s.SourceParagraphId));
        Assert.Equal(HttpStatusCode.NotFound,
            (await secretariat.Send(HttpMethod.Post, $"/workstreams/{workstream.Id}/sources", new { sourceParagraphId = "A/72/304:CAN:999" })).StatusCode);

        var read = await DraftingApi.Read<WorkstreamSourcesView>(await api.ClientFor("demo-observer").GetAsync($"/api/groups/{groupId}/workstreams/{workstream.Id}/sources"));
        Assert.Equal(removed.Sources, read.Sources);
    }

    [Fact]
    public async Task Citations_make_coverage_and_removing_them_undoes_it()
    {
        var (groupId, _) = await GroupWithSourcesAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var report = await chair.CreateReport();
        var section = await chair.AddSection(report.Id, "Introduction");
        await chair.AddParagraph(report.Id, section, "The Group was established by resolution 71/67.");
        var expert = new DraftingApi(api.ClientFor("demo-expert-mex"), groupId);
        var second = await expert.AddParagraph(report.Id, section, "Verification needs the participation of all States.");

        var cited = await DraftingApi.Read<ParagraphCitationsView>(await expert.Send(HttpMethod.Post,
            $"/drafts/{report.Id}/paragraphs/{second.Id}/citations", new { sourceParagraphId = "A/72/304:CAN:1" }));
        Assert.Equal("CAN", Assert.Single(cited.Citations).Code);
        await expert.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs/{second.Id}/citations", new { sourceParagraphId = "A/72/304:MEX:2" });

        var coverage = await DraftingApi.Read<CoverageReport>(await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage"));
        Assert.Equal(27, coverage.Submitters.Count);
        var canada = coverage.Submitters.Single(s => s.Code == "CAN");
        Assert.True(canada.Reflected);
        var covering = Assert.Single(canada.Paragraphs);
        Assert.Equal((second.Id, 2), (covering.ParagraphId, covering.Number));
        Assert.Equal(25, coverage.NotReflected.Count);
        Assert.Contains("BDI", coverage.NotReflected);
        Assert.DoesNotContain("MEX", coverage.NotReflected);

        var removed = await expert.Send(HttpMethod.Delete, $"/drafts/{report.Id}/paragraphs/{second.Id}/citations/A/72/304:CAN:1");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        coverage = await DraftingApi.Read<CoverageReport>(await chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage"));
        Assert.Contains("CAN", coverage.NotReflected);
        Assert.Contains("CAN", coverage.NotReflectedInGroup);
    }
}
