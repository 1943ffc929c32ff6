namespace GgeWorkspace.Api.Amendments;

/// <summary>What an amendment proposes to do to its target paragraph.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AmendmentKind>))]
public enum AmendmentKind
{
    /// <summary>Replace the paragraph's text with <see cref="Amendment.Text"/> (merged three-way on acceptance).</summary>
    ReplaceText,

    /// <summary>Insert a new paragraph with <see cref="Amendment.Text"/> right after the target paragraph.</summary>
    InsertParagraphAfter,

    /// <summary>Delete the target paragraph.</summary>
    DeleteParagraph,

    /// <summary>Add <see cref="Amendment.Text"/> as the next option of the target paragraph.</summary>
    AddOption,
}

/// <summary>Submitted until the Chair accepts or rejects it or its proposer withdraws it; the last three are final.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AmendmentState>))]
public enum AmendmentState
{
    Submitted,
    Accepted,
    Rejected,
    Withdrawn,
}

/// <summary>An event of one amendment stream.</summary>
public interface IAmendmentEvent : IDraftEvent
{
    Guid AmendmentId { get; }
}

/// <summary>
/// An Expert proposed an amendment to <see cref="ParagraphId"/> (for <see cref="AmendmentKind.InsertParagraphAfter"/>, the
/// paragraph the new one goes after). <see cref="BaseText"/> is the paragraph's text at <see cref="BaseTextVersion"/>, the
/// base of the three-way merge on acceptance. <see cref="Text"/> is null only for <see cref="AmendmentKind.DeleteParagraph"/>.
/// The proposer and their attributed State are content (the compilation shows them), so they are in the event.
/// </summary>
/// <remarks><see cref="Language"/> is the language the amendment is written in; null in amendments proposed before it was kept (the working language).</remarks>
public sealed record AmendmentProposed(
    Guid GroupId, Guid DraftId, Guid AmendmentId, Guid ParagraphId, AmendmentKind Kind, string? Text, string? Explanation,
    long BaseTextVersion, string BaseText, string ProposerSub, string? ProposerState, DateTimeOffset ProposedAt, string? Language = null) : IAmendmentEvent;

/// <summary>A delegation co-sponsored the amendment (replacing an objection it had entered, if any).</summary>
public sealed record AmendmentSupported(
    Guid GroupId, Guid DraftId, Guid AmendmentId, string SupporterSub, string? SupporterState, DateTimeOffset SupportedAt) : IAmendmentEvent;

/// <summary>A delegation objected to the amendment, optionally with a reason (replacing its support, if any).</summary>
public sealed record AmendmentObjectedTo(
    Guid GroupId, Guid DraftId, Guid AmendmentId, string ObjectorSub, string? ObjectorState, string? Reason, DateTimeOffset ObjectedAt) : IAmendmentEvent;

/// <summary>A delegation no longer co-sponsors the amendment.</summary>
public sealed record AmendmentSupportWithdrawn(Guid GroupId, Guid DraftId, Guid AmendmentId, string SupporterSub, DateTimeOffset WithdrawnAt) : IAmendmentEvent;

/// <summary>A delegation lifted its objection to the amendment.</summary>
public sealed record AmendmentObjectionWithdrawn(Guid GroupId, Guid DraftId, Guid AmendmentId, string ObjectorSub, DateTimeOffset WithdrawnAt) : IAmendmentEvent;

/// <summary>
/// The Chair accepted the amendment; its change was applied to the paragraph in the same write (a
/// <see cref="ParagraphTextChanged"/> of kind <see cref="TextChangeKind.AmendmentAccepted"/>, a new paragraph, a deletion or an option).
/// Accepted over standing objections, <see cref="OverriddenObjections"/> records them as they stood and <see cref="Reason"/>
/// the Chair's reason; both are null otherwise (and in events stored before they existed).
/// </summary>
public sealed record AmendmentAccepted(
    Guid GroupId, Guid DraftId, Guid AmendmentId, Guid ParagraphId, DateTimeOffset AcceptedAt,
    IReadOnlyList<AmendmentObjection>? OverriddenObjections = null, string? Reason = null) : IAmendmentEvent;

/// <summary>The Chair rejected the amendment, optionally saying why.</summary>
public sealed record AmendmentRejected(Guid GroupId, Guid DraftId, Guid AmendmentId, string? Reason, DateTimeOffset RejectedAt) : IAmendmentEvent;

/// <summary>The proposer withdrew the amendment.</summary>
public sealed record AmendmentWithdrawn(Guid GroupId, Guid DraftId, Guid AmendmentId, DateTimeOffset WithdrawnAt) : IAmendmentEvent;

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
    /// <summary>The language the amendment is written in (ISO 639-1); null when proposed before it was kept, that is in the working language.</summary>
    public string? Language { get; init; }

    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public bool IsFinal => State != AmendmentState.Submitted;

    /// <summary>
    /// The id of the paragraph an accepted <see cref="AmendmentKind.InsertParagraphAfter"/> creates, or of the option an
    /// accepted <see cref="AmendmentKind.AddOption"/> adds: derived from the amendment's id, so accepting is repeatable and
    /// traceable. Not the amendment's id itself: a new paragraph starts a stream, and stream ids are shared by every kind of stream.
    /// </summary>
    public Guid ResultingId => StreamIds.NameBased($"gge-workspace/amendments/{Id:D}/result");

    /// <summary>The amendment a route names, only if it is in that draft of that group: anything else is 404, no hint.</summary>
    public static Amendment InDraft(Amendment? amendment, Guid groupId, Guid draftId) =>
        amendment is not null && amendment.GroupId == groupId && amendment.DraftId == draftId
            ? amendment
            : throw new NotFoundException("No such amendment in this draft.");

    /// <summary>Every event type of an amendment's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(AmendmentProposed), typeof(AmendmentSupported), typeof(AmendmentObjectedTo), typeof(AmendmentSupportWithdrawn),
        typeof(AmendmentObjectionWithdrawn), typeof(AmendmentAccepted), typeof(AmendmentRejected), typeof(AmendmentWithdrawn),
        typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way an amendment changes by an event: Marten's snapshot, the write path and exports all use it.</summary>
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

    public static Amendment From(AmendmentProposed e) =>
        new(e.AmendmentId, e.GroupId, e.DraftId, e.ParagraphId, e.Kind, e.Text, e.Explanation, e.BaseTextVersion, e.BaseText,
            e.ProposerSub, e.ProposerState, e.ProposedAt, AmendmentState.Submitted, [], [], null, null) { Language = e.Language };

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
