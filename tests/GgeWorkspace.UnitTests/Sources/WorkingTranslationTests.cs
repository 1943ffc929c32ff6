using System.Globalization;
using System.Text.RegularExpressions;
using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.UnitTests.Sources;

/// <summary>The demo's unofficial English working translation (Data/A-72-304.en-working.json) against the Chinese text it translates.</summary>
public sealed partial class WorkingTranslationTests
{
    private static readonly string Text = SourceDocumentReader.EmbeddedText();
    private static readonly DateTimeOffset Now = new(2018, 8, 13, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static (GroupSourceDocument Document, SourceLanguageVersionImported Imported) WithWorkingTranslation()
    {
        var document = GroupSourceDocument.From(
            SourceDecisions.Import(Guid.CreateVersion7(), SourceDocumentReader.Read(Text), SourceDecisions.ContentHash(Text), null, Now).Single());
        var version = WorkingTranslation.Embedded();
        var imported = SourceLanguageDecisions.Import(document, "en", version, SourceLanguageDecisions.ContentHash(version), Now).Single();
        return (GroupSourceDocument.Evolve(document, imported)!, imported);
    }

    /// <summary>Every cited paragraph as (Chinese, English), and every reply's sub-headings likewise.</summary>
    private static IEnumerable<(string Where, string Chinese, string? English)> Pairs()
    {
        var (document, _) = WithWorkingTranslation();
        var english = document.In("en");
        foreach (var cited in DemoWorkspace.CitedReplyParagraphs)
        {
            var (reply, paragraph) = document.Find($"A/72/304:{cited}")!.Value;
            yield return (cited, paragraph.Text, english.Paragraph(reply, paragraph).Text);
        }
        foreach (var reply in document.Replies)
        {
            var views = english.ParagraphsOf(reply);
            var sections = reply.Sections();
            for (var i = 0; i < sections.Count; i++)
                if (sections[i].Heading is { } heading)
                    yield return ($"{reply.Code} heading {i + 1}", heading, views.Single(v => v.Id == sections[i].Paragraphs[0].Id).Heading);
        }
    }

    [Fact]
    public void The_working_translation_aligns_with_the_Chinese_text_and_is_unofficial()
    {
        var (document, imported) = WithWorkingTranslation();

        Assert.Empty(imported.Unaligned);
        Assert.False(imported.Official);
        Assert.False(document.In("en").Official);
        Assert.Equal(document.Replies.Select(r => r.SubmitterEnglish), document.Replies.Select(document.In("en").SubmitterOf));
    }

    [Fact]
    public void Every_reply_paragraph_the_demo_report_cites_and_every_sub_heading_has_an_English_text()
    {
        var pairs = Pairs().ToList();

        Assert.True(DemoWorkspace.CitedReplyParagraphs.Count >= 40, "the demo report cites its replies");
        Assert.Equal([], pairs.Where(p => string.IsNullOrWhiteSpace(p.English)).Select(p => p.Where));
        Assert.Equal([], pairs.Where(p => p.English is { } e && ChineseScript().IsMatch(e)).Select(p => p.Where));
    }

    [Fact]
    public void Every_symbol_number_and_Latin_script_name_of_the_Chinese_appears_unchanged_in_the_English()
    {
        var missing = Pairs()
            .SelectMany(p => ExpectedInEnglish(p.Chinese).Where(token => !Appears(p.English ?? "", token)).Select(token => $"{p.Where}: {token}"))
            .ToList();

        Assert.Equal([], missing);
    }

    [Fact]
    public void Dates_and_decades_written_the_Chinese_way_are_expected_the_English_way()
    {
        Assert.Equal(["26 April 2016", "71/67"], ExpectedInEnglish("2016 年 4 月 26 日，第 71/67 号决议"));
        Assert.Equal(["27 June 2016", "1 July", "June 2017", "1980s", "A/70/81", "1", "B"],
            ExpectedInEnglish("2016 年 6 月 27 日至 7 月 1 日；2017 年 6 月；20 世纪 80 年代(A/70/81)第三 B.1 条"));
        Assert.False(Appears("resolution 171/67", "71/67"));
        Assert.True(Appears("(b) How", "b"));
    }

    /// <summary>
    /// What the English must hold unchanged: document symbols, numbers and Latin-script words as the Chinese writes them, with
    /// dates ("2016 年 4 月 26 日") and decades ("20 世纪 80 年代") as English writes them ("26 April 2016", "1980s").
    /// </summary>
    private static List<string> ExpectedInEnglish(string chinese)
    {
        var expected = new List<string>();
        string Take(Regex pattern, string text, Func<Match, string> english) => pattern.Replace(text, m =>
        {
            expected.Add(english(m));
            return " ";
        });
        int N(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

        var rest = Take(FullDate(), chinese, m => $"{N(m, "d")} {Months[N(m, "m") - 1]} {N(m, "y")}");
        rest = Take(DayAndMonth(), rest, m => $"{N(m, "d")} {Months[N(m, "m") - 1]}");
        rest = Take(MonthAndYear(), rest, m => $"{Months[N(m, "m") - 1]} {N(m, "y")}");
        rest = Take(Decade(), rest, m => $"{N(m, "c") - 1}{m.Groups["d"].Value}s");
        rest = Take(Symbol(), rest, m => m.Value);
        rest = Take(Number(), rest, m => m.Value);
        Take(LatinWord(), rest, m => m.Value);
        return expected;
    }

    /// <summary>The token stands on its own in the English: no digit or letter glued to either side.</summary>
    private static bool Appears(string english, string token) =>
        Regex.IsMatch(english, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(token)}(?![\p{{L}}\p{{N}}])");

    [GeneratedRegex(@"(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日")]
    private static partial Regex DayAndMonth();

    [GeneratedRegex(@"(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月")]
    private static partial Regex MonthAndYear();

    [GeneratedRegex(@"(?<c>\d{2})\s*世纪\s*(?<d>\d{2})\s*年代")]
    private static partial Regex Decade();

    [GeneratedRegex(@"[A-Z]+(?:/[A-Za-z0-9.]+)+")]
    private static partial Regex Symbol();

    [GeneratedRegex(@"\d+(?:[./\-]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseScript();
}
