using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using static GgeWorkspace.UnitTests.Consensus.ConsensusSpecs;

namespace GgeWorkspace.UnitTests.Consensus;

public sealed class AdoptionTests
{
    private static readonly AdoptDraft Adopt = new(GroupId, DraftId);

    private static Dictionary<Guid, Paragraph> AllAgreed(params (int N, ParagraphStatus Status)[] exceptions) =>
        Paragraphs([.. Enumerable.Range(1, 5).Select(n => Paragraph(P(n),
            exceptions.FirstOrDefault(e => e.N == n) is { N: > 0 } e ? e.Status : ParagraphStatus.Agreed))]);

    [Fact]
    public void The_Chair_adopts_the_draft_when_every_remaining_paragraph_is_agreed()
    {
        var paragraphs = AllAgreed((4, ParagraphStatus.Deleted));
        Assert.True(AdoptionRules.Readiness(Draft(), paragraphs).IsReady);

        Then(AdoptionRules.Adopt(Adopt, null, Draft(), paragraphs, Chair, Now), new DraftAdopted(GroupId, DraftId, Chair.Sub, Now, 4));
    }

    [Fact]
    public void Nothing_is_agreed_until_everything_is_agreed()
    {
        var paragraphs = AllAgreed((2, ParagraphStatus.AgreedAdReferendum), (5, ParagraphStatus.Parked));
        var readiness = AdoptionRules.Readiness(Draft(), paragraphs);

        Assert.False(readiness.IsReady);
        Assert.Equal((5, 3), (readiness.RemainingParagraphs, readiness.AgreedParagraphs));
        Assert.Equal([new ParagraphNotAgreed(P(2), 2, ParagraphStatus.AgreedAdReferendum), new ParagraphNotAgreed(P(5), 5, ParagraphStatus.Parked)], readiness.NotAgreed);

        var error = Assert.Throws<ConflictException>(() => AdoptionRules.Adopt(Adopt, null, Draft(), paragraphs, Chair, Now));
        Assert.Contains("paragraph 2, paragraph 5", error.Message);
    }

    [Theory]
    [InlineData(MemberRole.Expert)]
    [InlineData(MemberRole.Secretariat)]
    [InlineData(MemberRole.Observer)]
    public void Only_the_Chair_adopts_the_report(MemberRole role) =>
        Assert.Throws<ForbiddenException>(() => AdoptionRules.Adopt(Adopt, null, Draft(), AllAgreed(), new Actor("x", role), Now));

    [Fact]
    public void An_adopted_draft_is_read_only()
    {
        var adoption = DraftAdoption.From(Assert.IsType<DraftAdopted>(Assert.Single(AdoptionRules.Adopt(Adopt, null, Draft(), AllAgreed(), Chair, Now))));

        Assert.Equal(ConsensusStreams.AdoptionOf(DraftId), adoption.Id);
        var error = Assert.Throws<ConflictException>(() => AdoptionRules.EnsureNotAdopted(adoption));
        Assert.Contains("24 May 2019", error.Message);
        Assert.Throws<ConflictException>(() => AdoptionRules.Adopt(Adopt, adoption, Draft(), AllAgreed(), Chair, Now));
        AdoptionRules.EnsureNotAdopted(null);
        Assert.True(AdoptionRules.IsFinal(adoption));
        Assert.False(AdoptionRules.IsFinal(null));
    }

    [Fact]
    public void A_draft_without_paragraphs_cannot_be_adopted()
    {
        var empty = Drafts.Specs.GivenDraft(new DraftCreated(GroupId, DraftId, "Report", null, DraftKind.Report, null));
        Assert.False(AdoptionRules.Readiness(empty, AllAgreed()).IsReady);
        Assert.Throws<ConflictException>(() => AdoptionRules.Adopt(Adopt, null, empty, AllAgreed(), Chair, Now));
    }
}
