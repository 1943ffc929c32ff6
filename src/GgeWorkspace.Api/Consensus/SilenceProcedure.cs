namespace GgeWorkspace.Api.Consensus;

/// <summary>What the Chair circulates under silence.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SilenceScopeKind>))]
public enum SilenceScopeKind
{
    Paragraphs,
    Section,
    Draft,
}

/// <summary>Named paragraphs, one section (with its sub-sections) or the whole draft.</summary>
public sealed record SilenceScope(SilenceScopeKind Kind, Guid? SectionId = null, IReadOnlyList<Guid>? ParagraphIds = null)
{
    public static SilenceScope OfParagraphs(params IReadOnlyList<Guid> paragraphIds) => new(SilenceScopeKind.Paragraphs, null, paragraphIds);

    public static SilenceScope OfSection(Guid sectionId) => new(SilenceScopeKind.Section, sectionId);

    public static SilenceScope WholeDraft { get; } = new(SilenceScopeKind.Draft);
}

/// <summary>
/// A paragraph placed under silence, as it was circulated: its status then (it returns to it if silence is broken), the
/// text and negotiation versions circulated, and the single option that becomes the text if agreed.
/// </summary>
public sealed record SilencedParagraph(Guid ParagraphId, ParagraphStatus StatusBefore, long TextVersion, long NegotiationVersion, Guid? OptionId);

/// <summary>A paragraph of the section or draft that could not be placed under silence, and why.</summary>
public sealed record NotSilencedParagraph(Guid ParagraphId, IReadOnlyList<AgreementBlocker> Reasons);

/// <summary>Who broke silence, and why.</summary>
public sealed record SilenceBreak(string BrokenBySub, string? BrokenByState, string Reason, DateTimeOffset BrokenAt)
{
    public Delegation Delegation => new(BrokenBySub, BrokenByState);
}

/// <summary>A paragraph returned to the status it had before silence.</summary>
public sealed record ReturnedParagraph(Guid ParagraphId, ParagraphStatus Status);

[JsonConverter(typeof(JsonStringEnumConverter<SilenceOutcome>))]
public enum SilenceOutcome
{
    /// <summary>Nobody broke silence: the placed paragraphs are agreed.</summary>
    Agreed,

    /// <summary>Silence was broken: the paragraphs return to the status they had.</summary>
    Broken,
}

[JsonConverter(typeof(JsonStringEnumConverter<SilenceProcedureStatus>))]
public enum SilenceProcedureStatus
{
    /// <summary>Circulated, deadline not reached, not broken: the placed paragraphs are frozen.</summary>
    Running,

    /// <summary>Broken before the deadline; the outcome is recorded at the deadline. The paragraphs are no longer frozen.</summary>
    Broken,
    Concluded,
    Cancelled,
}

/// <summary>An event of one silence procedure stream.</summary>
public interface ISilenceEvent : IDraftEvent
{
    Guid ProcedureId { get; }
}

/// <summary>
/// The Chair placed paragraphs under silence until <see cref="Deadline"/> (UTC). <see cref="ReminderAt"/> is 24 hours before
/// it (null when the procedure is shorter than that). For a section or the draft, <see cref="NotPlaced"/> lists the others.
/// </summary>
public sealed record SilenceProcedureStarted(
    Guid GroupId, Guid DraftId, Guid ProcedureId, SilenceScope Scope, IReadOnlyList<SilencedParagraph> Placed,
    IReadOnlyList<NotSilencedParagraph> NotPlaced, string StartedBySub, DateTimeOffset StartedAt, DateTimeOffset Deadline,
    DateTimeOffset? ReminderAt) : ISilenceEvent;

/// <summary>The reminder 24 hours before the deadline was recorded (members are notified from it).</summary>
public sealed record SilenceReminderRecorded(Guid GroupId, Guid DraftId, Guid ProcedureId, DateTimeOffset Deadline, DateTimeOffset RecordedAt)
    : ISilenceEvent;

/// <summary>A delegation broke silence before the deadline, with a reason.</summary>
public sealed record SilenceBroken(
    Guid GroupId, Guid DraftId, Guid ProcedureId, string BrokenBySub, string? BrokenByState, string Reason, DateTimeOffset BrokenAt) : ISilenceEvent;

/// <summary>
/// The outcome at the deadline. <see cref="SilenceOutcome.Agreed"/>: <see cref="AgreedParagraphIds"/> become agreed (the write
/// side appends ParagraphAgreed, procedure "silence", to each; see <see cref="SilenceRules.AgreementFor"/>).
/// <see cref="SilenceOutcome.Broken"/>: <see cref="Returned"/> keep the status they had; <see cref="BrokenBy"/> says who broke
/// it and why.
/// </summary>
public sealed record SilenceConcluded(
    Guid GroupId, Guid DraftId, Guid ProcedureId, SilenceOutcome Outcome, IReadOnlyList<Guid> AgreedParagraphIds,
    IReadOnlyList<ReturnedParagraph> Returned, IReadOnlyList<SilenceBreak> BrokenBy, DateTimeOffset Deadline, DateTimeOffset ConcludedAt)
    : ISilenceEvent;

/// <summary>The Chair cancelled the procedure before its outcome; the paragraphs keep the status they had.</summary>
public sealed record SilenceCancelled(
    Guid GroupId, Guid DraftId, Guid ProcedureId, string CancelledBySub, string? Reason, DateTimeOffset CancelledAt) : ISilenceEvent;

/// <summary>
/// One silence procedure (its own stream, id from <c>Guid.CreateVersion7()</c>). A paragraph's own status does not change
/// while it is under silence, so "returning to the status it had" changes nothing on the paragraph stream; the procedure
/// records that status and the freeze (<see cref="SilenceRules.EnsureNotUnderSilence"/>) keeps the text as circulated.
/// </summary>
public sealed record SilenceProcedure(
    Guid Id, Guid GroupId, Guid DraftId, SilenceScope Scope, IReadOnlyList<SilencedParagraph> Placed, IReadOnlyList<NotSilencedParagraph> NotPlaced,
    string StartedBySub, DateTimeOffset StartedAt, DateTimeOffset Deadline, DateTimeOffset? ReminderAt, bool ReminderRecorded,
    IReadOnlyList<SilenceBreak> Breaks, SilenceProcedureStatus Status, SilenceOutcome? Outcome)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>Running: its paragraphs are frozen, and it may still be broken or cancelled.</summary>
    public bool IsRunning => Status == SilenceProcedureStatus.Running;

    /// <summary>Still waiting for its outcome (running, or broken and waiting for the deadline).</summary>
    public bool IsOpen => Status is SilenceProcedureStatus.Running or SilenceProcedureStatus.Broken;

    public bool Covers(Guid paragraphId) => Placed.Any(p => p.ParagraphId == paragraphId);

    /// <summary>Every event type of a silence procedure's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(SilenceProcedureStarted), typeof(SilenceReminderRecorded), typeof(SilenceBroken), typeof(SilenceConcluded),
        typeof(SilenceCancelled), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a silence procedure changes by an event: Marten's snapshot, the scheduler and the writers all use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static SilenceProcedure? Evolve(SilenceProcedure? state, object e) => (state, e) switch
    {
        (null, SilenceProcedureStarted x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, SilenceReminderRecorded x) => state.With(x),
        (not null, SilenceBroken x) => state.With(x),
        (not null, SilenceConcluded x) => state.With(x),
        (not null, SilenceCancelled x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or SilenceProcedureStarted) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(SilenceProcedure), e),
    };

    public static SilenceProcedure From(SilenceProcedureStarted e) => new(
        e.ProcedureId, e.GroupId, e.DraftId, e.Scope, e.Placed, e.NotPlaced, e.StartedBySub, e.StartedAt, e.Deadline, e.ReminderAt, false,
        [], SilenceProcedureStatus.Running, null);

    public SilenceProcedure With(SilenceReminderRecorded e) => this with { ReminderRecorded = true };

    public SilenceProcedure With(SilenceBroken e) =>
        this with { Breaks = [.. Breaks, new SilenceBreak(e.BrokenBySub, e.BrokenByState, e.Reason, e.BrokenAt)], Status = SilenceProcedureStatus.Broken };

    public SilenceProcedure With(SilenceConcluded e) => this with { Status = SilenceProcedureStatus.Concluded, Outcome = e.Outcome };

    public SilenceProcedure With(SilenceCancelled e) => this with { Status = SilenceProcedureStatus.Cancelled };
}
