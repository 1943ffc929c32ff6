using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using static GgeWorkspace.UnitTests.Amendments.AmendmentSpecs;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Amendments;

public sealed class CompilationTests
{
    private static readonly Guid Second = Guid.Parse("0190a000-0000-7000-8000-0000000000a2");
    private static readonly Guid Third = Guid.Parse("0190a000-0000-7000-8000-0000000000a3");

    private static readonly Member[] Members =
    [
        new("expert-ca", "Jane Doe", MemberRole.Expert, "CAN", ContributionAttribution.NominatingState),
        new("expert-personal", "Dr. Ana Pérez", MemberRole.Expert, "MEX", ContributionAttribution.Personal),
    ];

    private static Amendment Proposal(Guid id, string sub, string? state, int minutes, AmendmentKind kind = AmendmentKind.ReplaceText) =>
        Amendment.From(new AmendmentProposed(GroupId, DraftId, id, ParagraphId, kind, "Proposed text.", null, 0, BaseText, sub, state, Now.AddMinutes(minutes)));

    private static Amendment[] Amendments() =>
    [
        Proposal(AmendmentId, "expert-ca", "CAN", 0)
            .With(new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-jp", "JPN", Now))
            .With(new AmendmentSupported(GroupId, DraftId, AmendmentId, "expert-mx", "MEX", Now))
            .With(new AmendmentObjectedTo(GroupId, DraftId, AmendmentId, "expert-cn", "CHN", "No.", Now)),
        Proposal(Second, "expert-personal", null, 5, AmendmentKind.InsertParagraphAfter),
        Proposal(Third, "expert-ca", "CAN", 1).With(new AmendmentRejected(GroupId, DraftId, Third, null, Now)),
    ];

    private static Dictionary<Guid, Paragraph> Paragraphs() => new() { [ParagraphId] = Given(Added(BaseText)) };

    [Fact]
    public void The_compilation_shows_each_submitted_proposal_with_who_proposed_supported_and_objected_by_State_name()
    {
        var compilation = Compilation.WithAttribution(DraftWithParagraph(), Paragraphs(), Amendments(), Members);

        var paragraph = Assert.Single(Assert.Single(compilation.Sections).Paragraphs);
        Assert.Equal((1, BaseText), (paragraph.Number, paragraph.Text));
        Assert.Equal(
            ["Proposal 1: Proposed by Canada; supported by Japan, Mexico; objected to by China", "Proposal 2: Proposed by Dr. Ana Pérez"],
            paragraph.Proposals.Select(p => $"{p.Label}: {p.Attribution}"));
    }

    [Fact]
    public void The_Chairs_text_is_the_same_material_without_attribution()
    {
        var compilation = Compilation.WithAttribution(DraftWithParagraph(), Paragraphs(), Amendments(), Members);
        var chairs = Compilation.ChairsText(DraftWithParagraph(), Paragraphs(), Amendments());

        var withNames = compilation.Sections[0].Paragraphs[0].Proposals;
        var anonymous = chairs.Sections[0].Paragraphs[0].Proposals;
        Assert.Equal(withNames.Select(p => (p.AmendmentId, p.Label, p.Kind, p.Text)), anonymous.Select(p => (p.AmendmentId, p.Label, p.Kind, p.Text)));
        Assert.All(anonymous, p => Assert.True(p.Attribution is null && p.ProposedBy is null && p.SupportedBy.Count == 0 && p.ObjectedToBy.Count == 0));
    }

    [Fact]
    public void Amendment_lists_filter_by_paragraph_state_proposer_and_State()
    {
        var amendments = Amendments();
        Assert.Equal([AmendmentId, Third], AmendmentViews.List(amendments, new AmendmentFilter(ProposerState: "can")).Select(a => a.AmendmentId));
        Assert.Equal([Third], AmendmentViews.List(amendments, new AmendmentFilter(State: AmendmentState.Rejected)).Select(a => a.AmendmentId));
        Assert.Equal([Second], AmendmentViews.List(amendments, new AmendmentFilter(ParagraphId, AmendmentState.Submitted, "expert-personal")).Select(a => a.AmendmentId));
        Assert.Empty(AmendmentViews.List(amendments, new AmendmentFilter(ParagraphId: Guid.NewGuid())));
        var first = AmendmentViews.List(amendments, new AmendmentFilter())[0];
        Assert.Equal((2, 1), (first.Supporters, first.Objections));
    }

    [Fact]
    public void Comment_threads_are_counted_open_and_resolved_per_paragraph_and_the_draft_counts_open_work()
    {
        CommentThread Thread(Guid paragraphId, bool resolved) =>
            new(Guid.NewGuid(), GroupId, DraftId, paragraphId, null, "expert-jp", [], resolved, resolved ? Now : null);
        CommentThread[] threads = [Thread(ParagraphId, false), Thread(ParagraphId, true), Thread(ParagraphId, false), Thread(Second, true)];

        var counts = AmendmentViews.CommentCountsPerParagraph(threads);
        Assert.Equal(new ParagraphCommentCounts(ParagraphId, 2, 1), counts[ParagraphId]);
        Assert.Equal(new ParagraphCommentCounts(Second, 0, 1), counts[Second]);
        Assert.Equal(new DraftActivityCounts(2, 2), AmendmentViews.CountsFor(DraftId, Amendments(), threads));
    }
}
