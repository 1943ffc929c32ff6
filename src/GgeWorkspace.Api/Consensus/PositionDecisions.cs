namespace GgeWorkspace.Api.Consensus;

/// <summary>A command on a paragraph's positions stream.</summary>
public interface IPositionCommand
{
    Guid ParagraphId { get; }
}

/// <summary>Pure rules of positions: given the positions, the actor and the time, the events to append, or a domain error.</summary>
public static class PositionDecisions
{
    /// <summary>
    /// Dispatches any position command. <paramref name="state"/> is null when the stream does not exist yet (only
    /// <see cref="StatePosition"/> can start it). Only delegations (Experts) state positions: the Chair presides, the
    /// Secretariat and Observers take none (403). Restating the current position on the text it was given on yields no events.
    /// Awaiting instructions with an <c>expectedBy</c> before <paramref name="now"/> is a 400 on that field.
    /// </summary>
    public static object[] Decide(IPositionCommand command, ParagraphPositions? state, Actor actor, DateTimeOffset now)
    {
        RequireDelegation(actor);
        return command switch
        {
            StatePosition c => State(c, state ?? ParagraphPositions.Empty(c.GroupId, c.DraftId, c.ParagraphId), actor, now),
            WithdrawPosition c => Withdraw(Existing(state, c.ParagraphId), actor, now),
            TurnObjectionIntoReservation c => TurnIntoReservation(c, Existing(state, c.ParagraphId), actor, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a position command."),
        };
    }

    /// <summary>The position as it will be stored: text trimmed, the date in UTC, fields that do not belong to the kind dropped; 422 if one that does is missing.</summary>
    public static Position Normalize(Position position)
    {
        static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        var reason = Clean(position.Reason);
        return position.Kind switch
        {
            PositionKind.JoinConsensus => new Position(PositionKind.JoinConsensus),
            PositionKind.CanLiveWith => new Position(PositionKind.CanLiveWith, reason),
            PositionKind.AwaitingInstructions => new Position(PositionKind.AwaitingInstructions, reason, null,
                position.ExpectedBy?.ToUniversalTime()
                ?? throw new UnprocessableException("Awaiting instructions needs the date by which they are expected.")),
            PositionKind.Reservation => new Position(PositionKind.Reservation, reason,
                Clean(position.ReservationText) ?? throw new UnprocessableException("A reservation needs its text (it becomes a footnote).")),
            PositionKind.Objection => new Position(PositionKind.Objection,
                reason ?? throw new UnprocessableException("An objection needs a reason.")),
            _ => throw new UnprocessableException($"'{position.Kind}' is not a kind of position."),
        };
    }

    private static object[] State(StatePosition command, ParagraphPositions state, Actor actor, DateTimeOffset now)
    {
        var position = Normalize(command.Position);
        if (state.PositionOf(actor.Sub) is { } current && current.Position == position && current.Delegation.State == actor.AttributedState
            && (command.On is null || current.GivenOn?.Text == command.On.Text))
            return [];
        // A hold names when the capital's instructions are due: a date already past would make it overdue from the start.
        if (position is { Kind: PositionKind.AwaitingInstructions, ExpectedBy: { } expectedBy } && expectedBy < now)
            throw new FluentValidation.ValidationException(
                [new FluentValidation.Results.ValidationFailure("expectedBy", "The date by which instructions are expected is already past.")]);
        return [new PositionStated(state.GroupId, state.DraftId, state.ParagraphId, actor.Sub, actor.AttributedState, position, now, command.On)];
    }

    private static object[] Withdraw(ParagraphPositions state, Actor actor, DateTimeOffset now)
    {
        if (state.PositionOf(actor.Sub) is null)
            throw new ConflictException("Your delegation has stated no position on this paragraph.");
        return [new PositionWithdrawn(state.GroupId, state.DraftId, state.ParagraphId, actor.Sub, now)];
    }

    private static object[] TurnIntoReservation(TurnObjectionIntoReservation command, ParagraphPositions state, Actor actor, DateTimeOffset now)
    {
        if (state.PositionOf(actor.Sub) is not { Position.Kind: PositionKind.Objection } objection)
            throw new ConflictException("Only an objection can be turned into a reservation, and your delegation has none on this paragraph.");
        var reservation = Normalize(Position.Reservation(command.ReservationText)) with { Reason = objection.Position.Reason };
        return [new PositionStated(state.GroupId, state.DraftId, state.ParagraphId, actor.Sub, actor.AttributedState, reservation, now, command.On)];
    }

    private static void RequireDelegation(Actor actor)
    {
        if (actor.Role != MemberRole.Expert)
            throw new ForbiddenException(actor.Role == MemberRole.Chair
                ? "The Chair presides and takes no positions; only delegations (Experts) state positions."
                : $"Only delegations (Experts) state positions; the {actor.Role} takes none.");
    }

    private static ParagraphPositions Existing(ParagraphPositions? state, Guid paragraphId) =>
        state ?? throw new ConflictException($"No delegation has stated a position on paragraph {paragraphId}.");
}
