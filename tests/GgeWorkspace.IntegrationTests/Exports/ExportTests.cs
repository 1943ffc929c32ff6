using System.Net;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;
using DocxParagraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace GgeWorkspace.IntegrationTests.Exports;

using Text = DocumentFormat.OpenXml.Wordprocessing.Text;

public sealed class ExportTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Hostile = "<script>alert(1)</script> & ]]> =cmd|' /C calc'!A0 \u202Egnp.exe\u202C \U0001F600 \U00020BB7";
    private const string Arabic = "يؤكد الفريق على أهمية التحقق في نزع السلاح النووي.";
    private const string Chinese = "专家组强调核查在核裁军中的作用，并注意到（a）技术挑战；（b）能力建设。";
    private static readonly XNamespace Akn = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    private sealed record Report(DraftingApi Chair, DraftingApi Secretariat, Guid DraftId, ParagraphView First, ParagraphView Hostile, ParagraphView Arabic, ParagraphView Chinese)
    {
        public Guid GroupId => Chair.GroupId;
    }

    private async Task<Report> CreateReport()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var draft = await chair.CreateReport();
        var section = await chair.AddSection(draft.Id, "Introduction");
        var first = await chair.AddParagraph(draft.Id, section, "The Group met in Geneva.");
        var hostile = await chair.AddParagraph(draft.Id, section, Hostile, first.Id);
        var subSection = await chair.AddSection(draft.Id, "Views of Member States", section);
        var arabic = await chair.AddParagraph(draft.Id, subSection, Arabic);
        var chinese = await chair.AddParagraph(draft.Id, subSection, Chinese, arabic.Id);
        return new Report(chair, secretariat, draft.Id, first, hostile, arabic, chinese);
    }

    /// <summary>Issues the next revision as the revisions feature will: the decision's event appended to the draft's revision log.</summary>
    private async Task IssueRevision(Report report, int number)
    {
        await using var session = api.Store.LightweightSession();
        var draft = (await session.LoadAsync<Draft>(report.DraftId))!;
        var ids = draft.Sections.SelectMany(s => s.Paragraphs).Select(p => p.ParagraphId).ToArray();
        var paragraphs = (await session.LoadManyAsync<GgeWorkspace.Api.Drafts.Paragraph>(ids)).ToDictionary(p => p.Id);
        var streams = ids.Append(report.DraftId).ToArray();
        var sequence = await session.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId)).MaxAsync(e => e.Sequence);
        var log = number == 0 ? null : new RevisionLog(RevisionLog.StreamIdFor(report.DraftId), report.GroupId, report.DraftId,
            [.. Enumerable.Range(0, number).Select(n => new RevisionSummary(Guid.NewGuid(), n, RevisionLog.LabelFor(n), DateTimeOffset.UtcNow, 0, null))]);
        var events = RevisionDecisions.Issue(new IssueRevision(report.DraftId, Guid.CreateVersion7()), log, draft, paragraphs, sequence,
            new Actor("demo-chair", MemberRole.Chair, "NOR"), DateTimeOffset.UtcNow);
        session.SetHeader(EventHeaders.Actor, "demo-chair");
        session.SetHeader(EventHeaders.ActorName, "Ingrid Halvorsen");
        session.Events.Append(RevisionLog.StreamIdFor(report.DraftId), events);
        await session.SaveChangesAsync();
    }

    private static async Task<ParagraphView> ReplaceText(DraftingApi member, Report report, ParagraphView paragraph, string text) =>
        await DraftingApi.Read<ParagraphView>(await member.Send(HttpMethod.Put, $"/drafts/{report.DraftId}/paragraphs/{paragraph.Id}/text",
            new { text }, paragraph.TextVersion));

    private static Task<HttpResponseMessage> Export(DraftingApi member, Report report, string query) =>
        member.Client.GetAsync($"/api/groups/{report.GroupId}/drafts/{report.DraftId}/export?{query}");

    private static async Task<byte[]> Bytes(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), false);

    private static void AssertValid(byte[] docx, string what)
    {
        using var document = Open(docx);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{what}: {e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    private static List<string> BodyTexts(byte[] docx)
    {
        using var document = Open(docx);
        return [.. document.MainDocumentPart!.Document!.Body!.Elements<DocxParagraph>()
            .Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text)))];
    }

    private static XDocument AknOf(byte[] xml) => XDocument.Load(new MemoryStream(xml));

    [Fact]
    public async Task Every_variant_at_every_kind_of_version_exports_a_docx_the_OpenXml_validator_accepts()
    {
        var report = await CreateReport();
        await IssueRevision(report, 0);
        await ReplaceText(report.Chair, report, report.First, "The Group met in New York.");
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var sequence = long.Parse((await Export(report.Chair, report, "format=akn&variant=negotiation")).Headers.GetValues("X-Event-Sequence").Single());

        string[] queries =
        [
            "variant=clean", "variant=negotiation", "variant=compilation", "variant=chairs-text", "variant=redline&against=0",
            "variant=clean&revision=0", "variant=compilation&revision=0", $"variant=negotiation&asOf={sequence}", $"variant=redline&against=0&asOf={sequence}",
        ];
        foreach (var query in queries)
        {
            var response = await Export(report.Chair, report, "format=docx&" + query);
            AssertValid(await Bytes(response), query);
            Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task A_redline_docx_shows_the_insertions_and_deletions_of_two_members_with_their_times()
    {
        var report = await CreateReport();
        await IssueRevision(report, 0);
        var byChair = await ReplaceText(report.Chair, report, report.First, "The Group met in New York.");
        await IssueRevision(report, 1);
        await ReplaceText(report.Secretariat, report, byChair, "The Group met in New York and online.");
        var hostile = await report.Chair.Paragraph(report.DraftId, report.Hostile.Id);
        await ReplaceText(report.Secretariat, report, hostile, Hostile.Replace("alert(1)", "", StringComparison.Ordinal));

        await using var session = api.Store.QuerySession();
        var changes = (await session.Events.FetchStreamAsync(report.First.Id)).Select(e => e.Data).OfType<ParagraphTextChanged>().ToList();
        var chairAt = changes.Single(c => c.AuthorSub == "demo-chair").ChangedAt.UtcDateTime;
        var secretariatAt = changes.Single(c => c.AuthorSub == "demo-secretariat").ChangedAt.UtcDateTime;

        var response = await Export(report.Chair, report, "format=docx&variant=redline&against=0");
        var docx = await Bytes(response);
        AssertValid(docx, "redline");

        using var document = Open(docx);
        var body = document.MainDocumentPart!.Document!.Body!;
        var marks = body.Descendants<InsertedRun>().Select(i => (Kind: "ins", Author: i.Author!.Value!, At: i.Date!.Value, Text: string.Concat(i.Descendants<Text>().Select(t => t.Text))))
            .Concat(body.Descendants<DeletedRun>().Select(d => (Kind: "del", Author: d.Author!.Value!, At: d.Date!.Value, Text: string.Concat(d.Descendants<DeletedText>().Select(t => t.Text)))))
            .ToList();
        static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

        Assert.Contains(marks, m => m.Kind == "del" && m.Author == "Chair (Ingrid Halvorsen)" && m.Text == "Geneva" && Seconds(m.At) == Seconds(chairAt));
        Assert.Contains(marks, m => m.Kind == "ins" && m.Author == "Chair (Ingrid Halvorsen)" && m.Text == "New York" && Seconds(m.At) == Seconds(chairAt));
        Assert.Contains(marks, m => m.Kind == "ins" && m.Author == "Secretariat (Daniel Okafor)" && m.Text.Contains("online", StringComparison.Ordinal) && Seconds(m.At) == Seconds(secretariatAt));
        Assert.Contains(marks, m => m.Kind == "del" && m.Author == "Secretariat (Daniel Okafor)" && m.Text.Contains("alert(1)", StringComparison.Ordinal));

        var againstRev1 = await Bytes(await Export(report.Chair, report, "format=docx&variant=redline&against=1"));
        using var sinceRev1 = Open(againstRev1);
        Assert.DoesNotContain(sinceRev1.MainDocumentPart!.Document!.Body!.Descendants<DeletedRun>(), d => d.InnerText.Contains("Geneva", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Akoma_Ntoso_exports_validate_against_the_schema_with_unique_eIds_and_wIds_stable_across_revisions()
    {
        var report = await CreateReport();
        await IssueRevision(report, 0);
        await ReplaceText(report.Chair, report, report.First, "The Group met in New York.");
        await report.Chair.AddParagraph(report.DraftId, (await report.Chair.Draft(report.DraftId)).Sections[0].Id, "A paragraph placed first.");
        await IssueRevision(report, 1);

        var rev0 = await Bytes(await Export(report.Chair, report, "format=akn&variant=negotiation&revision=0"));
        var rev1 = await Bytes(await Export(report.Chair, report, "format=akn&variant=negotiation&revision=1"));
        var redline = await Bytes(await Export(report.Chair, report, "format=akn&variant=redline&revision=1&against=0"));

        foreach (var xml in new[] { rev0, rev1, redline })
        {
            var document = XDocument.Load(new MemoryStream(xml), LoadOptions.None);
            document.Validate(AknExporter.Schema(), (_, e) => throw new XmlException(e.Message));
            Assert.Equal(Akn, document.Root!.Name.Namespace);
            var eIds = document.Descendants().Select(e => (string?)e.Attribute("eId")).OfType<string>().ToList();
            Assert.Equal(eIds.Count, eIds.Distinct().Count());
        }
        Dictionary<string, string> WIds(byte[] xml) => AknOf(xml).Descendants(Akn + "paragraph")
            .ToDictionary(p => (string)p.Attribute("wId")!, p => string.Concat(p.Descendants(Akn + "p").Select(x => x.Value)));
        var (before, after) = (WIds(rev0), WIds(rev1));
        Assert.Equal(AknExporter.ParagraphWId(report.First.Id), before.Keys.First());
        Assert.Subset(after.Keys.ToHashSet(), before.Keys.ToHashSet());
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Contains("Geneva", before[AknExporter.ParagraphWId(report.First.Id)], StringComparison.Ordinal);
        Assert.Contains("New York", after[AknExporter.ParagraphWId(report.First.Id)], StringComparison.Ordinal);
        Assert.Equal("1", AknOf(rev1).Descendants(Akn + "FRBRversionNumber").First().Attribute("value")!.Value);
    }

    [Fact]
    public async Task The_same_draft_as_of_the_same_sequence_exports_the_same_bytes_every_time()
    {
        var report = await CreateReport();
        await IssueRevision(report, 0);
        await ReplaceText(report.Chair, report, report.First, "The Group met in New York.");
        var now = await Export(report.Chair, report, "format=docx&variant=negotiation");
        var nowBytes = await Bytes(now);
        var sequence = long.Parse(now.Headers.GetValues("X-Event-Sequence").Single());
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await ReplaceText(report.Chair, report, await report.Chair.Paragraph(report.DraftId, report.First.Id), "A later text.");

        foreach (var format in new[] { "docx", "akn", "md", "html" })
            foreach (var variant in new[] { "negotiation", "clean", "compilation", "redline&against=0" })
            {
                var query = $"format={format}&variant={variant}&asOf={sequence}";
                var first = await Bytes(await Export(report.Chair, report, query));
                var second = await Bytes(await Export(report.Chair, report, query));
                Assert.Equal(first, second);
            }
        Assert.Equal(nowBytes, await Bytes(await Export(report.Chair, report, $"format=docx&variant=negotiation&asOf={sequence}")));
        Assert.Equal(await Bytes(await Export(report.Chair, report, "format=docx&revision=0")), await Bytes(await Export(report.Chair, report, "format=docx&revision=0")));
    }

    [Fact]
    public async Task Hostile_text_stays_text_and_Arabic_and_Chinese_come_back_exactly()
    {
        var report = await CreateReport();

        var texts = BodyTexts(await Bytes(await Export(report.Chair, report, "format=docx&variant=clean")));
        Assert.Contains(texts, t => t.Contains(Hostile, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(Arabic, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(Chinese, StringComparison.Ordinal));
        using (var docx = Open(await Bytes(await Export(report.Chair, report, "format=docx&variant=negotiation"))))
        {
            var arabic = docx.MainDocumentPart!.Document!.Body!.Elements<DocxParagraph>().Single(p => p.InnerText.Contains(Arabic[..10], StringComparison.Ordinal));
            Assert.NotNull(arabic.ParagraphProperties?.BiDi);
        }

        var akn = AknOf(await Bytes(await Export(report.Chair, report, "format=akn&variant=clean")));
        var paragraphs = akn.Descendants(Akn + "paragraph").Select(p => string.Concat(p.Descendants(Akn + "p").Select(x => x.Value))).ToList();
        Assert.Contains(paragraphs, p => p.Contains(Hostile, StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains(Arabic, StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains(Chinese, StringComparison.Ordinal));
        Assert.DoesNotContain(akn.Descendants(), e => e.Name.LocalName == "script");

        var html = System.Text.Encoding.UTF8.GetString(await Bytes(await Export(report.Chair, report, "format=html&variant=clean")));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains(Chinese, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_member_exports_every_variant_as_they_read_it_and_non_members_learn_nothing()
    {
        var report = await CreateReport();
        var observer = new DraftingApi(api.ClientFor("demo-observer"), report.GroupId);
        var expert = new DraftingApi(api.ClientFor("demo-expert-can"), report.GroupId);
        var stranger = new DraftingApi(api.ClientFor("someone-else"), report.GroupId);

        Assert.Equal(HttpStatusCode.OK, (await Export(observer, report, "variant=negotiation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(observer, report, "variant=compilation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(expert, report, "variant=negotiation&format=md")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(observer, report, "variant=clean")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(observer, report, "variant=chairs-text&format=html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(expert, report, "variant=clean&format=akn")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(report.Secretariat, report, "variant=clean")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(report.Chair, report, "variant=chairs-text")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Export(stranger, report, "variant=negotiation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Export(stranger, report, "variant=clean")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Export(stranger, report, "variant=bogus")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync($"/api/groups/{report.GroupId}/drafts/{report.DraftId}/export")).StatusCode);
        var otherDraft = await api.ClientFor("demo-chair").GetAsync($"/api/groups/{report.GroupId}/drafts/{Guid.NewGuid()}/export?variant=negotiation");
        Assert.Equal(HttpStatusCode.NotFound, otherDraft.StatusCode);
    }

    [Fact]
    public async Task An_export_is_a_download_with_its_content_type_and_file_name()
    {
        var report = await CreateReport();
        await IssueRevision(report, 0);

        var response = await Export(report.Chair, report, "format=akn&variant=negotiation&revision=0");

        Assert.Equal("application/akn+xml", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("GGE-NDV-2019-CRP.1_zero-draft_negotiation.akn.xml", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''GGE-NDV-2019-CRP.1_zero-draft_negotiation.akn.xml", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("text/markdown", (await Export(report.Chair, report, "format=md&variant=negotiation")).Content.Headers.ContentType!.MediaType);
        Assert.Equal("text/html", (await Export(report.Chair, report, "format=html&variant=negotiation")).Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("format=odt", "format")]
    [InlineData("variant=final", "variant")]
    [InlineData("variant=redline", "against")]
    [InlineData("variant=clean&against=0", "against")]
    [InlineData("variant=clean&revision=0&asOf=1", "asOf")]
    [InlineData("variant=redline&revision=0&against=0", "against")]
    [InlineData("variant=clean&revision=-1", "revision")]
    public async Task Bad_parameters_are_400_with_the_field_at_fault(string query, string field)
    {
        var report = await CreateReport();

        var response = await Export(report.Chair, report, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revision_that_was_never_issued_is_404_and_a_sequence_above_the_high_water_mark_409()
    {
        var report = await CreateReport();
        await IssueRevision(report, 0);

        Assert.Equal(HttpStatusCode.NotFound, (await Export(report.Chair, report, "variant=clean&revision=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Export(report.Chair, report, "variant=redline&against=2")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Export(report.Chair, report, $"variant=clean&asOf={long.MaxValue / 2}")).StatusCode);
    }
}
