using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The acting delegation states (or changes to) <see cref="Position"/> on a paragraph, whose text is <see cref="On"/> (null
/// when not known). Stating the same position again on a changed text confirms it on that text.
/// </summary>
public sealed record StatePosition(Guid GroupId, Guid DraftId, Guid ParagraphId, Position Position, GivenOnText? On = null) : IPositionCommand;

/// <summary>The acting delegation withdraws its position (for an objection: withdraws the objection).</summary>
public sealed record WithdrawPosition(Guid ParagraphId) : IPositionCommand;

/// <summary>The acting delegation turns its objection into a reservation with <see cref="ReservationText"/> (the footnote), on the text <see cref="On"/>.</summary>
public sealed record TurnObjectionIntoReservation(Guid ParagraphId, string ReservationText, GivenOnText? On = null) : IPositionCommand;

public sealed record PositionRequest(PositionKind Kind, string? Reason, string? ReservationText, DateTimeOffset? ExpectedBy);

public sealed record ReservationRequest(string? ReservationText);

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
        const string positions = ConsensusRoutes.PositionsPath;
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
