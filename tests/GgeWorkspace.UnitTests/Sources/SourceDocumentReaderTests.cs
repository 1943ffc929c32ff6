using System.Text.RegularExpressions;
using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.UnitTests.Sources;

public class SourceDocumentReaderTests
{
    private static readonly string Seed = SourceDocumentReader.EmbeddedText();
    private static readonly SourceDocument Views = SourceDocumentReader.Read(Seed);

    private static Reply ReplyOf(string code) => Views.Replies.Single(r => r.Code == code);

    [Fact]
    public void The_embedded_text_is_the_2173_lines_of_A_72_304()
    {
        Assert.Equal(2173, Seed.Count(c => c == '\n'));
        Assert.Equal("A/72/304", Views.Symbol);
        Assert.Equal("zh", Views.Language);
    }

    [Fact]
    public void Twenty_six_States_and_the_European_Union_replied_in_document_order()
    {
        Assert.Equal(
            ["ARG", "AUS", "BRA", "BRN", "BDI", "CAN", "CHN", "COL", "CUB", "FRA", "DEU", "HUN", "IND", "JPN",
             "JOR", "LBN", "MDG", "MEX", "NOR", "PAK", "PRY", "SWE", "CHE", "UKR", "GBR", "USA", "EU"],
            Views.Replies.Select(r => r.Code));
        Assert.Equal(26, Views.Replies.Count(r => r.Code.Length == 3));
    }

    [Theory]
    [InlineData("ARG", "阿根廷", "Argentina", "es", "2017-07-14")]
    [InlineData("AUS", "澳大利亚", "Australia", "en", "2017-05-23")] // its heading follows a footnote block directly
    [InlineData("BDI", "布隆迪", "Burundi", "fr", "2017-05-19")]
    [InlineData("CHN", "中国", "China", "zh", "2017-07-29")]
    [InlineData("CUB", "古巴", "Cuba", "es", "2017-07-05")] // heading separated from "[原件]" by extra blank lines
    [InlineData("JOR", "约旦", "Jordan", "ar", "2017-05-19")] // likewise
    [InlineData("NOR", "挪威", "Norway", "en", "2017-07-31")] // "[原件： 英文]" has a space
    [InlineData("GBR", "大不列颠及北爱尔兰联合王国", "United Kingdom of Great Britain and Northern Ireland", "en", "2017-07-27")]
    [InlineData("USA", "美利坚合众国", "United States of America", "en", "2017-07-27")]
    [InlineData("EU", "欧洲联盟", "European Union", "en", "2017-07-17")] // its heading is the chapter heading
    public void A_reply_has_its_submitter_as_written_the_language_of_the_original_and_its_date(
        string code, string submitter, string english, string language, string date)
    {
        var reply = ReplyOf(code);
        Assert.Equal(submitter, reply.Submitter);
        Assert.Equal(english, reply.SubmitterEnglish);
        Assert.Equal(language, reply.OriginalLanguage);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), reply.Date);
    }

    [Fact]
    public void Every_reply_has_a_known_submitter_a_language_and_a_date()
    {
        Assert.All(Views.Replies, r =>
        {
            Assert.NotEmpty(r.SubmitterEnglish);
            Assert.NotNull(r.OriginalLanguage);
            Assert.NotNull(r.Date);
            Assert.NotEmpty(r.Paragraphs);
        });
        Assert.Equal(27, Submitters.ByChineseName.Count);
    }

    // Counted by hand in the seed file: a paragraph ends where a sentence ends on a short line or an item begins.
    [Theory]
    [InlineData("ARG", 5)]
    [InlineData("BRN", 3)]
    [InlineData("BDI", 7)]
    [InlineData("CHN", 11)]
    [InlineData("COL", 3)]
    [InlineData("CUB", 8)]
    [InlineData("JPN", 16)]
    [InlineData("SWE", 11)]
    [InlineData("GBR", 22)]
    [InlineData("EU", 8)]
    public void Wrapped_lines_join_into_the_paragraphs_of_the_original(string code, int paragraphs)
    {
        var reply = ReplyOf(code);
        Assert.Equal(paragraphs, reply.Paragraphs.Count());
        Assert.Equal(Enumerable.Range(1, paragraphs), reply.Paragraphs.Select(p => p.Ordinal));
    }

    [Fact]
    public void Paragraphs_keep_their_order_and_text_from_the_first_character()
    {
        var argentina = ReplyOf("ARG").Paragraphs.ToList();
        Assert.StartsWith("阿根廷共和国欢迎并致力于在多边环境的努力下", argentina[0].Text);
        Assert.Equal("对于阿根廷来说，还有必要在消除核武器的措施方面取得进一步进展，这些措施中包含有效的核查机制。", argentina[2].Text);
        Assert.StartsWith("阿根廷认为，核核查领域内的工作举措", argentina[4].Text);

        var china = ReplyOf("CHN").Paragraphs.ToList();
        Assert.StartsWith("(一) 有效的核裁军核查措施", china[1].Text);
        Assert.StartsWith("(a) 核裁军核查涉及核武器敏感信息", china[6].Text);
        Assert.Equal("希望联合国裁军事务厅将上述内容全文纳入联合国秘书长相关报告。", china[10].Text);

        var uk = ReplyOf("GBR").Paragraphs.ToList();
        Assert.Equal("(a) 确认与实现和保持无核武器世界相关的核查挑战；", uk[14].Text); // after page furniture
        Assert.Equal("(e) 考虑如何鼓励更多国家努力制定和加强核裁军核查措施。", uk[18].Text);
        Assert.StartsWith("该小组可能需要借鉴的过去的工作", uk[19].Text);
    }

    [Fact]
    public void Sub_headings_group_the_paragraphs_that_follow_them()
    {
        var uk = ReplyOf("GBR").Sections;
        Assert.Equal([null, "国家一级做出努力，制定切实有效的核裁军核查措施", "政府专家组开展可能的活动"], uk.Select(s => s.Heading));
        Assert.Equal([4, 8, 10], uk.Select(s => s.Paragraphs.Count));

        var canada = ReplyOf("CAN").Sections.Select(s => s.Heading).ToList();
        Assert.Equal("结论", canada[^1]);
        Assert.Contains("核查和国际安全", canada);

        Assert.Equal(["核查——不是目标而是工具", "核查原则：不可逆转、透明和可核查", "借鉴以往的经验：注重技术解决方案", "核武器国家和无核武器国家合作"],
            ReplyOf("SWE").Sections.Select(s => s.Heading));
    }

    [Fact]
    public void A_paragraph_continues_across_a_footnote_block_and_a_line_split_after_a_footnote_marker()
    {
        var second = ReplyOf("EU").Paragraphs.ElementAt(1);
        Assert.Contains("发挥着不可或缺的作用。全面保障监督协定和附加议定书构成了目前的核查标准。欧洲原子能共同体和国际原子能机构(原子能机构)的密切合作", second.Text);
        Assert.Equal([3], second.FootnoteRefs);

        var introduction = Views.Introduction;
        Assert.Equal(2, introduction.Count);
        Assert.Contains("也可查阅裁军事务厅网站。根据第 65/276 号决议规定的模式，欧洲联盟的答复载于第三部分", introduction[1].Text);
        Assert.Equal([1], introduction[1].FootnoteRefs);
    }

    [Fact]
    public void Footnotes_attach_to_the_part_whose_paragraphs_cite_them()
    {
        Assert.Equal([new Footnote(1, "www.un.org/disarmament/。")], Views.IntroductionFootnotes);
        var eu = ReplyOf("EU");
        Assert.Equal([2, 3, 4, 5, 6, 7], eu.Footnotes.Select(f => f.Number));
        Assert.Equal("同上，第 3 段。", eu.Footnotes.Single(f => f.Number == 5).Text);
        Assert.Equal("欧洲联盟总声明，不扩散核武器条约 2017 年筹备委员会，见 https://eeas.europa.eu/headquarters/headquarters-homepage/25740/preparatory-committee-2020-npt-review-conference-parties-treaty-non-proliferation-nuclear_en。",
            eu.Footnotes.Single(f => f.Number == 3).Text);
        Assert.Equal(eu.Footnotes.Select(f => f.Number), eu.Paragraphs.SelectMany(p => p.FootnoteRefs).Order());
        Assert.All(Views.Replies.Where(r => r.Code != "EU"), r => Assert.Empty(r.Footnotes));
    }

    [Fact]
    public void Page_furniture_is_removed_and_never_left_inside_a_paragraph()
    {
        Assert.Contains(Views.PageFurniture, l => l is { Number: 137, Text: "A/72/304" });
        Assert.Contains(Views.PageFurniture, l => l is { Number: 1936, Text: "31/33 17-13629 (C)" });
        Assert.All(Views.PageFurniture, l => Assert.True(PageFurniture.IsFurniture(l.Text)));

        var furniture = new Regex(@"A/72/304|17-13629|\b\d{1,2}/33\b|_{5,}");
        var texts = Views.Introduction.Select(p => p.Text)
            .Concat(Views.Replies.SelectMany(r => r.Paragraphs.Select(p => p.Text).Concat(r.Footnotes.Select(f => f.Text))));
        Assert.All(texts, t => Assert.DoesNotMatch(furniture, t));
    }

    [Fact]
    public void Link_targets_left_by_the_PDF_are_reported_as_unclassified()
    {
        Assert.Equal([64, 2088, 2168, 2169, 2170, 2171, 2172], Views.Unclassified.Select(u => u.Line));
        Assert.All(Views.Unclassified, u => Assert.StartsWith("http", u.Text));
    }

    [Fact]
    public void No_text_is_lost_every_character_but_page_furniture_lands_exactly_once()
    {
        var input = Seed.Split('\n').Where(l => !PageFurniture.IsFurniture(l));
        var output = new List<string>();
        output.AddRange(Views.Chapters.Select(c => c.Text));
        output.AddRange(Views.Introduction.Select(Written));
        output.AddRange(Views.IntroductionFootnotes.Select(f => $"{f.Number}{f.Text}"));
        var chapterLines = Views.Chapters.Select(c => c.Line).ToHashSet();
        foreach (var reply in Views.Replies)
        {
            if (!chapterLines.Contains(reply.SubmitterLine)) output.Add(reply.Submitter);
            output.Add(reply.OriginalLanguageNote!);
            output.Add(reply.DateNote!);
            output.AddRange(reply.Sections.Select(s => s.Heading ?? ""));
            output.AddRange(reply.Paragraphs.Select(Written));
            output.AddRange(reply.Footnotes.Select(f => $"{f.Number}{f.Text}"));
        }
        output.AddRange(Views.Unclassified.Select(u => u.Text));

        Assert.Equal(Characters(input), Characters(output));
    }

    private static string Written(SourceParagraph p) => p.Text + string.Concat(p.FootnoteRefs);

    private static List<char> Characters(IEnumerable<string> texts) =>
        [.. texts.SelectMany(t => t).Where(c => !char.IsWhiteSpace(c)).Order()];

    [Fact]
    public void A_submitter_is_found_across_page_furniture_before_its_original_line()
    {
        var text = "  古巴 \n\n A/72/304 \n\n \n\n5/33 17-13629 (C) \n\n[原件：西班牙文] \n\n[2017 年 7 月 5 日] \n\n全面禁止和彻底销毁核武器。 \n";
        var reply = Assert.Single(SourceDocumentReader.Read(text).Replies);
        Assert.Equal(("古巴", "CUB", "es", new DateOnly(2017, 7, 5)), (reply.Submitter, reply.Code, reply.OriginalLanguage, reply.Date));
        Assert.Equal("全面禁止和彻底销毁核武器。", Assert.Single(reply.Paragraphs).Text);
    }

    private static IReadOnlyList<string> ParagraphsOf(string body) =>
        [.. SourceDocumentReader.Read("  古巴 \n\n[原件：西班牙文] \n\n[2017 年 7 月 5 日] \n\n" + body).Replies.Single().Paragraphs.Select(p => p.Text)];

    [Fact]
    public void A_sentence_ending_on_a_short_line_ends_the_paragraph()
    {
        var full = new string('核', 34) + "，";
        Assert.Equal([full + "短句。", "下一段。"], ParagraphsOf($"{full} \n\n短句。 \n\n下一段。 \n"));
    }

    [Fact]
    public void A_sentence_ending_at_the_full_measure_does_not_end_the_paragraph()
    {
        var full = new string('核', 34) + "，";
        var fullSentence = new string('查', 34) + "。";
        Assert.Equal([full + fullSentence + "续。"], ParagraphsOf($"{full} \n\n{fullSentence} \n\n续。 \n"));
    }

    [Fact]
    public void An_item_or_an_indented_first_line_starts_a_paragraph()
    {
        var full = new string('核', 34) + "，";
        Assert.Equal([full, "(a) 甲；", "- 乙", full + "丙。"], ParagraphsOf($"{full} \n\n(a) 甲； \n\n- 乙 \n\n {full} \n\n丙。 \n"));
    }

    [Fact]
    public void Latin_words_keep_a_space_when_joined_and_an_address_does_not()
    {
        Assert.Equal("nuclear disarmament", SourceDocumentReader.Join("nuclear", "disarmament"));
        Assert.Equal("核裁军核查", SourceDocumentReader.Join("核裁军", "核查"));
        Assert.Equal("见 https://eeas.europa.eu/headquarters", SourceDocumentReader.Join("见 https://eeas.europa.eu/", "headquarters"));
    }

    [Fact]
    public void A_line_it_cannot_place_is_reported_with_its_number()
    {
        var document = SourceDocumentReader.Read("前言文字。 \n\n 一. 导言 \n\n1. 文字。 \n");
        var line = Assert.Single(document.Unclassified);
        Assert.Equal((1, "前言文字。"), (line.Line, line.Text));
        Assert.Equal("1. 文字。", Assert.Single(document.Introduction).Text);
    }
}
