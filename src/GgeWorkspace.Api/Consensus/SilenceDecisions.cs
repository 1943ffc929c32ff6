namespace GgeWorkspace.Api.Consensus;

/// <summary>A command on one silence procedure stream.</summary>
public interface ISilenceCommand
{
    Guid ProcedureId { get; }
}

/// <summary>The scheduler records the reminder when it is due (see <see cref="SilenceDecisions.DueWork"/>).</summary>
public sealed record RecordSilenceReminder(Guid ProcedureId) : ISilenceCommand;

/// <summary>The scheduler records the outcome when the deadline has passed (see <see cref="SilenceDecisions.DueWork"/>).</summary>
public sealed record ConcludeSilence(Guid ProcedureId) : ISilenceCommand;

/// <summary>
/// What placing paragraphs under silence must know beyond the procedure: the draft, its paragraphs and their positions
/// (by paragraph id; a missing positions entry means no positions), and the draft's open procedures (a paragraph is in
/// at most one running procedure).
/// </summary>
public sealed record SilenceContext(
    Draft Draft, IReadOnlyDictionary<Guid, Paragraph> Paragraphs, IReadOnlyDictionary<Guid, ParagraphPositions> Positions,
    IReadOnlyList<SilenceProcedure> OpenProcedures);

/// <summary>Pure rules of the silence procedure: given the procedure, the actor and the time, the events to append, or a domain error.</summary>
public static class SilenceDecisions
{
    /// <summary>Silence lasts 72 hours unless the Chair sets another deadline.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(72);

    /// <summary>The earliest deadline the Chair may set, from now, unless configured otherwise (<see cref="ConsensusOptions"/>).</summary>
    public static readonly TimeSpan DefaultMinimumDeadline = TimeSpan.FromHours(3);

    /// <summary>The reminder is recorded this long before the deadline.</summary>
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromHours(24);

    /// <summary>
    /// The Chair places paragraphs, a section (with its sub-sections) or the whole draft under silence. Only paragraphs that
    /// could be agreed are placed (<see cref="ConsensusRules.Blockers"/>, and not already under running silence). Named
    /// paragraphs must all qualify (409 listing why not); for a section or the draft the others are recorded as not placed,
    /// with the reasons, and deleted ones are skipped. 409 when nothing can be placed. Delegations need time to consult
    /// their capitals: a deadline sooner than <paramref name="minimumDeadline"/> from now (default
    /// <see cref="DefaultMinimumDeadline"/>) is 400 naming the minimum; without a deadline silence lasts
    /// <see cref="DefaultDuration"/>, or the minimum when that is longer.
    /// </summary>
    public static object[] Place(PlaceUnderSilence command, SilenceProcedure? state, SilenceContext context, Actor actor, DateTimeOffset now,
        TimeSpan? minimumDeadline = null)
    {
        RequireChair(actor, "place text under silence");
        if (state is not null) throw new ConflictException("This silence procedure already exists.");
        if (context.Draft.Id != command.DraftId) throw new ArgumentException("The context is of another draft.", nameof(context));
        var minimum = minimumDeadline ?? DefaultMinimumDeadline;
        var deadline = (command.Deadline ?? now + (minimum > DefaultDuration ? minimum : DefaultDuration)).ToUniversalTime();
        if (deadline <= now) throw new UnprocessableException("The deadline of a silence procedure must be in the future.");
        if (deadline < now + minimum)
            throw InvalidFieldsException.Field("deadline",
                $"The deadline must be at least {SilenceRules.Duration(minimum)} from now ({SilenceRules.Utc(now + minimum)} or later): delegations need time to consult their capitals.",
                new Dictionary<string, object?> { ["minimumDeadline"] = minimum.ToString("c", System.Globalization.CultureInfo.InvariantCulture), ["earliestDeadline"] = now + minimum });

        var candidates = Candidates(command.Scope, context);
        var placed = new List<SilencedParagraph>();
        var notPlaced = new List<NotSilencedParagraph>();
        foreach (var paragraph in candidates)
        {
            var reasons = PlacementBlockers(paragraph, context);
            if (reasons.Count == 0)
                placed.Add(new SilencedParagraph(paragraph.Id, paragraph.Status, paragraph.TextVersion, paragraph.NegotiationVersion, paragraph.Options.SingleOrDefault()?.Id));
            else
                notPlaced.Add(new NotSilencedParagraph(paragraph.Id, reasons));
        }

        if (command.Scope.Kind == SilenceScopeKind.Paragraphs && notPlaced.Count > 0 || placed.Count == 0)
            throw new ConflictException(
                placed.Count == 0 && command.Scope.Kind != SilenceScopeKind.Paragraphs
                    ? "No paragraph here could be placed under silence: only text that could be agreed is circulated."
                    : "Only paragraphs that could be agreed can be placed under silence: "
                      + string.Join("; ", notPlaced.Select(n => $"{Label(n.ParagraphId, context)}: {string.Join(" ", n.Reasons.Select(r => r.Message))}")),
                new Dictionary<string, object?> { ["notPlaced"] = notPlaced });

        var reminderAt = deadline - ReminderBefore;
        return
        [
            new SilenceProcedureStarted(command.GroupId, command.DraftId, command.ProcedureId, command.Scope, placed,
                command.Scope.Kind == SilenceScopeKind.Paragraphs ? [] : notPlaced, actor.Sub, now, deadline, reminderAt > now ? reminderAt : null),
        ];
    }

    /// <summary>
    /// Dispatches the commands on an existing procedure. <see cref="RecordSilenceReminder"/> and <see cref="ConcludeSilence"/>
    /// are the scheduler's (the actor is not checked) and yield nothing when nothing is due, so they are idempotent.
    /// </summary>
    public static object[] Decide(ISilenceCommand command, SilenceProcedure? state, Actor actor, DateTimeOffset now) => command switch
    {
        PlaceUnderSilence => throw new InvalidOperationException("Placing text under silence needs its context: call Place."),
        BreakSilence c => Break(c, Existing(state), actor, now),
        CancelSilence c => Cancel(c, Existing(state), actor, now),
        RecordSilenceReminder => Remind(Existing(state), now),
        ConcludeSilence => Conclude(Existing(state), now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a silence command."),
    };

    /// <summary>
    /// Any delegation may break silence before the deadline, with a reason. Several delegations may break the same
    /// procedure (each is recorded once); the outcome is recorded at the deadline.
    /// </summary>
    public static object[] Break(BreakSilence command, SilenceProcedure state, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != MemberRole.Expert)
            throw new ForbiddenException($"Only delegations (Experts) break silence; the {actor.Role} does not.");
        if (!state.IsOpen)
            throw new ConflictException($"This silence procedure has been {state.Status.ToString().ToLowerInvariant()}.", Extensions(state));
        if (now >= state.Deadline)
            throw new ConflictException($"The deadline ({SilenceRules.Utc(state.Deadline)}) has passed: silence can no longer be broken.", Extensions(state));
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw new UnprocessableException("Breaking silence needs a reason.");
        if (state.Breaks.Any(b => b.BrokenBySub == actor.Sub)) return [];
        return [new SilenceBroken(state.GroupId, state.DraftId, state.Id, actor.Sub, actor.AttributedState, command.Reason.Trim(), now)];
    }

    /// <summary>The Chair may cancel an open procedure; cancelling it again yields nothing.</summary>
    public static object[] Cancel(CancelSilence command, SilenceProcedure state, Actor actor, DateTimeOffset now)
    {
        RequireChair(actor, "cancel a silence procedure");
        if (state.Status == SilenceProcedureStatus.Cancelled) return [];
        if (state.Status == SilenceProcedureStatus.Concluded)
            throw new ConflictException("This silence procedure has concluded; it can no longer be cancelled.", Extensions(state));
        return [new SilenceCancelled(state.GroupId, state.DraftId, state.Id, actor.Sub, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), now)];
    }

    /// <summary>The reminder, once, when <paramref name="now"/> is within 24 hours of the deadline of a running (unbroken) procedure.</summary>
    public static object[] Remind(SilenceProcedure state, DateTimeOffset now) =>
        state is { IsRunning: true, ReminderRecorded: false, ReminderAt: { } at } && now >= at && now < state.Deadline
            ? [new SilenceReminderRecorded(state.GroupId, state.DraftId, state.Id, state.Deadline, now)]
            : [];

    /// <summary>
    /// The outcome, once the deadline has passed: not broken, the placed paragraphs are agreed; broken, they return to the
    /// status they had, with who broke it and why. Nothing before the deadline, and nothing for a procedure already
    /// concluded or cancelled, so concluding twice yields nothing the second time.
    /// </summary>
    public static object[] Conclude(SilenceProcedure state, DateTimeOffset now)
    {
        if (!state.IsOpen || now < state.Deadline) return [];
        return state.Breaks.Count == 0
            ? [new SilenceConcluded(state.GroupId, state.DraftId, state.Id, SilenceOutcome.Agreed, [.. state.Placed.Select(p => p.ParagraphId)], [], [], state.Deadline, now)]
            : [new SilenceConcluded(state.GroupId, state.DraftId, state.Id, SilenceOutcome.Broken, [],
                [.. state.Placed.Select(p => new ReturnedParagraph(p.ParagraphId, p.StatusBefore))], state.Breaks, state.Deadline, now)];
    }

    /// <summary>
    /// What the scheduler should append now: the reminder if due, then the outcome if the deadline has passed (a reminder
    /// missed before the deadline is not recorded after it). Empty when nothing is due; calling it again after appending
    /// its events yields nothing. Two instances racing append to the same stream version, so one fails and retries to nothing.
    /// </summary>
    public static object[] DueWork(SilenceProcedure state, DateTimeOffset now) => [.. Remind(state, now), .. Conclude(state, now)];

    /// <summary>When the scheduler next has work for this procedure (the reminder or the deadline), or null when it has none.</summary>
    public static DateTimeOffset? NextDueAt(SilenceProcedure state) => state switch
    {
        { IsOpen: false } => null,
        { IsRunning: true, ReminderRecorded: false, ReminderAt: { } at } => at,
        _ => state.Deadline,
    };

    private static List<Paragraph> Candidates(SilenceScope scope, SilenceContext context)
    {
        Paragraph Known(Guid id) =>
            context.Draft.Find(id) is not null && context.Paragraphs.TryGetValue(id, out var p)
                ? p
                : throw new NotFoundException($"There is no paragraph {id} in this draft.");

        var outline = DraftOutline.Of(context.Draft);
        IEnumerable<Guid> ids = scope.Kind switch
        {
            SilenceScopeKind.Paragraphs when scope.ParagraphIds is { Count: > 0 } named => named.Distinct(),
            SilenceScopeKind.Paragraphs => throw new UnprocessableException("Name at least one paragraph to place under silence."),
            SilenceScopeKind.Section => SectionParagraphs(outline, scope.SectionId
                ?? throw new UnprocessableException("Name the section to place under silence.")),
            SilenceScopeKind.Draft => outline.ParagraphNumbers.OrderBy(p => p.Value).Select(p => p.Key),
            _ => throw new UnprocessableException($"'{scope.Kind}' is not a scope of silence."),
        };
        var paragraphs = ids.Select(Known).ToList();
        return scope.Kind == SilenceScopeKind.Paragraphs ? paragraphs : [.. paragraphs.Where(p => !p.IsDeleted)];
    }

    private static IEnumerable<Guid> SectionParagraphs(DraftOutline outline, Guid sectionId)
    {
        var section = outline.Sections.SelectMany(s => s.SubSections.Prepend(s)).FirstOrDefault(s => s.SectionId == sectionId)
            ?? throw new NotFoundException("There is no such section in this draft.");
        return section.SubSections.Prepend(section).SelectMany(s => s.Paragraphs).Select(p => p.ParagraphId);
    }

    private static List<AgreementBlocker> PlacementBlockers(Paragraph paragraph, SilenceContext context)
    {
        var blockers = ConsensusRules.Blockers(paragraph, context.Positions.GetValueOrDefault(paragraph.Id)).ToList();
        if (context.OpenProcedures.FirstOrDefault(p => p.IsRunning && p.Covers(paragraph.Id)) is { } running)
            blockers.Add(new(AgreementObstacle.UnderSilence, $"It is already under silence until {SilenceRules.Utc(running.Deadline)}."));
        return blockers;
    }

    private static string Label(Guid paragraphId, SilenceContext context) =>
        DraftOutline.Of(context.Draft).NumberOf(paragraphId) is { } n ? $"paragraph {n}" : $"paragraph {paragraphId}";

    private static SilenceProcedure Existing(SilenceProcedure? state) =>
        state ?? throw new NotFoundException("There is no such silence procedure.");

    private static void RequireChair(Actor actor, string action)
    {
        if (actor.Role != MemberRole.Chair) throw new ForbiddenException($"Only the Chair can {action}.");
    }

    private static Dictionary<string, object?> Extensions(SilenceProcedure state) => new()
    {
        ["procedureId"] = state.Id,
        ["procedureStatus"] = state.Status,
        ["deadline"] = state.Deadline,
    };
}
