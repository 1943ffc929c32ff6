using System.Text;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;
using static GgeWorkspace.UnitTests.Exports.ExportSamples;

namespace GgeWorkspace.UnitTests.Exports;

public sealed class ExportTextTests
{
    [Fact]
    public void Nested_brackets_nest_and_crossing_brackets_are_split_with_marks_only_at_their_real_ends()
    {
        var nested = BracketedText.Of("abcdefgh", [new ExportBracket(1, 7, BracketKind.Contentious), new ExportBracket(3, 5, BracketKind.Trading)]);
        Assert.Equal("a[bc[de]fg]h", BracketedText.Marked(nested));

        var crossing = BracketedText.Of("abcdefgh", [new ExportBracket(1, 5, BracketKind.Contentious), new ExportBracket(3, 7, BracketKind.Trading)]);
        Assert.Equal("a[bc[de]fg]h", BracketedText.Marked(crossing));
        var outer = Assert.IsType<BracketNode>(crossing[1]);
        Assert.True(outer.Opens && outer.Closes);
        Assert.Contains(crossing, n => n is BracketNode { Kind: BracketKind.Trading, Opens: false, Closes: true });
    }

    [Fact]
    public void Bracket_spans_count_code_points_so_emoji_and_rare_cjk_are_never_split()
    {
        var nodes = BracketedText.Of("\U0001F600a\U00020BB7b", [new ExportBracket(1, 3, BracketKind.Contentious)]);

        Assert.Equal("\U0001F600[a\U00020BB7]b", BracketedText.Marked(nodes));
    }

    [Fact]
    public void Characters_xml_forbids_become_replacement_characters_one_for_one()
    {
        Assert.Equal("a\uFFFDb\uFFFD\uFFFDc\t\n\U0001F600", ExportText.Sanitize("a\u0000b\uD800\uFFFEc\t\n\U0001F600"));
        Assert.Equal("\u202Eevil", ExportText.Sanitize("\u202Eevil"));
    }

    [Fact]
    public void File_names_carry_symbol_version_and_variant_and_only_safe_characters()
    {
        Assert.Equal("GGE-NDV-2019-CRP.1_Rev.1_negotiation.docx", DocumentExporter.FileName(Report(), ExportFormat.Docx));
        Assert.Equal("GGE-NDV-2019-CRP.1_zero-draft_chairs-text.akn.xml",
            DocumentExporter.FileName(Report(ExportVariant.ChairsText) with { Version = ExportVersion.ZeroDraft }, ExportFormat.AkomaNtoso));
        Assert.Equal("A-AC.289-CRP.1_as-of-1234_clean.html",
            DocumentExporter.FileName(Report(ExportVariant.Clean) with { ProvisionalSymbol = "A/AC.289/CRP.1", Version = new ExportVersion("Rev.1 + changes to 3 June 2026 10:00", null, 1234) }, ExportFormat.Html));
        Assert.Equal("draft_Rev.1_redline.md",
            DocumentExporter.FileName(Report(ExportVariant.Redline) with { ProvisionalSymbol = "", Title = "\u202E<>/\\\"" }, ExportFormat.Markdown));
    }

    [Fact]
    public void Each_format_has_its_content_type()
    {
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", DocumentExporter.Export(Report(), ExportFormat.Docx).ContentType);
        Assert.Equal("application/akn+xml", DocumentExporter.ContentType(ExportFormat.AkomaNtoso));
        Assert.Equal("text/markdown; charset=utf-8", DocumentExporter.ContentType(ExportFormat.Markdown));
        Assert.Equal("text/html; charset=utf-8", DocumentExporter.ContentType(ExportFormat.Html));
    }

    [Fact]
    public void Html_escapes_hostile_text_marks_brackets_and_gives_each_paragraph_its_language_and_direction()
    {
        var html = Encoding.UTF8.GetString(HtmlExporter.Export(Report()));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"ar\" dir=\"rtl\"", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh\" dir=\"ltr\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"bracket contentious\">[Group]</mark>", html, StringComparison.Ordinal);
        Assert.Contains(Arabic[..6], html, StringComparison.Ordinal);
        Assert.Contains(Chinese, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_escapes_syntax_so_text_never_becomes_markup()
    {
        var markdown = Encoding.UTF8.GetString(MarkdownExporter.Export(Report()));

        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; \\]\\]&gt; \\=cmd\\|\\' /C calc\\'\\!A0", markdown, StringComparison.Ordinal);
        Assert.Contains("\\[Group\\]", markdown, StringComparison.Ordinal);
        Assert.Contains("[^1]: Reservation by France", markdown, StringComparison.Ordinal);
        Assert.Contains(Chinese.Replace("(", "\\(", StringComparison.Ordinal), markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_and_html_redlines_name_the_version_they_compare_with_and_show_a_moved_paragraph_where_it_stood_and_where_it_stands()
    {
        var markdown = Encoding.UTF8.GetString(MarkdownExporter.Export(Redline()));
        var html = Encoding.UTF8.GetString(HtmlExporter.Export(Redline()));

        Assert.Contains("Rev\\.2 \u2014 changes against Rev\\.1 \u2014 24 May 2019", markdown, StringComparison.Ordinal);
        Assert.Contains("<p class=\"version\">Rev.2 \u2014 changes against Rev.1</p>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split(Arabic).Length - 1);
    }
}
