using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

/// <summary>A time as stored (UTC) and as members of the group read it (in its time zone).</summary>
public sealed record GroupTime(DateTimeOffset Utc, DateTimeOffset Local, string TimeZone, string Text)
{
    public static GroupTime Of(DateTimeOffset utc, string timeZone) =>
        new(utc.ToUniversalTime(), SilenceRules.InTimeZone(utc, timeZone), timeZone, SilenceRules.Describe(utc, timeZone));
}

public sealed record SilenceProcedureView(
    Guid Id, Guid DraftId, long Version, SilenceProcedureStatus Status, SilenceOutcome? Outcome, SilenceScope Scope,
    IReadOnlyList<SilencedParagraph> Placed, IReadOnlyList<NotSilencedParagraph> NotPlaced, string StartedBySub, GroupTime StartedAt,
    GroupTime Deadline, GroupTime? ReminderAt, bool ReminderRecorded, IReadOnlyList<SilenceBreak> Breaks)
{
    public static SilenceProcedureView From(SilenceProcedure p, string timeZone) => new(
        p.Id, p.DraftId, p.Version, p.Status, p.Outcome, p.Scope, p.Placed, p.NotPlaced, p.StartedBySub, GroupTime.Of(p.StartedAt, timeZone),
        GroupTime.Of(p.Deadline, timeZone), p.ReminderAt is { } at ? GroupTime.Of(at, timeZone) : null, p.ReminderRecorded, p.Breaks);
}

/// <summary>
/// The Chair places named paragraphs, a section or the whole draft under silence until a deadline (72 hours by default).
/// Only paragraphs that could be agreed are placed; the scheduler (<see cref="SilenceScheduler"/>) records the reminder and the outcome.
/// </summary>
public sealed record StartSilence(Guid GroupId, Guid DraftId, IReadOnlyList<Guid>? ParagraphIds, Guid? SectionId, bool WholeDraft, DateTimeOffset? Deadline,
    string? IdempotencyKey = null) : ICommand<SilenceProcedureView>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;

    public SilenceScope Scope => ParagraphIds is { Count: > 0 } ids ? SilenceScope.OfParagraphs(ids)
        : SectionId is { } section ? SilenceScope.OfSection(section)
        : SilenceScope.WholeDraft;
}

public sealed class StartSilenceValidator : AbstractValidator<StartSilence>
{
    public StartSilenceValidator()
    {
        RuleFor(x => x).Must(x => (x.ParagraphIds is { Count: > 0 } ? 1 : 0) + (x.SectionId is null ? 0 : 1) + (x.WholeDraft ? 1 : 0) == 1)
            .WithMessage("Name exactly one of: paragraphIds (one or more), sectionId, or wholeDraft: true.").OverridePropertyName("scope");
        RuleFor(x => x.ParagraphIds).Must(ids => ids is null || ids.Count <= 1000).WithMessage("At most 1000 paragraphs.").OverridePropertyName("paragraphIds");
    }
}

public sealed class StartSilenceHandler(StreamWrite write, GroupAccess access, IOpenAmendmentCounts amendments, TimeProvider time, SilenceSchedule schedule)
    : ICommandHandler<StartSilence, SilenceProcedureView>
{
    public async ValueTask<SilenceProcedureView> Handle(StartSilence command, CancellationToken ct)
    {
        var session = write.Session;
        // The text circulated is the text committed: the paragraphs are locked while deciding, and each placed paragraph gets a
        // fence, so a live edit lands before the circulated text version or is refused, never after it unseen.
        var versions = await ParagraphFences.LockDraftAsync(session, command.GroupId, command.DraftId, ct);
        var state = await DraftConsensus.LoadAsync(session, amendments, command.GroupId, command.DraftId, ct);
        AdoptionRules.EnsureNotAdopted(state.Adoption);
        var id = Guid.CreateVersion7();
        var context = new SilenceContext(state.Draft, state.Paragraphs, state.Positions, state.OpenProcedures);
        var events = SilenceDecisions.Place(new PlaceUnderSilence(command.GroupId, command.DraftId, id, command.Scope, command.Deadline), null, context,
            Actor.From(access.Required.Member), time.GetUtcNow());
        var written = await write.StartAsync<SilenceProcedure>(id, events, ct);
        foreach (var placed in ((SilenceProcedureStarted)events[0]).Placed)
            ParagraphFences.Append(session, versions, new ParagraphPlacedUnderSilence(command.GroupId, command.DraftId, placed.ParagraphId, id, placed.TextVersion));
        await write.SaveAsync(ct);
        schedule.Nudge();
        return SilenceProcedureView.From(written.State, access.Required.Group.TimeZone);
    }
}

/// <summary>A delegation breaks silence (Experts, with a reason) or the Chair cancels the procedure.</summary>
public sealed record ChangeSilence(Guid GroupId, Guid DraftId, ISilenceCommand Change, long? ExpectedVersion) : ICommand<SilenceProcedureView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Change is BreakSilence ? Roles.Experts : Roles.Chair;
}

public sealed class ChangeSilenceValidator : AbstractValidator<ChangeSilence>
{
    public ChangeSilenceValidator()
    {
        RuleFor(x => x.Change).SetInheritanceValidator(v =>
        {
            v.Add(new InlineValidator<BreakSilence>
            {
                r => r.RuleFor(x => x.Reason).ValidText().NotEmpty().WithMessage("Breaking silence needs a reason.").MaximumLength(2000).OverridePropertyName("reason"),
            });
            v.Add(new InlineValidator<CancelSilence> { r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason") });
        });
    }
}

public sealed class ChangeSilenceHandler(StreamWrite write, GroupAccess access, ParagraphWriteGuards guards, TimeProvider time)
    : ICommandHandler<ChangeSilence, SilenceProcedureView>
{
    public async ValueTask<SilenceProcedureView> Handle(ChangeSilence command, CancellationToken ct)
    {
        var target = await write.FetchAsync<SilenceProcedure>(command.Change.ProcedureId, command.ExpectedVersion, procedure =>
            procedure is not null && procedure.DraftId == command.DraftId && procedure.GroupId == command.GroupId
                ? procedure
                : throw new NotFoundException("No such silence procedure on this draft."), ct);
        await guards.EnsureDraftMayChangeAsync(command.DraftId, ct);
        var events = SilenceDecisions.Decide(command.Change, target.State, Actor.From(access.Required.Member), time.GetUtcNow());
        if (command.Change is BreakSilence b) write.Session.SetHeader(EventHeaders.Reason, b.Reason);
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);
        return SilenceProcedureView.From(written.State, access.Required.Group.TimeZone);
    }
}

/// <summary>A draft's silence procedures, newest first, with deadlines in UTC and in the group's time zone.</summary>
public sealed record ListSilenceProcedures(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<SilenceProcedureView>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListSilenceProceduresHandler(IQuerySession session, GroupAccess access) : IQueryHandler<ListSilenceProcedures, IReadOnlyList<SilenceProcedureView>>
{
    public async ValueTask<IReadOnlyList<SilenceProcedureView>> Handle(ListSilenceProcedures query, CancellationToken ct)
    {
        var draft = await session.LoadAsync<Draft>(query.DraftId, ct);
        if (draft is null || draft.GroupId != query.GroupId) throw new NotFoundException("No such draft in this group.");
        var procedures = await session.Query<SilenceProcedure>().Where(p => p.DraftId == query.DraftId).ToListAsync(ct);
        return [.. procedures.OrderByDescending(p => p.StartedAt).Select(p => SilenceProcedureView.From(p, access.Required.Group.TimeZone))];
    }
}
