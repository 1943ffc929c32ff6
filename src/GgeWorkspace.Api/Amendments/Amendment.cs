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

    /// <summary>Every event type of an amendment's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(AmendmentProposed), typeof(AmendmentSupported), typeof(AmendmentObjectedTo), typeof(AmendmentSupportWithdrawn),
        typeof(AmendmentObjectionWithdrawn), typeof(AmendmentAccepted), typeof(AmendmentRejected), typeof(AmendmentWithdrawn),
        typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way an amendment changes by an event: Marten's snapshot, the writer and exports all use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static Amendment? Evolve(Amendment? state, object e) => (state, e) switch
    {
        (null, AmendmentProposed x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, AmendmentSupported x) => state.With(x),
        (not null, AmendmentObjectedTo x) => state.With(x),
        (not null, AmendmentSupportWithdrawn x) => state.With(x),
        (not null, AmendmentObjectionWithdrawn x) => state.With(x),
        (not null, AmendmentAccepted x) => state.With(x),
        (not null, AmendmentRejected x) => state.With(x),
        (not null, AmendmentWithdrawn x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or AmendmentProposed) => state,
        _ => throw new UnexpectedEventException(typeof(Amendment), e),
    };

    /// <summary>The state after appending <paramref name="events"/> to <paramref name="state"/> at <paramref name="version"/>.</summary>
    public static Amendment After(Amendment? state, IEnumerable<object> events, long version)
    {
        var result = events.Aggregate(state, Evolve) ?? throw new InvalidOperationException("No amendment.");
        var copy = result with { };
        copy.Version = version;
        return copy;
    }

    public static Amendment From(AmendmentProposed e) =>
        new(e.AmendmentId, e.GroupId, e.DraftId, e.ParagraphId, e.Kind, e.Text, e.Explanation, e.BaseTextVersion, e.BaseText,
            e.ProposerSub, e.ProposerState, e.ProposedAt, AmendmentState.Submitted, [], [], null, null);

    public Amendment With(AmendmentSupported e)
    {
        var rest = WithoutPositionOf(e.SupporterSub);
        return rest with { Supporters = [.. rest.Supporters, new AmendmentSupporter(e.SupporterSub, e.SupporterState, e.SupportedAt)] };
    }

    public Amendment With(AmendmentObjectedTo e)
    {
        var rest = WithoutPositionOf(e.ObjectorSub);
        return rest with { Objections = [.. rest.Objections, new AmendmentObjection(e.ObjectorSub, e.ObjectorState, e.Reason, e.ObjectedAt)] };
    }

    public Amendment With(AmendmentSupportWithdrawn e) => this with { Supporters = [.. Supporters.Where(s => s.Sub != e.SupporterSub)] };

    public Amendment With(AmendmentObjectionWithdrawn e) => this with { Objections = [.. Objections.Where(o => o.Sub != e.ObjectorSub)] };

    public Amendment With(AmendmentAccepted e) => this with { State = AmendmentState.Accepted, DecidedAt = e.AcceptedAt, DecisionReason = e.Reason };

    public Amendment With(AmendmentRejected e) => this with { State = AmendmentState.Rejected, DecidedAt = e.RejectedAt, DecisionReason = e.Reason };

    public Amendment With(AmendmentWithdrawn e) => this with { State = AmendmentState.Withdrawn, DecidedAt = e.WithdrawnAt };

    public AmendmentSupporter? SupportBy(string sub) => Supporters.FirstOrDefault(s => s.Sub == sub);

    public AmendmentObjection? ObjectionBy(string sub) => Objections.FirstOrDefault(o => o.Sub == sub);

    private Amendment WithoutPositionOf(string sub) => this with
    {
        Supporters = [.. Supporters.Where(s => s.Sub != sub)],
        Objections = [.. Objections.Where(o => o.Sub != sub)],
    };
}
