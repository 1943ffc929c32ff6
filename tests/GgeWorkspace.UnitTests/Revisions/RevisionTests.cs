using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Revisions;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Revisions;

public sealed class RevisionTests
{
    internal static readonly Guid Introduction = Guid.Parse("0190a000-0000-7000-8000-00000000a001");
    internal static readonly Guid Findings = Guid.Parse("0190a000-0000-7000-8000-00000000a002");
    internal static readonly Guid Challenges = Guid.Parse("0190a000-0000-7000-8000-00000000a003");

    internal static Guid P(int n) => Guid.Parse($"0190a000-0000-7000-8000-{n:D12}");

    internal static Draft Report(params (Guid Paragraph, Guid Section)[] placed)
    {
        var draft = GivenDraft(
            new DraftCreated(GroupId, DraftId, "Report of the GGE", "GGE/NDV/2019/CRP.1", DraftKind.Report, null),
            new SectionAdded(GroupId, DraftId, Introduction, "Introduction", null, null),
            new SectionAdded(GroupId, DraftId, Findings, "Findings", null, Introduction),
            new SectionAdded(GroupId, DraftId, Challenges, "Verification challenges", Findings, null));
        foreach (var (paragraph, section) in placed)
            draft = DraftDecisions.Decide(new PlaceParagraph(DraftId, paragraph, section, Placement.AtEnd), draft, Chair).Aggregate(draft, EvolveDraft);
        return draft;
    }

    internal static Paragraph Text(Guid id, string text) =>
        Paragraph.From(new ParagraphAdded(GroupId, DraftId, id, text, Secretariat.Sub, null, Now.AddDays(-1)));

    internal static Dictionary<Guid, Paragraph> Texts(params (Guid Id, string Text)[] texts) => texts.ToDictionary(t => t.Id, t => Text(t.Id, t.Text));

    private static readonly Draft ThreeParagraphs = Report((P(1), Introduction), (P(2), Findings), (P(3), Challenges));
    private static readonly Dictionary<Guid, Paragraph> ThreeTexts = Texts((P(1), "First."), (P(2), "Second."), (P(3), "Third."));

    [Fact]
    public void A_snapshot_holds_the_title_sections_with_numbers_and_paragraphs_with_stable_ids_and_numbers()
    {
        var snapshot = RevisionSnapshot.From(ThreeParagraphs, ThreeTexts);

        Assert.Equal(("Report of the GGE", "GGE/NDV/2019/CRP.1"), (snapshot.Title, snapshot.ProvisionalSymbol));
        Assert.Equal(["I.", "II."], snapshot.Sections.Select(s => s.Number));
        Assert.Equal("A.", Assert.Single(snapshot.Sections[1].SubSections).Number);
        Assert.Equal([(P(1), 1, "First."), (P(2), 2, "Second."), (P(3), 3, "Third.")],
            snapshot.Paragraphs().Select(p => (p.ParagraphId, p.Number, p.Text)));
        Assert.All(snapshot.Paragraphs(), p => Assert.Equal("unoda", Assert.Single(p.Authorship).AuthorSub));
    }

    [Fact]
    public void The_first_revision_is_the_zero_draft_then_Rev_1_and_Rev_2()
    {
        RevisionLog? log = null;
        var labels = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var issued = Assert.IsType<RevisionIssued>(Assert.Single(
                RevisionDecisions.Issue(new IssueRevision(DraftId, Guid.NewGuid(), i == 1 ? " After the first session. " : null), log, ThreeParagraphs, ThreeTexts, 100 + i, Chair, Now)));
            Assert.Equal(i, issued.Number);
            Assert.Equal(100 + i, issued.GlobalSequence);
            Assert.Equal(i == 1 ? "After the first session." : null, issued.Note);
            Assert.Equal(3, issued.Snapshot.Paragraphs().Count());
            labels.Add(issued.Label);
            log = log is null ? RevisionLog.From(issued) : log.With(issued);
        }
        Assert.Equal(["Zero draft", "Rev.1", "Rev.2"], labels);
        Assert.Equal([0, 1, 2], log!.Revisions.Select(r => r.Number));
    }

    [Theory]
    [InlineData(MemberRole.Expert)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_the_Chair_issues_revisions(MemberRole role)
    {
        Assert.Throws<ForbiddenException>(() =>
            RevisionDecisions.Issue(new IssueRevision(DraftId, Guid.NewGuid()), null, ThreeParagraphs, ThreeTexts, 1, ActorWith(role), Now));
    }

    [Fact]
    public void A_revision_cannot_reflect_an_earlier_state_than_the_previous_one()
    {
        var zero = (RevisionIssued)RevisionDecisions.Issue(new IssueRevision(DraftId, Guid.NewGuid()), null, ThreeParagraphs, ThreeTexts, 50, Chair, Now)[0];
        Assert.Throws<ConflictException>(() =>
            RevisionDecisions.Issue(new IssueRevision(DraftId, Guid.NewGuid()), RevisionLog.From(zero), ThreeParagraphs, ThreeTexts, 49, Chair, Now));
    }

    [Fact]
    public void A_drafts_revision_stream_has_its_own_stable_id()
    {
        Assert.Equal(RevisionLog.StreamIdFor(DraftId), RevisionLog.StreamIdFor(DraftId));
        Assert.NotEqual(DraftId, RevisionLog.StreamIdFor(DraftId));
        Assert.NotEqual(RevisionLog.StreamIdFor(Guid.NewGuid()), RevisionLog.StreamIdFor(DraftId));
    }
}
