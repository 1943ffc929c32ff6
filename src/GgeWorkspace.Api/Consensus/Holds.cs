namespace GgeWorkspace.Api.Consensus;

/// <summary>A command of the Chair about the holds on one paragraph (appended to its positions stream).</summary>
public interface IHoldCommand
{
    Guid ParagraphId { get; }
}

[JsonConverter(typeof(JsonStringEnumConverter<AutoAgreeVerdict>))]
public enum AutoAgreeVerdict
{
    /// <summary>No request is pending: nothing to do.</summary>
    NotRequested,

    /// <summary>Delegations still await instructions: wait.</summary>
    StillHeld,

    /// <summary>The last hold is lifted and the paragraph meets the conditions: append both lists of events.</summary>
    Agreed,

    /// <summary>The last hold is lifted but the paragraph no longer meets the conditions: append the positions events; tell the Chair the reasons.</summary>
    Failed,
}

/// <summary>
/// The result of <see cref="HoldRules.DecideAutoAgree"/>: events for the paragraph stream (ParagraphAgreed, procedure
/// "holds-lifted") and for the positions stream (completed or failed, which ends the request), and the reasons on failure.
/// </summary>
public sealed record AutoAgreeDecision(
    AutoAgreeVerdict Verdict, IReadOnlyList<object> ParagraphEvents, IReadOnlyList<object> PositionEvents, IReadOnlyList<AgreementBlocker> Reasons);

/// <summary>Pure rules of holds for capitals: "awaiting instructions" positions, and agreeing automatically when they are lifted.</summary>
public static class HoldRules
{
    /// <summary>
    /// The Chair's requests. Requesting needs a paragraph agreed ad referendum that has holds (without holds, agree it
    /// now); requesting again yields nothing. Cancelling needs a pending request.
    /// </summary>
    public static object[] Decide(IHoldCommand command, ParagraphPositions? positions, Paragraph paragraph, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != MemberRole.Chair) throw new ForbiddenException("Only the Chair can set a paragraph to be agreed when its holds are lifted.");
        var state = positions ?? ParagraphPositions.Empty(paragraph.GroupId, paragraph.DraftId, paragraph.Id);
        switch (command)
        {
            case RequestAutoAgreeOnHoldsLifted:
                if (state.AutoAgree is not null) return [];
                if (paragraph.Status != ParagraphStatus.AgreedAdReferendum)
                    throw new ConflictException(
                        $"Only a paragraph agreed ad referendum can be set to become agreed when its holds are lifted; this one is {ParagraphStatusRules.Describe(paragraph.Status)}.",
                        new Dictionary<string, object?> { ["currentStatus"] = paragraph.Status });
                if (!ConsensusRules.Standing(state, now).HasHolds)
                    throw new ConflictException("No delegation is awaiting instructions on this paragraph: it can be agreed now.");
                return [new AutoAgreeOnHoldsLiftedRequested(state.GroupId, state.DraftId, state.ParagraphId, actor.Sub, now)];
            case CancelAutoAgreeOnHoldsLifted:
                if (state.AutoAgree is null)
                    throw new ConflictException("The paragraph is not set to become agreed when its holds are lifted.");
                return [new AutoAgreeOnHoldsLiftedCancelled(state.GroupId, state.DraftId, state.ParagraphId, actor.Sub, now)];
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a hold command.");
        }
    }

    /// <summary>
    /// Whether to agree now: call it with the positions as they are after each position change. With a pending request and
    /// no hold left, the paragraph is agreed if it still meets the conditions for agreement (still agreed ad referendum, no
    /// brackets, at most one option, no objection); otherwise the request fails with the reasons. Either way the request ends.
    /// </summary>
    public static AutoAgreeDecision DecideAutoAgree(Paragraph paragraph, ParagraphPositions positions, DateTimeOffset now)
    {
        if (positions.AutoAgree is null) return new(AutoAgreeVerdict.NotRequested, [], [], []);
        if (ConsensusRules.Standing(positions, now).HasHolds) return new(AutoAgreeVerdict.StillHeld, [], [], []);

        var statusChanged = paragraph.Status is not (ParagraphStatus.AgreedAdReferendum or ParagraphStatus.Agreed)
            ? [new AgreementBlocker(AgreementObstacle.Status, $"The paragraph is no longer agreed ad referendum (it is {ParagraphStatusRules.Describe(paragraph.Status)}).")]
            : Array.Empty<AgreementBlocker>();
        var agreement = ConsensusRules.AgreeByProcedure(paragraph, positions, ConsensusProcedures.HoldsLifted, statusChanged);
        if (agreement.Outcome == ProcedureAgreementOutcome.Refused)
        {
            var reasons = agreement.Blockers.DistinctBy(b => b.Obstacle).ToList();
            return new(AutoAgreeVerdict.Failed, [], [new AutoAgreeFailed(positions.GroupId, positions.DraftId, positions.ParagraphId, reasons, now)], reasons);
        }
        return new(AutoAgreeVerdict.Agreed, agreement.ParagraphEvents,
            [new AutoAgreeOnHoldsLiftedCompleted(positions.GroupId, positions.DraftId, positions.ParagraphId, now)], []);
    }
}
