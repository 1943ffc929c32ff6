using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.UnitTests.Sources;

public sealed class SourceLanguagesTests
{
    private static readonly Guid GroupId = Guid.CreateVersion7();
    private static readonly DateTimeOffset Now = new(2018, 8, 13, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Text = SourceDocumentReader.EmbeddedText();

    private static GroupSourceDocument Imported() =>
        GroupSourceDocument.From(SourceDecisions.Import(GroupId, SourceDocumentReader.Read(Text), SourceDecisions.ContentHash(Text), null, Now).Single());

    /// <summary>
    /// Three replies in Arabic written for the test, and one that is no reply of the document: Brunei Darussalam and Ukraine align
    /// paragraph for paragraph; Lebanon's fourth paragraph is left out, and an emoji closes a paragraph of Brunei Darussalam's.
    /// </summary>
    private static readonly LanguageVersionText Arabic = new("A/72/304", "ar", "التحقق من نزع السلاح النووي", true, null,
    [
        new("BRN", "بروني دار السلام",
        [
            new(null,
            [
                "تدعم بروني دار السلام جهود نزع السلاح على الصعيدين الإقليمي والعالمي، وعدم انتشار أسلحة الدمار الشامل بجميع أنواعها.",
                "وقّعت بروني دار السلام على معاهدة الحظر الشامل للتجارب النووية وصدّقت عليها.",
                "ستواصل بروني دار السلام جهودها على الساحة الدولية. 🕊️",
            ]),
        ]),
        new("UKR", "أوكرانيا",
        [
            new(null,
            [
                "تؤيد أوكرانيا تأييدًا تامًا عمل الوكالة الدولية للطاقة الذرية.",
                "وفي هذا الصدد، تطبق أوكرانيا منذ عام 1995 اتفاقها مع الوكالة.",
                "ترى أوكرانيا أن التقدم في التحقق يتوقف على بدء نفاذ المعاهدة.",
            ]),
        ]),
        new("LBN", "لبنان",
        [
            new(null,
            [
                "تؤكد وزارة الدفاع اللبنانية ما يلي:",
                "لا يملك لبنان أسلحة نووية ولا ينتجها.",
                "يدعم لبنان جميع المبادرات الرامية إلى نزع السلاح النووي.",
            ]),
        ]),
        new("XYZ", "لا أحد", [new(null, ["نص لا يقابله رد."])]),
    ]);

    private static (GroupSourceDocument Document, SourceLanguageVersionImported Imported) WithArabic()
    {
        var document = Imported();
        var imported = SourceLanguageDecisions.Import(document, "ar", Arabic, SourceLanguageDecisions.ContentHash(Arabic), Now).Single();
        return (GroupSourceDocument.Evolve(document, imported)!, imported);
    }

    [Fact]
    public void A_second_language_aligns_by_reply_and_paragraph()
    {
        var (document, _) = WithArabic();

        Assert.Equal(["zh", "ar"], document.Languages);
        var arabic = document.In("ar");
        Assert.True(arabic.Official);
        var brunei = document.ReplyFor("BRN")!;
        Assert.Equal("بروني دار السلام", arabic.SubmitterOf(brunei));
        Assert.Equal(
            Arabic.Replies![0].Sections![0].Paragraphs!.Select((text, i) => ($"A/72/304:BRN:{i + 1}", text)),
            arabic.ParagraphsOf(brunei).Select(p => (p.Id, p.Text)));
        // Text is kept byte for byte: Arabic and an emoji beyond the Basic Multilingual Plane.
        Assert.EndsWith("الدولية. 🕊️", arabic.ParagraphsOf(brunei)[2].Text, StringComparison.Ordinal);
        Assert.All(arabic.ParagraphsOf(document.ReplyFor("UKR")!), p => Assert.False(p.Missing));

        // The document's own language reads as before.
        var chinese = document.In(null);
        Assert.Equal(("zh", true), (chinese.Language, chinese.Official));
        Assert.Equal(brunei.Paragraphs.Select(p => p.Text), chinese.ParagraphsOf(brunei).Select(p => p.Text));
        Assert.Equal("文莱达鲁萨兰国", chinese.SubmitterOf(brunei));
    }

    [Fact]
    public void The_importer_reports_what_did_not_align()
    {
        var (document, imported) = WithArabic();

        var lebanon = Assert.Single(imported.Unaligned, g => g.Code == "LBN");
        Assert.Equal((AlignmentGapKind.ParagraphMissing, (int?)4), (lebanon.Kind, lebanon.Ordinal));
        Assert.Contains("4 paragraph(s) in zh, 3 in ar", lebanon.Detail, StringComparison.Ordinal);
        Assert.Contains(imported.Unaligned, g => g is { Kind: AlignmentGapKind.ReplyNotInDocument, Code: "XYZ" });
        Assert.Equal(
            document.Replies.Select(r => r.Code).Except(["BRN", "UKR", "LBN"]),
            imported.Unaligned.Where(g => g.Kind == AlignmentGapKind.ReplyMissing).Select(g => g.Code));

        // What aligned is kept: Lebanon's first three paragraphs; nothing of the reply the document does not have.
        Assert.Equal([1, 2, 3], imported.Replies.Single(r => r.Code == "LBN").Paragraphs.Select(p => p.Ordinal));
        Assert.DoesNotContain(imported.Replies, r => r.Code == "XYZ");
    }

    [Fact]
    public void A_paragraph_missing_in_a_language_is_marked_not_replaced()
    {
        var (document, _) = WithArabic();
        var arabic = document.In("ar");

        var fourth = arabic.ParagraphsOf(document.ReplyFor("LBN")!)[3];
        Assert.Equal(("A/72/304:LBN:4", (string?)null, true), (fourth.Id, fourth.Text, fourth.Missing));

        var argentina = document.ReplyFor("ARG")!;
        Assert.True(arabic.IsMissing(argentina));
        Assert.Null(arabic.SubmitterOf(argentina));
        Assert.All(arabic.ParagraphsOf(argentina), p => Assert.True(p is { Missing: true, Text: null }));
        Assert.Equal(argentina.Paragraphs.Select(p => p.Id), arabic.ParagraphsOf(argentina).Select(p => p.Id));
    }

    [Fact]
    public void A_language_the_document_is_not_held_in_is_not_found()
    {
        var (document, _) = WithArabic();

        Assert.Throws<NotFoundException>(() => document.In("fr"));
        Assert.Throws<NotFoundException>(() => SourceLanguageReads.Texts([document], "fr", ["A/72/304:CAN:1"]));
        var texts = SourceLanguageReads.Texts([document], "ar", ["A/72/304:BRN:2", "A/72/304:CAN:1"]);
        Assert.Equal([false, true], texts.Select(t => t.Missing));
        Assert.Equal("بروني دار السلام", texts[0].Submitter);
    }

    [Fact]
    public void Sections_align_by_position_and_carry_their_headings()
    {
        var document = Imported();
        var japan = document.ReplyFor("JPN")!;
        var sections = japan.Sections();
        var version = new LanguageVersionText(null, "en", null, false, null,
        [
            new("JPN", "Japan", [.. sections.Select((s, i) => new LanguageVersionSection($"Heading {i + 1}", [.. s.Paragraphs.Select(p => $"Paragraph {p.Ordinal}")]))]),
        ]);

        var imported = SourceLanguageDecisions.Import(document, "en", version, SourceLanguageDecisions.ContentHash(version), Now).Single();
        var english = GroupSourceDocument.Evolve(document, imported)!.In("en");

        Assert.Equal(2, sections.Count);
        var read = english.ParagraphsOf(japan);
        Assert.Equal(japan.Paragraphs.Select(p => $"Paragraph {p.Ordinal}"), read.Select(p => p.Text));
        Assert.Equal(sections[1].Paragraphs.Select(_ => "Heading 2"), read.Where(p => sections[1].Paragraphs.Any(s => s.Id == p.Id)).Select(p => p.Heading));
        Assert.False(english.Official);
    }

    [Fact]
    public void A_section_more_or_fewer_is_reported_and_its_paragraphs_are_not_taken_for_others()
    {
        var document = Imported();
        var japan = document.ReplyFor("JPN")!;
        var first = japan.Sections()[0];
        var version = new LanguageVersionText(null, "en", null, false, null,
            [new("JPN", "Japan", [new(null, [.. first.Paragraphs.Select(p => $"Paragraph {p.Ordinal}"), "One paragraph too many."])])]);

        var imported = SourceLanguageDecisions.Import(document, "en", version, SourceLanguageDecisions.ContentHash(version), Now).Single();

        Assert.Contains(imported.Unaligned, g => g is { Kind: AlignmentGapKind.SectionCount, Code: "JPN" });
        Assert.Contains(imported.Unaligned, g => g is { Kind: AlignmentGapKind.ParagraphNotInDocument, Code: "JPN" });
        Assert.Equal(japan.Sections()[1].Paragraphs.Select(p => (int?)p.Ordinal),
            imported.Unaligned.Where(g => g.Kind == AlignmentGapKind.ParagraphMissing).Select(g => g.Ordinal));
        Assert.Equal(first.Paragraphs.Select(p => p.Ordinal), imported.Replies.Single().Paragraphs.Select(p => p.Ordinal));
    }

    [Fact]
    public void Importing_the_same_version_again_decides_nothing_and_another_replaces_it()
    {
        var (document, _) = WithArabic();

        Assert.Empty(SourceLanguageDecisions.Import(document, "ar", Arabic, SourceLanguageDecisions.ContentHash(Arabic), Now));
        var corrected = Arabic with { Title = "التحقق من نزع السلاح النووي (مصوّب)" };
        var replaced = GroupSourceDocument.Evolve(document,
            SourceLanguageDecisions.Import(document, "ar", corrected, SourceLanguageDecisions.ContentHash(corrected), Now).Single())!;

        Assert.Equal(["zh", "ar"], replaced.Languages);
        Assert.Equal(corrected.Title, replaced.VersionIn("ar")!.Title);
    }

    [Fact]
    public void The_documents_own_language_and_another_symbol_are_refused()
    {
        var document = Imported();

        Assert.Throws<InvalidFieldsException>(() => SourceLanguageDecisions.Import(document, "zh", Arabic with { Language = "zh" }, "h", Now));
        Assert.Throws<InvalidFieldsException>(() => SourceLanguageDecisions.Import(document, "ar", Arabic with { Symbol = "A/71/1" }, "h", Now));
    }

    [Fact]
    public void A_reimported_document_keeps_its_language_versions()
    {
        var (document, _) = WithArabic();
        var changed = Text + "\n";

        var reimported = GroupSourceDocument.Evolve(document,
            SourceDecisions.Import(GroupId, SourceDocumentReader.Read(changed), SourceDecisions.ContentHash(changed), document, Now).Single())!;

        Assert.Equal(["zh", "ar"], reimported.Languages);
    }
}
