using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

public sealed record PositionRequest(PositionKind Kind, string? Reason, string? ReservationText, DateTimeOffset? ExpectedBy);

public sealed record ReservationRequest(string? ReservationText);

/// <summary>
/// The current positions on a paragraph, those given on earlier text than the paragraph has now, the Chair's pending
/// auto-agree request, and (on reads) their history.
/// </summary>
public sealed record ParagraphPositionsView(
    Guid ParagraphId, long Version, IReadOnlyList<DelegationPosition> Positions, AutoAgreeRequest? AutoAgree, IReadOnlyList<PositionHistoryEntry>? History,
    IReadOnlyList<PositionOnEarlierText> GivenOnEarlierText)
{
    public static ParagraphPositionsView From(ParagraphPositions p, Paragraph paragraph, IReadOnlyList<PositionHistoryEntry>? history = null) =>
        new(p.ParagraphId, p.Version, p.Positions, p.AutoAgree, history, EarlierText.In(p.Positions, paragraph.Text));
}

/// <summary>One event of a paragraph's positions stream, as the history shows it.</summary>
public sealed record PositionHistoryEntry(long Version, string Type, DateTimeOffset At, string? Actor, object Data);

/// <summary>
/// The acting delegation states a position, withdraws its own, or turns its objection into a reservation. Experts only (the
/// Chair presides; the Secretariat and Observers take none). Appends accept If-Match (the positions version) optionally.
/// After the change, a pending auto-agree request is decided in the same transaction.
/// </summary>
public sealed record ChangePosition(Guid GroupId, Guid DraftId, IPositionCommand Change, long? ExpectedVersion)
    : ICommand<ParagraphPositionsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Experts;
}

public sealed class ChangePositionValidator : AbstractValidator<ChangePosition>
{
    public ChangePositionValidator()
    {
        RuleFor(x => x.Change).SetInheritanceValidator(v =>
        {
            v.Add(new InlineValidator<StatePosition>
            {
                r => r.RuleFor(x => x.Position.Kind).IsInEnum().OverridePropertyName("kind"),
                r => r.RuleFor(x => x.Position.Reason).ValidText().NotEmpty().When(x => x.Position.Kind == PositionKind.Objection)
                    .WithMessage("An objection needs a reason.").OverridePropertyName("reason"),
                r => r.RuleFor(x => x.Position.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason"),
                r => r.RuleFor(x => x.Position.ReservationText).ValidText().NotEmpty().When(x => x.Position.Kind == PositionKind.Reservation)
                    .WithMessage("A reservation needs its text (it becomes a footnote).").OverridePropertyName("reservationText"),
                r => r.RuleFor(x => x.Position.ReservationText).ValidText().MaximumLength(4000).OverridePropertyName("reservationText"),
                r => r.RuleFor(x => x.Position.ExpectedBy).NotNull().When(x => x.Position.Kind == PositionKind.AwaitingInstructions)
                    .WithMessage("Awaiting instructions needs the date by which they are expected.").OverridePropertyName("expectedBy"),
            });
            v.Add(new InlineValidator<TurnObjectionIntoReservation>
            {
                r => r.RuleFor(x => x.ReservationText).ValidText().NotEmpty().MaximumLength(4000).OverridePropertyName("reservationText"),
            });
            v.Add(new InlineValidator<WithdrawPosition>());
        });
    }
}

public sealed class ChangePositionHandler(StreamWrite write, GroupAccess access, TimeProvider time)
    : ICommandHandler<ChangePosition, ParagraphPositionsView>
{
    public async ValueTask<ParagraphPositionsView> Handle(ChangePosition command, CancellationToken ct)
    {
        var paragraphId = command.Change.ParagraphId;
        // Everything the decision reads, in one round trip: both streams for writing, the adoption lock and, for a new
        // position, the draft's open silence procedures.
        var batch = write.Session.CreateBatchQuery();
        var paragraphRead = write.Enlist<Paragraph>(batch, paragraphId, null, p => p.InDraft(command.GroupId, command.DraftId));
        var adoptionRead = ParagraphWriteGuards.Adoption(batch, command.DraftId);
        var proceduresRead = command.Change is StatePosition ? ParagraphWriteGuards.OpenProcedures(batch, command.DraftId) : null;
        var positionsRead = write.Enlist<ParagraphPositions>(batch, ConsensusStreams.PositionsOf(paragraphId), command.ExpectedVersion,
            p => p ?? ParagraphPositions.Empty(command.GroupId, command.DraftId, paragraphId));
        await StreamWrite.RunBatchAsync(batch, ct);

        var paragraph = await paragraphRead(ct);
        AdoptionRules.EnsureNotAdopted(await adoptionRead);
        if (command.Change is StatePosition { Position: var position })
            SilenceRules.EnsurePositionAllowed(paragraphId, position, await proceduresRead!);

        var positions = await positionsRead(ct);
        var now = time.GetUtcNow();
        var on = new GivenOnText(paragraph.State.TextVersion, paragraph.State.Text);
        var change = command.Change switch
        {
            StatePosition s => s with { GroupId = command.GroupId, DraftId = command.DraftId, On = on },
            TurnObjectionIntoReservation t => t with { On = on },
            _ => command.Change,
        };
        var events = PositionDecisions.Decide(change, positions.Stream.Aggregate, Actor.From(access.Required.Member), now);
        // A pending auto-agree request is decided on the positions these events leave.
        var autoAgree = events.Length == 0 ? null : HoldRules.DecideAutoAgree(paragraph.State, StateAfter.Events(positions.State, events, 0), now);
        if (autoAgree is { ParagraphEvents.Count: > 0 }) await write.AppendAsync(paragraph, autoAgree.ParagraphEvents, ct);
        var written = await write.AppendAsync(positions, [.. events, .. autoAgree?.PositionEvents ?? []], ct);
        await write.SaveAsync(ct);
        return ParagraphPositionsView.From(written.State, paragraph.State);
    }
}

public sealed record GetPositions(Guid GroupId, Guid DraftId, Guid ParagraphId) : IQuery<ParagraphPositionsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetPositionsHandler(IQuerySession session) : IQueryHandler<GetPositions, ParagraphPositionsView>
{
    public async ValueTask<ParagraphPositionsView> Handle(GetPositions query, CancellationToken ct)
    {
        var paragraph = await session.LoadParagraphInDraftAsync(query.GroupId, query.DraftId, query.ParagraphId, ct);
        var streamId = ConsensusStreams.PositionsOf(query.ParagraphId);
        var positions = await session.LoadAsync<ParagraphPositions>(streamId, ct)
            ?? ParagraphPositions.Empty(query.GroupId, query.DraftId, query.ParagraphId);
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        var history = events.Select(e => new PositionHistoryEntry(e.Version, e.EventTypeName, e.Timestamp,
            e.Headers is not null && e.Headers.TryGetValue(EventHeaders.Actor, out var actor) ? actor?.ToString() : null, e.Data)).ToList();
        return ParagraphPositionsView.From(positions, paragraph, history);
    }
}

public static class PositionEndpoints
{
    private static async Task<IResult> Send(IMediator m, HttpContext http, Guid groupId, Guid draftId, IPositionCommand change, CancellationToken ct)
    {
        var view = await m.Send(new ChangePosition(groupId, draftId, change, Versions.ReadIfMatch(http)), ct);
        Versions.SetETag(http, view.Version);
        return Results.Ok(view);
    }

    public static void Map(RouteGroupBuilder group)
    {
        const string positions = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/positions";
        group.MapGet(positions, async (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new GetPositions(groupId, draftId, paragraphId), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("The delegations' current positions on a paragraph and their history; ETag is the positions version.");
        group.MapPost(positions, (Guid groupId, Guid draftId, Guid paragraphId, PositionRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId,
                    new StatePosition(groupId, draftId, paragraphId, new Position(r.Kind, r.Reason, r.ReservationText, r.ExpectedBy)), ct))
            .WithSummary("State or change your delegation's position (Experts). Objection needs a reason, awaiting instructions expectedBy, reservation its text. If-Match optional.");
        group.MapDelete(positions, (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new WithdrawPosition(paragraphId), ct))
            .WithSummary("Withdraw your delegation's position (an objection withdrawn stops blocking).");
        group.MapPost(positions + "/reservation", (Guid groupId, Guid draftId, Guid paragraphId, ReservationRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new TurnObjectionIntoReservation(paragraphId, r.ReservationText ?? ""), ct))
            .WithSummary("Turn your delegation's objection into a reservation (its text becomes a footnote).");
    }
}
