using GgeWorkspace.Api.Infrastructure.Marten;

namespace GgeWorkspace.Api.Amendments;

/// <summary>A delegation that co-sponsors an amendment: the Expert and the State their contributions are attributed to.</summary>
public sealed record AmendmentSupporter(string Sub, string? State, DateTimeOffset At);

/// <summary>A delegation that objects to an amendment, with its reason if it gave one.</summary>
public sealed record AmendmentObjection(string Sub, string? State, string? Reason, DateTimeOffset At);

/// <summary>
/// One amendment (one stream per amendment): what it proposes, who proposed, supports and objects to it, and where it stands.
/// A delegation is at most once among <see cref="Supporters"/> and <see cref="Objections"/> together; both lists are in
/// the order the positions were taken.
/// </summary>
public sealed record Amendment(
    Guid Id,
    Guid GroupId,
    Guid DraftId,
    Guid ParagraphId,
    AmendmentKind Kind,
    string? Text,
    string? Explanation,
    long BaseTextVersion,
    string BaseText,
    string ProposerSub,
    string? ProposerState,
    DateTimeOffset ProposedAt,
    AmendmentState State,
    IReadOnlyList<AmendmentSupporter> Supporters,
    IReadOnlyList<AmendmentObjection> Objections,
    DateTimeOffset? DecidedAt,
    string? DecisionReason)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public bool IsFinal => State != AmendmentState.Submitted;

    /// <summary>
    /// The id of the paragraph an accepted <see cref="AmendmentKind.InsertParagraphAfter"/> creates, or of the option an
    /// accepted <see cref="AmendmentKind.AddOption"/> adds: derived from the amendment's id, so accepting is repeatable and
    /// traceable. Not the amendment's id itself: a new paragraph starts a stream, and stream ids are shared by every kind of stream.
    /// </summary>
    public Guid ResultingId => StreamIds.NameBased($"gge-workspace/amendments/{Id:D}/result");

    public static Amendment Create(AmendmentProposed e) =>
        new(e.AmendmentId, e.GroupId, e.DraftId, e.ParagraphId, e.Kind, e.Text, e.Explanation, e.BaseTextVersion, e.BaseText,
            e.ProposerSub, e.ProposerState, e.ProposedAt, AmendmentState.Submitted, [], [], null, null);

    public Amendment Apply(AmendmentSupported e)
    {
        var rest = WithoutPositionOf(e.SupporterSub);
        return rest with { Supporters = [.. rest.Supporters, new AmendmentSupporter(e.SupporterSub, e.SupporterState, e.SupportedAt)] };
    }

    public Amendment Apply(AmendmentObjectedTo e)
    {
        var rest = WithoutPositionOf(e.ObjectorSub);
        return rest with { Objections = [.. rest.Objections, new AmendmentObjection(e.ObjectorSub, e.ObjectorState, e.Reason, e.ObjectedAt)] };
    }

    public Amendment Apply(AmendmentSupportWithdrawn e) => this with { Supporters = [.. Supporters.Where(s => s.Sub != e.SupporterSub)] };

    public Amendment Apply(AmendmentObjectionWithdrawn e) => this with { Objections = [.. Objections.Where(o => o.Sub != e.ObjectorSub)] };

    public Amendment Apply(AmendmentAccepted e) => this with { State = AmendmentState.Accepted, DecidedAt = e.AcceptedAt };

    public Amendment Apply(AmendmentRejected e) => this with { State = AmendmentState.Rejected, DecidedAt = e.RejectedAt, DecisionReason = e.Reason };

    public Amendment Apply(AmendmentWithdrawn e) => this with { State = AmendmentState.Withdrawn, DecidedAt = e.WithdrawnAt };

    public AmendmentSupporter? SupportBy(string sub) => Supporters.FirstOrDefault(s => s.Sub == sub);

    public AmendmentObjection? ObjectionBy(string sub) => Objections.FirstOrDefault(o => o.Sub == sub);

    private Amendment WithoutPositionOf(string sub) => this with
    {
        Supporters = [.. Supporters.Where(s => s.Sub != sub)],
        Objections = [.. Objections.Where(o => o.Sub != sub)],
    };
}
