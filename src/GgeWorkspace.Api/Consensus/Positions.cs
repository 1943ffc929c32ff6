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

/// <summary>
/// A delegation's current position on a paragraph, since when, and the paragraph's text it was given on (null: not
/// recorded, for positions stated before positions recorded it).
/// </summary>
public sealed record DelegationPosition(Delegation Delegation, Position Position, DateTimeOffset Since, GivenOnText? GivenOn = null);

/// <summary>An event of a paragraph's positions stream (<see cref="ConsensusStreams.PositionsOf"/>).</summary>
public interface IPositionsEvent : IDraftEvent
{
    Guid ParagraphId { get; }
}

/// <summary>
/// A delegation stated a position, or changed it: the event carries the full new position, so the history of the stream is
/// the history of the delegation's positions. Turning an objection into a reservation is this event with a reservation.
/// <see cref="GivenOn"/> is the paragraph's text it was stated on; events stored before it was recorded have none (unknown).
/// </summary>
public sealed record PositionStated(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string DelegationSub, string? DelegationState, Position Position, DateTimeOffset StatedAt,
    GivenOnText? GivenOn = null)
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

    /// <summary>Every event type of a paragraph's positions stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(PositionStated), typeof(AutoAgreeOnHoldsLiftedRequested), typeof(PositionWithdrawn),
        typeof(AutoAgreeOnHoldsLiftedCancelled), typeof(AutoAgreeOnHoldsLiftedCompleted), typeof(AutoAgreeFailed),
        typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a paragraph's positions change by an event: Marten's snapshot, the writers and exports all use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static ParagraphPositions? Evolve(ParagraphPositions? state, object e) => (state, e) switch
    {
        (null, PositionStated x) => From(x),
        (null, AutoAgreeOnHoldsLiftedRequested x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, PositionStated x) => state.With(x),
        (not null, PositionWithdrawn x) => state.With(x),
        (not null, AutoAgreeOnHoldsLiftedRequested x) => state.With(x),
        (not null, AutoAgreeOnHoldsLiftedCancelled x) => state.With(x),
        (not null, AutoAgreeOnHoldsLiftedCompleted x) => state.With(x),
        (not null, AutoAgreeFailed x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(ParagraphPositions), e),
    };

    public static ParagraphPositions From(PositionStated e) => Empty(e.GroupId, e.DraftId, e.ParagraphId).With(e);

    public static ParagraphPositions From(AutoAgreeOnHoldsLiftedRequested e) => Empty(e.GroupId, e.DraftId, e.ParagraphId).With(e);

    public ParagraphPositions With(PositionStated e)
    {
        var position = new DelegationPosition(new Delegation(e.DelegationSub, e.DelegationState), e.Position, e.StatedAt, e.GivenOn);
        var index = Positions.ToList().FindIndex(p => p.Delegation.Sub == e.DelegationSub);
        return this with
        {
            Positions = index < 0 ? [.. Positions, position] : [.. Positions.Select((p, i) => i == index ? position : p)],
        };
    }

    public ParagraphPositions With(PositionWithdrawn e) => this with { Positions = [.. Positions.Where(p => p.Delegation.Sub != e.DelegationSub)] };

    public ParagraphPositions With(AutoAgreeOnHoldsLiftedRequested e) => this with { AutoAgree = new AutoAgreeRequest(e.RequestedBySub, e.RequestedAt) };

    public ParagraphPositions With(AutoAgreeOnHoldsLiftedCancelled e) => this with { AutoAgree = null };

    public ParagraphPositions With(AutoAgreeOnHoldsLiftedCompleted e) => this with { AutoAgree = null };

    public ParagraphPositions With(AutoAgreeFailed e) => this with { AutoAgree = null };

    /// <summary>The delegation's current position, if any.</summary>
    public DelegationPosition? PositionOf(string delegationSub) => Positions.FirstOrDefault(p => p.Delegation.Sub == delegationSub);

    public IEnumerable<DelegationPosition> OfKind(PositionKind kind) => Positions.Where(p => p.Position.Kind == kind);

}
