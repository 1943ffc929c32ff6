using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using static GgeWorkspace.UnitTests.Drafts.Specs;

namespace GgeWorkspace.UnitTests.Amendments;

internal static class AmendmentSpecs
{
    public static readonly Guid AmendmentId = Guid.Parse("0190a000-0000-7000-8000-0000000000a1");
    public static readonly Guid SectionId = Guid.Parse("0190a000-0000-7000-8000-0000000000e1");
    public static readonly Actor MexicanExpert = new("expert-mx", MemberRole.Expert, "MEX");
    public static readonly Actor ChineseExpert = new("expert-cn", MemberRole.Expert, "CHN");
    public static readonly Actor PersonalExpert = new("expert-personal", MemberRole.Expert);

    public const string BaseText = "The Group welcomed the report of the Secretary-General.";

    public static AmendmentProposed Proposed(AmendmentKind kind = AmendmentKind.ReplaceText, string? text = "The Group noted the report of the Secretary-General.") =>
        new(GroupId, DraftId, AmendmentId, ParagraphId, kind, text, null, 0, BaseText, CanadianExpert.Sub, CanadianExpert.AttributedState, Now.AddHours(-1));

    public static Amendment GivenAmendment(params IEnumerable<object> events)
    {
        Amendment? state = null;
        foreach (var e in events) state = state is null ? Amendment.From((AmendmentProposed)e) : (Amendment)state.With((dynamic)e);
        return state!;
    }

    public static Amendment Evolve(Amendment state, IEnumerable<object> events) =>
        events.Aggregate(state, (s, e) => (Amendment)s.With((dynamic)e));

    public static object[] When(Amendment state, IAmendmentCommand command, Actor actor) => AmendmentDecisions.Decide(command, state, actor, Now);

    public static Draft DraftWithParagraph() => GivenDraft(
        new DraftCreated(GroupId, DraftId, "Report", null, DraftKind.Report, null),
        new SectionAdded(GroupId, DraftId, SectionId, "Introduction", null, null),
        new ParagraphPlaced(GroupId, DraftId, ParagraphId, SectionId, null));

    public static object[] InState(AmendmentState state) => state switch
    {
        AmendmentState.Submitted => [Proposed()],
        AmendmentState.Accepted => [Proposed(), new AmendmentAccepted(GroupId, DraftId, AmendmentId, ParagraphId, Now)],
        AmendmentState.Rejected => [Proposed(), new AmendmentRejected(GroupId, DraftId, AmendmentId, null, Now)],
        _ => [Proposed(), new AmendmentWithdrawn(GroupId, DraftId, AmendmentId, Now)],
    };
}
