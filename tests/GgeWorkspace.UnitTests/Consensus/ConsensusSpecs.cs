using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;

namespace GgeWorkspace.UnitTests.Consensus;

/// <summary>A small draft, its paragraphs and positions, built from events as the write side would.</summary>
internal static class ConsensusSpecs
{
    public static readonly Guid GroupId = Guid.Parse("0190b000-0000-7000-8000-000000000001");
    public static readonly Guid DraftId = Guid.Parse("0190b000-0000-7000-8000-000000000002");
    public static readonly Guid SectionI = Guid.Parse("0190b000-0000-7000-8000-0000000000a1");
    public static readonly Guid SectionIA = Guid.Parse("0190b000-0000-7000-8000-0000000000a2");
    public static readonly Guid SectionII = Guid.Parse("0190b000-0000-7000-8000-0000000000a3");
    public static readonly Guid ProcedureId = Guid.Parse("0190b000-0000-7000-8000-0000000000c1");
    public static readonly DateTimeOffset Now = new(2019, 5, 24, 10, 0, 0, TimeSpan.FromHours(2));

    public static readonly Actor Chair = new("chair", MemberRole.Chair);
    public static readonly Actor Secretariat = new("unoda", MemberRole.Secretariat);
    public static readonly Actor Observer = new("observer", MemberRole.Observer);
    public static readonly Actor Canada = new("expert-ca", MemberRole.Expert, "CAN");
    public static readonly Actor Japan = new("expert-jp", MemberRole.Expert, "JPN");
    public static readonly Actor Mexico = new("expert-mx", MemberRole.Expert, "MEX");

    /// <summary>An expert whose contributions are attributed to them alone.</summary>
    public static readonly Actor PersonalExpert = new("expert-personal", MemberRole.Expert);

    public static Guid P(int n) => Guid.Parse($"0190b000-0000-7000-8000-{n:D12}");

    /// <summary>A paragraph in <paramref name="status"/>, with brackets and options added while it was under negotiation.</summary>
    public static Paragraph Paragraph(Guid id, ParagraphStatus status, int brackets = 0, int options = 0)
    {
        var events = new List<object> { new ParagraphAdded(GroupId, DraftId, id, "The Group considered the role of verification.", Secretariat.Sub, null, Now.AddDays(-2)) };
        if (status != ParagraphStatus.Proposed) events.Add(new ParagraphPutUnderNegotiation(GroupId, DraftId, id));
        for (var i = 0; i < brackets; i++)
            events.Add(new BracketAdded(GroupId, DraftId, id, Guid.NewGuid(), 4 * i, 4 * i + 3, 0, BracketKind.Contentious, ["CAN"], Canada.Sub));
        for (var i = 0; i < options; i++)
            events.Add(new ParagraphOptionAdded(GroupId, DraftId, id, Guid.Parse($"0190b000-0000-7000-8001-{i:D12}"), $"Option text {i + 1}.", Canada.Sub, "CAN", Now.AddDays(-1)));
        events.AddRange(status switch
        {
            ParagraphStatus.AgreedAdReferendum => [new ParagraphAgreedAdReferendum(GroupId, DraftId, id)],
            ParagraphStatus.Agreed => [new ParagraphAgreed(GroupId, DraftId, id, null, null)],
            ParagraphStatus.Parked => [new ParagraphParked(GroupId, DraftId, id)],
            ParagraphStatus.Deleted => [new ParagraphDeleted(GroupId, DraftId, id, null)],
            _ => Array.Empty<object>(),
        });
        return Drafts.Specs.Given(events);
    }

    /// <summary>Section I with paragraphs 1-2 and sub-section I.A with paragraph 3; section II with paragraphs 4-5.</summary>
    public static Draft Draft(int paragraphsInII = 2)
    {
        var events = new List<object>
        {
            new DraftCreated(GroupId, DraftId, "Report of the Group", "GGE/NDV/2019/CRP.1", DraftKind.Report, null),
            new SectionAdded(GroupId, DraftId, SectionI, "Introduction", null, null),
            new SectionAdded(GroupId, DraftId, SectionII, "Conclusions & recommendations", null, SectionI),
            new SectionAdded(GroupId, DraftId, SectionIA, "Mandate", SectionI, null),
            new ParagraphPlaced(GroupId, DraftId, P(1), SectionI, null),
            new ParagraphPlaced(GroupId, DraftId, P(2), SectionI, P(1)),
            new ParagraphPlaced(GroupId, DraftId, P(3), SectionIA, null),
        };
        Guid? after = null;
        for (var n = 4; n < 4 + paragraphsInII; n++)
        {
            events.Add(new ParagraphPlaced(GroupId, DraftId, P(n), SectionII, after));
            after = P(n);
        }
        return Drafts.Specs.GivenDraft(events);
    }

    public static Dictionary<Guid, Paragraph> Paragraphs(params Paragraph[] paragraphs) => paragraphs.ToDictionary(p => p.Id);

    /// <summary>Positions after each delegation stated its position, in order.</summary>
    /// <summary>Positions stated at <see cref="Now"/>; a hold already overdue at <see cref="Now"/> was stated the day before it fell due.</summary>
    public static ParagraphPositions Positions(Guid paragraphId, params (Actor Delegation, Position Position)[] stated) =>
        stated.Aggregate(ParagraphPositions.Empty(GroupId, DraftId, paragraphId), (state, s) =>
            Evolve(state, PositionDecisions.Decide(new StatePosition(GroupId, DraftId, paragraphId, s.Position), state, s.Delegation,
                s.Position.ExpectedBy is { } due && due < Now ? due.AddDays(-1) : Now)));

    public static ParagraphPositions Evolve(ParagraphPositions state, IEnumerable<object> events) =>
        events.Aggregate<object, ParagraphPositions?>(state, ParagraphPositions.Evolve)!;

    public static SilenceProcedure Silence(IEnumerable<object> events)
    {
        return events.Aggregate((SilenceProcedure?)null, SilenceProcedure.Evolve)!;
    }

    public static SilenceProcedure Evolve(SilenceProcedure state, IEnumerable<object> events) =>
        events.Aggregate<object, SilenceProcedure?>(state, SilenceProcedure.Evolve)!;

    public static void Then(object[] actual, params object[] expected) => Drafts.Specs.Then(actual, expected);
}
