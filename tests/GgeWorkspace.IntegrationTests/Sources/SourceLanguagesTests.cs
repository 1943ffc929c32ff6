using System.Net;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Sources;

public sealed class SourceLanguagesTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    /// <summary>
    /// An English version of three replies written for the test: Brunei Darussalam's and Ukraine's align paragraph for paragraph,
    /// Lebanon's lacks its fourth paragraph. Text outside Latin script (Chinese, Arabic, an emoji) must come back byte for byte.
    /// </summary>
    private static readonly object English = new
    {
        symbol = "A/72/304",
        language = "en",
        title = "Nuclear disarmament verification (test version)",
        official = false,
        note = "Written for the test.",
        replies = new object[]
        {
            new
            {
                code = "BRN", submitter = "Brunei Darussalam",
                sections = new[] { new { heading = (string?)null, paragraphs = new[] { "Brunei Darussalam supports disarmament efforts.", "It signed and ratified the Comprehensive Nuclear-Test-Ban Treaty (《全面禁止核试验条约》).", "It will continue its efforts 🕊️ on the international stage." } } },
            },
            new
            {
                code = "UKR", submitter = "Ukraine",
                sections = new[] { new { heading = (string?)null, paragraphs = new[] { "Ukraine supports the work of the IAEA.", "Since 1995, Ukraine has applied its agreement with the IAEA.", "Progress depends on the entry into force of the Treaty." } } },
            },
            new
            {
                code = "LBN", submitter = "لبنان",
                sections = new[] { new { heading = (string?)null, paragraphs = new[] { "The Ministry of Defence of Lebanon affirms:", "لا يملك لبنان أسلحة نووية ولا ينتجها.", "Lebanon supports every initiative for nuclear disarmament." } } },
            },
        },
    };

    private async Task<(Guid GroupId, DraftingApi Secretariat, SourceImportResult Import)> GroupWithSourcesAsync()
    {
        var groupId = await api.CreateDemoGroupAsync($"GGE {Guid.NewGuid():N}");
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var import = await DraftingApi.Read<SourceImportResult>(await secretariat.Send(HttpMethod.Post, "/sources/import", new { builtIn = "A/72/304" }));
        return (groupId, secretariat, import);
    }

    private async Task<(Guid GroupId, DraftingApi Secretariat, Guid DocumentId, LanguageVersionImportResult English)> GroupWithEnglishAsync()
    {
        var (groupId, secretariat, import) = await GroupWithSourcesAsync();
        var response = await secretariat.Send(HttpMethod.Post, $"/sources/{import.DocumentId}/languages/en", English);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (groupId, secretariat, import.DocumentId, await DraftingApi.Read<LanguageVersionImportResult>(response));
    }

    [Fact]
    public async Task The_Secretariat_imports_a_language_version_and_the_answer_reports_what_did_not_align()
    {
        var (groupId, secretariat, documentId, imported) = await GroupWithEnglishAsync();

        Assert.Equal(("A/72/304", "en", false, true, 3, 9), (imported.Symbol, imported.Language, imported.Official, imported.Imported, imported.Replies, imported.Paragraphs));
        var lebanon = Assert.Single(imported.Unaligned, g => g.Code == "LBN");
        Assert.Equal((AlignmentGapKind.ParagraphMissing, (int?)4), (lebanon.Kind, lebanon.Ordinal));
        Assert.Equal(24, imported.Unaligned.Count(g => g.Kind == AlignmentGapKind.ReplyMissing));

        var again = await secretariat.Send(HttpMethod.Post, $"/sources/{documentId}/languages/en", English);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await DraftingApi.Read<LanguageVersionImportResult>(again)).Imported);

        var observer = api.ClientFor("demo-observer");
        var documents = await DraftingApi.Read<List<SourceDocumentSummary>>(await observer.GetAsync($"/api/groups/{groupId}/sources"));
        Assert.Equal(["zh", "en"], Assert.Single(documents).Languages);
        var languages = await DraftingApi.Read<List<SourceLanguageSummary>>(await observer.GetAsync($"/api/groups/{groupId}/sources/{documentId}/languages"));
        Assert.Equal([("zh", true, true), ("en", false, false)], languages.Select(l => (l.Language, l.Official, l.Original)));
        Assert.Equal(imported.Unaligned, languages[1].Unaligned);
    }

    [Fact]
    public async Task Members_read_replies_in_English_and_Chinese_and_missing_text_is_marked()
    {
        var (groupId, _, documentId, _) = await GroupWithEnglishAsync();
        var expert = api.ClientFor("demo-expert-can");
        string Reply(string code, string? language) =>
            $"/api/groups/{groupId}/sources/{documentId}/replies/{code}" + (language is null ? "" : $"?language={language}");

        var brunei = await DraftingApi.Read<ReplyView>(await expert.GetAsync(Reply("BRN", "en")));
        Assert.Equal(("en", false, "Brunei Darussalam", false), (brunei.Language, brunei.Official, brunei.Submitter, brunei.Missing));
        Assert.Equal("It signed and ratified the Comprehensive Nuclear-Test-Ban Treaty (《全面禁止核试验条约》).", brunei.Paragraphs[1].Text);
        Assert.Equal("It will continue its efforts 🕊️ on the international stage.", brunei.Paragraphs[2].Text);
        Assert.Equal("A/72/304:BRN:2", brunei.Paragraphs[1].Id);

        var lebanon = await DraftingApi.Read<ReplyView>(await expert.GetAsync(Reply("LBN", "en")));
        Assert.Equal(("لبنان", "لا يملك لبنان أسلحة نووية ولا ينتجها."), (lebanon.Submitter, lebanon.Paragraphs[1].Text));
        Assert.Equal(((string?)null, true), (lebanon.Paragraphs[3].Text, lebanon.Paragraphs[3].Missing));

        var argentina = await DraftingApi.Read<ReplyView>(await expert.GetAsync(Reply("ARG", "en")));
        Assert.True(argentina.Missing);
        Assert.All(argentina.Paragraphs, p => Assert.True(p.Missing));

        var chinese = await DraftingApi.Read<ReplyView>(await expert.GetAsync(Reply("BRN", "zh")));
        var original = SourceDocumentReader.Read(SourceDocumentReader.EmbeddedText()).Replies.Single(r => r.Code == "BRN");
        Assert.Equal(("zh", true, "文莱达鲁萨兰国"), (chinese.Language, chinese.Official, chinese.Submitter));
        Assert.Equal(original.Paragraphs.Select(p => p.Text), chinese.Paragraphs.Select(p => p.Text));
        var unasked = await DraftingApi.Read<ReplyView>(await expert.GetAsync(Reply("BRN", null)));
        Assert.Equal(chinese.Paragraphs.Select(p => p.Text), unasked.Paragraphs.Select(p => p.Text));

        var replies = await DraftingApi.Read<List<ReplySummary>>(await expert.GetAsync($"/api/groups/{groupId}/sources/{documentId}/replies?language=en"));
        Assert.Equal(["BRN", "LBN", "UKR"], replies.Where(r => !r.Missing).Select(r => r.Code).Order());
        Assert.All(replies, r => Assert.Equal(("en", false), (r.Language, r.Official)));
    }

    [Fact]
    public async Task A_language_the_document_is_not_held_in_is_404_and_one_that_is_no_UN_language_400()
    {
        var (groupId, secretariat, documentId, _) = await GroupWithEnglishAsync();
        var expert = api.ClientFor("demo-expert-can");

        var french = await expert.GetAsync($"/api/groups/{groupId}/sources/{documentId}/replies/CAN?language=fr");
        Assert.Equal(HttpStatusCode.NotFound, french.StatusCode);
        Assert.Contains("zh, en", (await DraftingApi.Problem(french)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var klingon = await expert.GetAsync($"/api/groups/{groupId}/sources/{documentId}/replies?language=tlh");
        Assert.Equal(HttpStatusCode.BadRequest, klingon.StatusCode);
        Assert.True((await DraftingApi.Problem(klingon)).GetProperty("errors").TryGetProperty("language", out _));

        var report = await secretariat.CreateReport();
        var section = await secretariat.AddSection(report.Id, "Introduction");
        var paragraph = await secretariat.AddParagraph(report.Id, section, "The Group met in Geneva.");
        Assert.Equal(HttpStatusCode.NotFound,
            (await expert.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations?language=ru")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await expert.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage?language=EN")).StatusCode);

        // Importing: the path names one of the six, the body agrees with it, and says whether the version is official.
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.Send(HttpMethod.Post, $"/sources/{documentId}/languages/de", English)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.Send(HttpMethod.Post, $"/sources/{documentId}/languages/fr", English)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.Send(HttpMethod.Post, $"/sources/{documentId}/languages/zh",
            new { language = "zh", official = true, replies = new[] { new { code = "CAN", sections = Array.Empty<object>() } } })).StatusCode);
        var unsaid = await secretariat.Send(HttpMethod.Post, $"/sources/{documentId}/languages/ru", new { replies = new[] { new { code = "CAN", sections = Array.Empty<object>() } } });
        Assert.Equal(HttpStatusCode.BadRequest, unsaid.StatusCode);
        Assert.True((await DraftingApi.Problem(unsaid)).GetProperty("errors").TryGetProperty("official", out _));
    }

    [Fact]
    public async Task Experts_and_Observers_may_not_import_and_another_groups_document_is_404()
    {
        var (groupId, _, documentId, _) = await GroupWithEnglishAsync();
        var (otherGroupId, _, otherImport) = await GroupWithSourcesAsync();

        foreach (var sub in new[] { "demo-expert-can", "demo-observer" })
            Assert.Equal(HttpStatusCode.Forbidden,
                (await new DraftingApi(api.ClientFor(sub), groupId).Send(HttpMethod.Post, $"/sources/{documentId}/languages/en", English)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await new DraftingApi(api.ClientFor("someone-else"), groupId).Send(HttpMethod.Post, $"/sources/{documentId}/languages/en", English)).StatusCode);

        // The other group's document, named under this group: not found, whether importing or reading.
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.Send(HttpMethod.Post, $"/sources/{otherImport.DocumentId}/languages/en", English)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.Client.GetAsync($"/api/groups/{groupId}/sources/{otherImport.DocumentId}/languages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await secretariat.Client.GetAsync($"/api/groups/{groupId}/sources/{otherImport.DocumentId}/replies/BRN?language=zh")).StatusCode);
        // The other group holds no English version: its reads in English are 404.
        Assert.Equal(HttpStatusCode.NotFound,
            (await secretariat.Client.GetAsync($"/api/groups/{otherGroupId}/sources/{otherImport.DocumentId}/replies/BRN?language=en")).StatusCode);
    }

    [Fact]
    public async Task Citations_and_coverage_read_the_cited_text_in_the_language_asked_for()
    {
        var (groupId, _, _, _) = await GroupWithEnglishAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var expert = new DraftingApi(api.ClientFor("demo-expert-mex"), groupId);
        var report = await chair.CreateReport();
        var section = await chair.AddSection(report.Id, "Introduction");
        var paragraph = await expert.AddParagraph(report.Id, section, "Several States support the Treaty.");
        await expert.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations", new { sourceParagraphId = "A/72/304:BRN:2" });
        await expert.Send(HttpMethod.Post, $"/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations", new { sourceParagraphId = "A/72/304:LBN:4" });
        var reader = api.ClientFor("demo-observer");

        var citations = await DraftingApi.Read<ParagraphCitationsView>(
            await reader.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations?language=en"));
        Assert.Equal("en", citations.Language);
        Assert.Equal(
            new (string, string?, string?, bool)[]
            {
                ("A/72/304:BRN:2", "Brunei Darussalam", "It signed and ratified the Comprehensive Nuclear-Test-Ban Treaty (《全面禁止核试验条约》).", false),
                ("A/72/304:LBN:4", "لبنان", null, true),
            },
            citations.Texts!.Select(t => (t.SourceParagraphId, t.Submitter, t.Text, t.Missing)));
        Assert.All(citations.Texts!, t => Assert.False(t.Official));
        var plain = await DraftingApi.Read<ParagraphCitationsView>(
            await reader.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations"));
        Assert.Null(plain.Texts);

        var coverage = await DraftingApi.Read<CoverageReport>(await reader.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage?language=en"));
        Assert.Equal("en", coverage.Language);
        var brunei = coverage.Submitters.Single(s => s.Code == "BRN");
        Assert.Equal("Brunei Darussalam", brunei.Submitter);
        Assert.Contains(Assert.Single(brunei.Paragraphs).Texts!, t => t.SourceParagraphId == "A/72/304:BRN:2" && !t.Missing);
        Assert.Null(coverage.Submitters.Single(s => s.Code == "ARG").Submitter);
        var chinese = await DraftingApi.Read<CoverageReport>(await reader.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage?language=zh"));
        Assert.Equal("文莱达鲁萨兰国", chinese.Submitters.Single(s => s.Code == "BRN").Submitter);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/groups/{groupId}/drafts/{report.Id}/coverage?language=ar")).StatusCode);
    }
}
