using System.Text.Json.Serialization;
using GgeWorkspace.Api.Drafts;

namespace GgeWorkspace.Api.Consensus;

/// <summary>What a delegation says about a paragraph. Consensus is not a vote: one objection blocks it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PositionKind>))]
public enum PositionKind
{
    JoinConsensus,
    CanLiveWith,

    /// <summary>A hold: the delegation waits for instructions from its capital, expected by a date.</summary>
    AwaitingInstructions,

    /// <summary>Joins consensus with a reservation whose text becomes a footnote in exports.</summary>
    Reservation,

    /// <summary>Blocks consensus; a reason is required.</summary>
    Objection,
}

/// <summary>
/// A delegation: an Expert member, shown with the State that nominated them when their contributions are attributed to
/// it (<see cref="Actor.AttributedState"/>), otherwise by themselves.
/// </summary>
public sealed record Delegation(string Sub, string? State)
{
    /// <summary>How the delegation is named to the Chair: the State when attributed, otherwise the expert.</summary>
    public string Label => State ?? Sub;

    public static Delegation Of(Actor actor) => new(actor.Sub, actor.AttributedState);
}

/// <summary>
/// A position in full. <see cref="Reason"/> is required for an objection, <see cref="ReservationText"/> for a reservation
/// (it becomes the footnote), <see cref="ExpectedBy"/> (UTC) for awaiting instructions; the others are null.
/// </summary>
public sealed record Position(PositionKind Kind, string? Reason = null, string? ReservationText = null, DateTimeOffset? ExpectedBy = null)
{
    public static Position JoinConsensus() => new(PositionKind.JoinConsensus);

    public static Position CanLiveWith(string? reason = null) => new(PositionKind.CanLiveWith, reason);

    public static Position AwaitingInstructions(DateTimeOffset expectedBy, string? reason = null) =>
        new(PositionKind.AwaitingInstructions, reason, null, expectedBy);

    public static Position Reservation(string text) => new(PositionKind.Reservation, null, text);

    public static Position Objection(string reason) => new(PositionKind.Objection, reason);
}

/// <summary>A delegation's current position on a paragraph, and since when.</summary>
public sealed record DelegationPosition(Delegation Delegation, Position Position, DateTimeOffset Since);

/// <summary>An event of a paragraph's positions stream (<see cref="ConsensusStreams.PositionsOf"/>).</summary>
public interface IPositionsEvent : IDraftEvent
{
    Guid ParagraphId { get; }
}

/// <summary>
/// A delegation stated a position, or changed it: the event carries the full new position, so the history of the stream is
/// the history of the delegation's positions. Turning an objection into a reservation is this event with a reservation.
/// </summary>
public sealed record PositionStated(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string DelegationSub, string? DelegationState, Position Position, DateTimeOffset StatedAt)
    : IPositionsEvent;

/// <summary>A delegation withdrew its position (an objection withdrawn stops blocking).</summary>
public sealed record PositionWithdrawn(Guid GroupId, Guid DraftId, Guid ParagraphId, string DelegationSub, DateTimeOffset WithdrawnAt) : IPositionsEvent;

/// <summary>The Chair asked that the paragraph (agreed ad referendum) become agreed when its last hold is lifted.</summary>
public sealed record AutoAgreeOnHoldsLiftedRequested(Guid GroupId, Guid DraftId, Guid ParagraphId, string RequestedBySub, DateTimeOffset RequestedAt)
    : IPositionsEvent;

/// <summary>The Chair withdrew the request.</summary>
public sealed record AutoAgreeOnHoldsLiftedCancelled(Guid GroupId, Guid DraftId, Guid ParagraphId, string CancelledBySub, DateTimeOffset CancelledAt)
    : IPositionsEvent;

/// <summary>The last hold was lifted and the paragraph was agreed (the paragraph stream got ParagraphAgreed, procedure "holds-lifted").</summary>
public sealed record AutoAgreeOnHoldsLiftedCompleted(Guid GroupId, Guid DraftId, Guid ParagraphId, DateTimeOffset CompletedAt) : IPositionsEvent;

/// <summary>The last hold was lifted but the paragraph no longer met the conditions for agreement; the request ends here.</summary>
public sealed record AutoAgreeFailed(Guid GroupId, Guid DraftId, Guid ParagraphId, IReadOnlyList<AgreementBlocker> Reasons, DateTimeOffset FailedAt)
    : IPositionsEvent;

/// <summary>A pending auto-agree request.</summary>
public sealed record AutoAgreeRequest(string RequestedBySub, DateTimeOffset RequestedAt);

/// <summary>
/// The delegations' positions on one paragraph (one stream per paragraph, id <see cref="ConsensusStreams.PositionsOf"/>),
/// and the Chair's pending request to agree it automatically when its holds are lifted. Per paragraph rather than per
/// draft: delegations state positions on different paragraphs at once without contending, and agreeing a paragraph needs
/// only its own positions. The dashboard reads all of a draft's (they carry the draft id).
/// </summary>
public sealed record ParagraphPositions(
    Guid Id, Guid GroupId, Guid DraftId, Guid ParagraphId, IReadOnlyList<DelegationPosition> Positions, AutoAgreeRequest? AutoAgree)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>No positions yet; what the write side uses when the stream does not exist.</summary>
    public static ParagraphPositions Empty(Guid groupId, Guid draftId, Guid paragraphId) =>
        new(ConsensusStreams.PositionsOf(paragraphId), groupId, draftId, paragraphId, [], null);

    public static ParagraphPositions Create(PositionStated e) => Empty(e.GroupId, e.DraftId, e.ParagraphId).Apply(e);

    public static ParagraphPositions Create(AutoAgreeOnHoldsLiftedRequested e) => Empty(e.GroupId, e.DraftId, e.ParagraphId).Apply(e);

    public ParagraphPositions Apply(PositionStated e)
    {
        var position = new DelegationPosition(new Delegation(e.DelegationSub, e.DelegationState), e.Position, e.StatedAt);
        var index = Positions.ToList().FindIndex(p => p.Delegation.Sub == e.DelegationSub);
        return this with
        {
            Positions = index < 0 ? [.. Positions, position] : [.. Positions.Select((p, i) => i == index ? position : p)],
        };
    }

    public ParagraphPositions Apply(PositionWithdrawn e) => this with { Positions = [.. Positions.Where(p => p.Delegation.Sub != e.DelegationSub)] };

    public ParagraphPositions Apply(AutoAgreeOnHoldsLiftedRequested e) => this with { AutoAgree = new AutoAgreeRequest(e.RequestedBySub, e.RequestedAt) };

    public ParagraphPositions Apply(AutoAgreeOnHoldsLiftedCancelled e) => this with { AutoAgree = null };

    public ParagraphPositions Apply(AutoAgreeOnHoldsLiftedCompleted e) => this with { AutoAgree = null };

    public ParagraphPositions Apply(AutoAgreeFailed e) => this with { AutoAgree = null };

    /// <summary>The delegation's current position, if any.</summary>
    public DelegationPosition? PositionOf(string delegationSub) => Positions.FirstOrDefault(p => p.Delegation.Sub == delegationSub);

    public IEnumerable<DelegationPosition> OfKind(PositionKind kind) => Positions.Where(p => p.Position.Kind == kind);

    /// <summary>Applies any positions event (unknown events leave the state unchanged).</summary>
    public ParagraphPositions Advance(object e) => e switch
    {
        PositionStated s => Apply(s),
        PositionWithdrawn w => Apply(w),
        AutoAgreeOnHoldsLiftedRequested r => Apply(r),
        AutoAgreeOnHoldsLiftedCancelled c => Apply(c),
        AutoAgreeOnHoldsLiftedCompleted c => Apply(c),
        AutoAgreeFailed f => Apply(f),
        _ => this,
    };
}
