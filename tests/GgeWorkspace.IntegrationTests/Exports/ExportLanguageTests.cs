using System.Net;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Exports;

/// <summary>Exports in another official language than the working language, over HTTP.</summary>
public sealed class ExportLanguageTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Arabic = "اجتمع الفريق في جنيف 🌍 \U00020BB7.";
    private const string Chinese = "专家组在日内瓦举行会议。😀";
    private static readonly XNamespace Akn = AknExporter.Namespace;

    private async Task<(DraftingApi Chair, DraftingApi Secretariat, Guid DraftId)> TranslatedReport()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var secretariat = new DraftingApi(api.ClientFor("demo-secretariat"), groupId);
        var draft = await chair.CreateReport();
        var section = await chair.AddSection(draft.Id, "Introduction");
        var first = await chair.AddParagraph(draft.Id, section, "The Group met in Geneva.");
        await chair.AddParagraph(draft.Id, section, "Verification must be effective.", first.Id);
        foreach (var (language, text) in new[] { ("ar", Arabic), ("zh", Chinese), ("fr", "Le Groupe s’est réuni à Genève.") })
        {
            var written = await secretariat.Send(HttpMethod.Put, $"/drafts/{draft.Id}/paragraphs/{first.Id}/translations/{language}",
                new { text, sourceTextVersion = first.TextVersion });
            Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        }
        return (chair, secretariat, draft.Id);
    }

    private static async Task<byte[]> Export(DraftingApi member, Guid draftId, string query)
    {
        var response = await member.Client.GetAsync($"/api/groups/{member.GroupId}/drafts/{draftId}/export?{query}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Arabic_and_French_exports_validate_in_every_variant_and_keep_Chinese_Arabic_and_emoji_exactly()
    {
        var (chair, _, draftId) = await TranslatedReport();

        foreach (var language in new[] { "ar", "fr" })
            foreach (var variant in new[] { "clean", "negotiation", "compilation", "chairs-text" })
            {
                using var docx = WordprocessingDocument.Open(new MemoryStream(await Export(chair, draftId, $"language={language}&variant={variant}")), false);
                Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(docx));
                Assert.Equal(language, docx.PackageProperties.Language);
                var akn = XDocument.Load(new MemoryStream(await Export(chair, draftId, $"language={language}&variant={variant}&format=akn")));
                akn.Validate(AknExporter.Schema(), (_, e) => throw new XmlException(e.Message));
            }

        foreach (var (language, text, code) in new[] { ("ar", Arabic, "ara"), ("zh", Chinese, "zho") })
        {
            var akn = XDocument.Load(new MemoryStream(await Export(chair, draftId, $"language={language}&format=akn")));
            var paragraphs = akn.Descendants(Akn + "paragraph").ToList();
            Assert.Equal(text, paragraphs[0].Element(Akn + "content")!.Value);
            Assert.Equal("missing", (string?)paragraphs[1].Attribute(XName.Get("translation", AknExporter.WorkspaceNamespace)));
            Assert.Equal(code, (string?)akn.Descendants(Akn + "FRBRlanguage").Single().Attribute("language"));
        }
    }

    [Fact]
    public async Task An_unknown_language_is_400_and_a_language_export_answers_whom_the_same_export_without_it_does()
    {
        var (chair, _, draftId) = await TranslatedReport();
        var observer = new DraftingApi(api.ClientFor("demo-observer"), chair.GroupId);
        var stranger = new DraftingApi(api.ClientFor("someone-else"), chair.GroupId);
        string Path(string query) => $"/api/groups/{chair.GroupId}/drafts/{draftId}/export?{query}";

        Assert.Equal(HttpStatusCode.BadRequest, (await chair.Client.GetAsync(Path("language=de"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await chair.Client.GetAsync(Path("language=fra"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await observer.Client.GetAsync(Path("language=fr&variant=compilation"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(Path("language=fr"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(Path("variant=clean"))).StatusCode);
    }
}
