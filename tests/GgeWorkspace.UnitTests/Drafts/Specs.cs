using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Groups;

namespace GgeWorkspace.UnitTests.Drafts;

/// <summary>Given(events) / When(command) / Then(events or error), with no database.</summary>
internal static class Specs
{
    public static readonly Guid GroupId = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    public static readonly Guid DraftId = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    public static readonly Guid ParagraphId = Guid.Parse("0190a000-0000-7000-8000-000000000003");
    public static readonly DateTimeOffset Now = new(2019, 5, 24, 10, 0, 0, TimeSpan.FromHours(2));

    public static readonly Actor Chair = new("chair", MemberRole.Chair);
    public static readonly Actor Secretariat = new("unoda", MemberRole.Secretariat);
    public static readonly Actor CanadianExpert = new("expert-ca", MemberRole.Expert, "Canada");
    public static readonly Actor JapaneseExpert = new("expert-jp", MemberRole.Expert, "Japan");
    public static readonly Actor Observer = new("observer", MemberRole.Observer);

    public static Actor ActorWith(MemberRole role) => role switch
    {
        MemberRole.Chair => Chair,
        MemberRole.Secretariat => Secretariat,
        MemberRole.Expert => CanadianExpert,
        _ => Observer,
    };

    public static ParagraphAdded Added(string text = "The Group considered the role of verification.") =>
        new(GroupId, DraftId, ParagraphId, text, Secretariat.Sub, null, Now.AddDays(-1));

    public static object[] InStatus(ParagraphStatus status, string text = "The Group considered the role of verification.")
    {
        object added = Added(text);
        object underNegotiation = new ParagraphPutUnderNegotiation(GroupId, DraftId, ParagraphId);
        return status switch
        {
            ParagraphStatus.Proposed => [added],
            ParagraphStatus.UnderNegotiation => [added, underNegotiation],
            ParagraphStatus.AgreedAdReferendum => [added, underNegotiation, new ParagraphAgreedAdReferendum(GroupId, DraftId, ParagraphId)],
            ParagraphStatus.Agreed => [added, underNegotiation, new ParagraphAgreed(GroupId, DraftId, ParagraphId, null, null)],
            ParagraphStatus.Parked => [added, new ParagraphParked(GroupId, DraftId, ParagraphId)],
            _ => [added, new ParagraphDeleted(GroupId, DraftId, ParagraphId, null)],
        };
    }

    public static Paragraph Given(params IEnumerable<object> events)
    {
        Paragraph? state = null;
        foreach (var e in events) state = Evolve(state, e);
        return state!;
    }

    public static Paragraph Evolve(Paragraph? state, object e) =>
        Paragraph.Evolve(state, e) ?? throw new InvalidOperationException($"A paragraph stream cannot start with {e.GetType().Name}.");

    public static Paragraph Evolve(Paragraph state, IEnumerable<object> events) => events.Aggregate(state, (s, e) => Evolve(s, e));

    public static Draft GivenDraft(params IEnumerable<object> events)
    {
        Draft? state = null;
        foreach (var e in events) state = EvolveDraft(state, e);
        return state!;
    }

    public static Draft EvolveDraft(Draft? state, object e) =>
        Draft.Evolve(state, e) ?? throw new InvalidOperationException($"A draft stream cannot start with {e.GetType().Name}.");

    /// <summary>The delegations present in the group of these specs: Canada and Japan, each through its Expert.</summary>
    public static readonly IReadOnlyList<Delegation> Delegations = [Delegation.Of(CanadianExpert), Delegation.Of(JapaneseExpert)];

    public static object[] When(Paragraph? state, IParagraphCommand command, Actor actor) =>
        ParagraphDecisions.Decide(command, state, actor, Now, Delegations);

    /// <summary>Events compared by type and content (records holding lists compare by reference otherwise).</summary>
    public static void Then(object[] actual, params object[] expected) =>
        Assert.Equal(expected.Select(Describe).ToList(), actual.Select(Describe).ToList());

    public static string Describe(object e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType())}";
}
