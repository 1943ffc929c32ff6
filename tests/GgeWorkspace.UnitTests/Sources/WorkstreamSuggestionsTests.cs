using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.UnitTests.Sources;

public class WorkstreamSuggestionsTests
{
    private static readonly IReadOnlyList<WorkstreamRule> Rules = WorkstreamSuggestions.EmbeddedRules();
    private static readonly SourceDocument Views = SourceDocumentReader.Read(SourceDocumentReader.EmbeddedText());

    private static WorkstreamRule Rule(string key) => Rules.Single(r => r.Key == key);

    [Theory]
    [InlineData("verification-challenges", "(a) 确认与实现和保持无核武器世界相关的核查挑战；", "制定技术解决方案，以应对监测和核查挑战；")]
    [InlineData("review-verification-work", "(b) 审查迄今开展的核查工作；", "联合王国调查了针对这些关键挑战的范围广泛的技术解决方案。")]
    [InlineData("lessons-and-outstanding-issues", "(c) 确认主要的教训和未解决的问题；", "挪威和联合王国在 2010 年和 2015 年审议大会上提交了全面工作文件，文件详述了开展的活动和从倡议中吸取的经验教训。")]
    [InlineData("report-how-to-address", "(d) 确认和报告如何能解决这些问题；", "尽管取得了巨大进展，但很多方面的问题仍有待解决。")]
    [InlineData("encourage-more-states", "(e) 考虑如何鼓励更多国家努力制定和加强核裁军核查措施。", "但是，更多倡议和更多国家的进一步参与将有益于全面制定所需的核查解决方案。")]
    [InlineData("gap-analysis", "差距分析可以作为一个指引，以便高效应对未解决需求和确认今后的研究工作领域。", "在国际伙伴关系中，挪威一直参与编制能力摸底文件，该文件列举了适用于关键监测和核查活动的现有技术和专门知识领域，同时找到了可能的差距。")]
    [InlineData("review-un-verification-work", "加拿大建议，该政府专家工作组审查联合国以往在核查领域的工作。", "印度承认第 71/67 号决议提出的关于核查的技术工作是有用的，该工作可借鉴裁军审议委员会过去就此议题所做的工作。")]
    [InlineData("lessons-from-recent-initiatives", "加拿大建议该政府专家组对这些倡议的调查结果进行审查。", "德国支持国际伙伴关系，提供了三名外部技术专家。")]
    [InlineData("role-of-iaea", "加拿大建议，该政府专家工作组根据原子能机构的《规约》及其现有承诺，认真考虑原子能机构将发挥的适当作用。", "在这方面，国际原子能机构(原子能机构)的任何作用都须遵守原子能机构《规约》的规定。")]
    [InlineData("verification-as-arsenals-shrink", "如果政府专家组能评估核武器数量减少过程中乃至最终实现无核武器世界后核查做法的变化，是很有益的。", "随着核武器数量的减少，每一个核弹头的战略价值都在增加。")]
    [InlineData("recommendations-for-follow-up", "最后，政府专家组应在大会、裁军谈判会议或任何其他适当的论坛，就后续工作提出切实建议。", "因此，加拿大坚决支持该政府专家工作组就核裁军核查开展今后的工作，并期待其提出建议。")]
    public void A_rule_matches_the_sentences_that_suggest_its_workstream_and_not_others(string key, string suggests, string doesNot)
    {
        var rule = Rule(key);
        Assert.Equal(suggests, WorkstreamSuggestions.Evidence(rule, "前一句。" + suggests + "后一句。"));
        Assert.Null(WorkstreamSuggestions.Evidence(rule, doesNot));
    }

    [Fact]
    public void Every_rule_has_a_title_a_label_a_mandate_and_patterns()
    {
        Assert.Equal(Rules.Count, Rules.Select(r => r.Key).Distinct().Count());
        Assert.All(Rules, r =>
        {
            Assert.NotEmpty(r.Title);
            Assert.NotEmpty(r.Label);
            Assert.NotEmpty(r.Mandate);
            Assert.NotEmpty(r.Patterns);
        });
    }

    [Fact]
    public void The_United_Kingdom_suggests_tasks_a_to_e_in_its_lettered_paragraphs()
    {
        var suggested = WorkstreamSuggestions.Suggest(Views, Rules).ToDictionary(s => s.Rule.Key);
        string[] keys = ["verification-challenges", "review-verification-work", "lessons-and-outstanding-issues", "report-how-to-address", "encourage-more-states"];
        string[] labels = ["(a)", "(b)", "(c)", "(d)", "(e)"];
        for (var i = 0; i < keys.Length; i++)
        {
            var workstream = suggested[keys[i]];
            Assert.Equal(labels[i], workstream.Rule.Label);
            var evidence = workstream.Evidence.First(e => e.Code == "GBR");
            Assert.StartsWith(labels[i], evidence.Sentence);
            Assert.Equal(15 + i, evidence.Ordinal);
        }
    }

    [Fact]
    public void The_United_States_suggests_a_gap_analysis_and_Canada_a_review_of_past_work_and_recent_lessons()
    {
        var suggested = WorkstreamSuggestions.Suggest(Views, Rules).ToDictionary(s => s.Rule.Key);
        Assert.Equal(["USA"], suggested["gap-analysis"].Evidence.Select(e => e.Code));
        Assert.Contains("差距", suggested["gap-analysis"].Evidence[0].Sentence);
        Assert.Contains(suggested["review-un-verification-work"].Evidence, e => e.Code == "CAN");
        Assert.Contains(suggested["lessons-from-recent-initiatives"].Evidence, e => e is { Code: "CAN", Sentence: "从近期核查体验中吸取的经验教训。" });
        Assert.All(suggested.Values, s => Assert.NotEmpty(s.Evidence));
    }
}
