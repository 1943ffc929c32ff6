namespace GgeWorkspace.Api.Amendments;

/// <summary>A command on one amendment stream: what the decisions decide on (each use case's file declares its own).</summary>
public interface IAmendmentCommand
{
    Guid AmendmentId { get; }
}

/// <summary>
/// Everything accepting an amendment writes, stream by stream, to be appended in one transaction:
/// <see cref="AmendmentEvents"/> to the amendment's stream; <see cref="ParagraphEvents"/> to the stream
/// <see cref="ParagraphStreamId"/> (the target paragraph, or the new paragraph for an insertion, which starts that stream);
/// and, when the draft's structure changes, <see cref="DraftCommand"/> to decide on the draft with
/// <see cref="DraftDecisions.Decide"/> as the accepting Chair (placing the new paragraph, or withdrawing the deleted one from numbering).
/// </summary>
public sealed record AmendmentAcceptance(
    object[] AmendmentEvents, Guid ParagraphStreamId, object[] ParagraphEvents, IDraftCommand? DraftCommand);

/// <summary>
/// Pure rules of an amendment: given its state, the actor and the time, the events to append, or a domain error.
/// Only Experts (delegations) propose, support and object; the Chair, the Secretariat and Observers take no sides.
/// The Chair accepts or rejects; only the proposer withdraws; nothing happens after a final state.
/// </summary>
public static class AmendmentDecisions
{
    /// <summary>Dispatches the commands that need only the amendment (proposing and accepting also need the paragraph and draft).</summary>
    public static object[] Decide(IAmendmentCommand command, Amendment? state, Actor actor, DateTimeOffset now) => command switch
    {
        SupportAmendment c => Support(c, Existing(state), actor, now),
        ObjectToAmendment c => ObjectTo(c, Existing(state), actor, now),
        WithdrawAmendmentPosition c => WithdrawPosition(c, Existing(state), actor, now),
        RejectAmendment c => Reject(c, Existing(state), actor, now),
        WithdrawAmendment c => Withdraw(c, Existing(state), actor, now),
        ProposeAmendment or AcceptAmendment =>
            throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Proposing and accepting need the paragraph: call Propose or Accept."),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not an amendment command."),
    };

    /// <summary>
    /// An Expert proposes an amendment to <paramref name="paragraph"/>, based on its current text and text version.
    /// The paragraph must be in the amendment's draft and not deleted; changing, deleting or adding an option to it
    /// needs text that is open for change (proposed, under negotiation, or parked; proposed or under negotiation for options).
    /// </summary>
    public static object[] Propose(ProposeAmendment command, Amendment? state, Paragraph paragraph, Actor actor, DateTimeOffset now)
    {
        if (state is not null) throw new ConflictException("This amendment already exists.");
        RequireDelegation(actor, "propose amendments");
        if (paragraph.DraftId != command.DraftId || paragraph.GroupId != command.GroupId)
            throw new NotFoundException("There is no such paragraph in the draft.");
        if (paragraph.IsDeleted) throw StatusConflict(paragraph, "A deleted paragraph cannot be amended.");

        switch (command.Kind)
        {
            case AmendmentKind.DeleteParagraph when command.Text is not null:
                throw new UnprocessableException("An amendment deleting a paragraph has no text.");
            case not AmendmentKind.DeleteParagraph when string.IsNullOrWhiteSpace(command.Text):
                throw new UnprocessableException("The amendment needs the text it proposes.");
            case AmendmentKind.ReplaceText when command.Text == paragraph.Text:
                throw new ConflictException("The proposed text is the paragraph's current text.");
            case AmendmentKind.ReplaceText or AmendmentKind.DeleteParagraph
                when paragraph.Status is not (ParagraphStatus.Proposed or ParagraphStatus.UnderNegotiation or ParagraphStatus.Parked):
            case AmendmentKind.AddOption when paragraph.Status is not (ParagraphStatus.Proposed or ParagraphStatus.UnderNegotiation):
                throw StatusConflict(paragraph,
                    $"A paragraph that is {ParagraphStatusRules.Describe(paragraph.Status)} cannot be amended this way; the Chair reopens agreed text first.");
        }

        return
        [
            new AmendmentProposed(command.GroupId, command.DraftId, command.AmendmentId, paragraph.Id, command.Kind, command.Text,
                string.IsNullOrWhiteSpace(command.Explanation) ? null : command.Explanation.Trim(),
                paragraph.TextVersion, paragraph.Text, actor.Sub, actor.AttributedState, now, command.Language),
        ];
    }

    /// <summary>A delegation other than the proposer co-sponsors; support replaces its objection. Supporting twice changes nothing.</summary>
    public static object[] Support(SupportAmendment command, Amendment state, Actor actor, DateTimeOffset now)
    {
        RequireDelegation(actor, "support amendments");
        RequireSubmitted(state, "supported");
        RequireNotProposer(state, actor, "support");
        if (state.SupportBy(actor.Sub) is not null) return [];
        return [new AmendmentSupported(state.GroupId, state.DraftId, state.Id, actor.Sub, actor.AttributedState, now)];
    }

    /// <summary>A delegation other than the proposer objects; an objection replaces its support, and a new reason replaces the old one.</summary>
    public static object[] ObjectTo(ObjectToAmendment command, Amendment state, Actor actor, DateTimeOffset now)
    {
        RequireDelegation(actor, "object to amendments");
        RequireSubmitted(state, "objected to");
        RequireNotProposer(state, actor, "object to");
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        if (state.ObjectionBy(actor.Sub) is { } existing && existing.Reason == reason) return [];
        return [new AmendmentObjectedTo(state.GroupId, state.DraftId, state.Id, actor.Sub, actor.AttributedState, reason, now)];
    }

    /// <summary>A delegation withdraws its support or objection; without one there is nothing to withdraw (409).</summary>
    public static object[] WithdrawPosition(WithdrawAmendmentPosition command, Amendment state, Actor actor, DateTimeOffset now)
    {
        RequireDelegation(actor, "take positions on amendments");
        RequireSubmitted(state, "changed");
        if (state.SupportBy(actor.Sub) is not null) return [new AmendmentSupportWithdrawn(state.GroupId, state.DraftId, state.Id, actor.Sub, now)];
        if (state.ObjectionBy(actor.Sub) is not null) return [new AmendmentObjectionWithdrawn(state.GroupId, state.DraftId, state.Id, actor.Sub, now)];
        throw new ConflictException("You have taken no position on this amendment.", Extensions(state));
    }

    public static object[] Reject(RejectAmendment command, Amendment state, Actor actor, DateTimeOffset now)
    {
        RequireChair(actor, "reject amendments");
        RequireSubmitted(state, "rejected");
        return [new AmendmentRejected(state.GroupId, state.DraftId, state.Id, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), now)];
    }

    public static object[] Withdraw(WithdrawAmendment command, Amendment state, Actor actor, DateTimeOffset now)
    {
        if (actor.Sub != state.ProposerSub) throw new ForbiddenException("Only the proposer can withdraw an amendment.");
        RequireSubmitted(state, "withdrawn");
        return [new AmendmentWithdrawn(state.GroupId, state.DraftId, state.Id, now)];
    }

    /// <summary>
    /// The Chair accepts: the amendment's change goes into the paragraph, attributed to the proposer (they wrote the text)
    /// at the time of acceptance. Replacing text goes through <see cref="ParagraphDecisions.Sequence"/> with the operation
    /// from <see cref="AcceptanceOperation"/> (a 409 with the three texts if it conflicts with changes made since the base);
    /// an insertion starts a new paragraph stream whose id is derived from the amendment's (<see cref="Amendment.ResultingId"/>) and places it
    /// right after the target; a deletion deletes the paragraph and withdraws it from numbering; an option is added with the
    /// amendment's id as its id. <paramref name="draft"/> is the amendment's draft, holding the target paragraph.
    /// </summary>
    public static AmendmentAcceptance Accept(AcceptAmendment command, Amendment state, Paragraph paragraph, Draft draft, Actor actor, DateTimeOffset now)
    {
        RequireChair(actor, "accept amendments");
        RequireSubmitted(state, "accepted");
        if (paragraph.Id != state.ParagraphId) throw new ArgumentException("The paragraph is not the amendment's target.", nameof(paragraph));
        if (draft.Id != state.DraftId) throw new ArgumentException("The draft is not the amendment's draft.", nameof(draft));
        if (paragraph.IsDeleted) throw StatusConflict(paragraph, "The paragraph has been deleted since the amendment was proposed.");
        var overridden = RequireObjectionsOverridden(command, state);

        object[] accepted =
        [
            new AmendmentAccepted(state.GroupId, state.DraftId, state.Id, paragraph.Id, now, overridden, overridden is null ? null : command.Reason!.Trim()),
        ];
        switch (state.Kind)
        {
            case AmendmentKind.ReplaceText:
                RequireStatus(paragraph, ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation, ParagraphStatus.Parked);
                var operation = AcceptanceOperation(state, paragraph);
                return new(accepted, paragraph.Id,
                    ParagraphDecisions.Sequence(paragraph, operation, TextChangeKind.AmendmentAccepted, state.ProposerSub, state.ProposerState, now), null);

            case AmendmentKind.InsertParagraphAfter:
                var (section, _) = draft.Find(paragraph.Id) ?? throw new NotFoundException("The paragraph is not in the draft.");
                return new(accepted, state.ResultingId,
                    [new ParagraphAdded(state.GroupId, state.DraftId, state.ResultingId, state.Text!, state.ProposerSub, state.ProposerState, now)],
                    new PlaceParagraph(state.DraftId, state.ResultingId, section.Id, Placement.After(paragraph.Id)));

            case AmendmentKind.DeleteParagraph:
                ParagraphStatusRules.Require(paragraph.Status, ParagraphStatus.Deleted, MemberRole.Chair);
                return new(accepted, paragraph.Id,
                    [new ParagraphDeleted(state.GroupId, state.DraftId, paragraph.Id, "Amendment accepted.")],
                    new WithdrawParagraph(state.DraftId, paragraph.Id));

            default:
                RequireStatus(paragraph, ParagraphStatus.Proposed, ParagraphStatus.UnderNegotiation);
                if (paragraph.OptionFor(state.ResultingId) is not null) throw new ConflictException("This option already exists.");
                var option = new ParagraphOptionAdded(state.GroupId, state.DraftId, paragraph.Id, state.ResultingId, state.Text!,
                    state.ProposerSub, state.ProposerState, now);
                return new(accepted, paragraph.Id,
                    paragraph.Status == ParagraphStatus.Proposed
                        ? [new ParagraphPutUnderNegotiation(state.GroupId, state.DraftId, paragraph.Id), option]
                        : [option],
                    null);
        }
    }

    /// <summary>
    /// The operation that applies a text-replacing amendment to the paragraph's current text: the diff from the current text
    /// when the paragraph has not changed since the amendment's base, otherwise the three-way merge of base, current and
    /// proposed (<see cref="TextMerge"/>). Overlapping changes throw 409 with <c>base</c>, <c>current</c> and <c>proposed</c> texts.
    /// </summary>
    public static TextOperation AcceptanceOperation(Amendment amendment, Paragraph paragraph)
    {
        if (amendment.Kind != AmendmentKind.ReplaceText || amendment.Text is null)
            throw new ArgumentException("Only an amendment replacing text has a text operation.", nameof(amendment));
        if (paragraph.TextVersion == amendment.BaseTextVersion || paragraph.Text == amendment.BaseText)
            return TextOperation.FromDiff(paragraph.Text, amendment.Text);

        return TextMerge.Merge(amendment.BaseText, paragraph.Text, amendment.Text) switch
        {
            MergeResult.Merged merged => merged.OperationOnCurrent,
            MergeResult.Conflict conflict => throw new ConflictException(
                "The paragraph has changed since the amendment was proposed, and the changes overlap.",
                new Dictionary<string, object?>
                {
                    ["base"] = conflict.BaseText,
                    ["current"] = conflict.CurrentText,
                    ["proposed"] = conflict.ProposedText,
                    ["baseTextVersion"] = amendment.BaseTextVersion,
                    ["textVersion"] = paragraph.TextVersion,
                }),
            _ => throw new InvalidOperationException("Unknown merge result."),
        };
    }

    /// <summary>
    /// Objections to an amendment are not overridden by accident: with standing objections, accepting needs the Chair's
    /// explicit <see cref="AcceptAmendment.OverrideObjections"/> (409 naming the objecting delegations otherwise) and a reason
    /// (422). Answers the objections overridden, or null when there were none.
    /// </summary>
    public static IReadOnlyList<AmendmentObjection>? RequireObjectionsOverridden(AcceptAmendment command, Amendment state)
    {
        if (state.Objections.Count == 0) return null;
        var names = state.Objections.Select(o => o.State ?? o.Sub).ToList();
        if (!command.OverrideObjections)
            throw new ConflictException(
                $"{Consensus.ConsensusRules.Describe(names)} {(names.Count == 1 ? "objects" : "object")} to this amendment: accept it over the objections only deliberately (overrideObjections, with a reason).",
                new Dictionary<string, object?>
                {
                    ["currentState"] = state.State,
                    ["objectingDelegations"] = names,
                    ["objections"] = state.Objections,
                });
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw new UnprocessableException("Accepting an amendment over objections needs a reason.");
        return state.Objections;
    }

    /// <summary>The state in the domain's words.</summary>
    public static string Describe(AmendmentState state) => state.ToString().ToLowerInvariant();

    private static Amendment Existing(Amendment? state) => state ?? throw new NotFoundException("There is no such amendment.");

    private static void RequireDelegation(Actor actor, string action)
    {
        if (actor.Role != MemberRole.Expert)
            throw new ForbiddenException($"Only Experts, who speak for delegations, {action}; the {actor.Role} takes no sides.");
    }

    private static void RequireChair(Actor actor, string action)
    {
        if (actor.Role != MemberRole.Chair) throw new ForbiddenException($"Only the Chair can {action}.");
    }

    private static void RequireNotProposer(Amendment state, Actor actor, string action)
    {
        if (actor.Sub == state.ProposerSub) throw new ForbiddenException($"The proposer cannot {action} their own amendment.");
    }

    private static void RequireSubmitted(Amendment state, string what)
    {
        if (state.IsFinal)
            throw new ConflictException($"The amendment has been {Describe(state.State)}; it can no longer be {what}.", Extensions(state));
    }

    private static void RequireStatus(Paragraph paragraph, params ParagraphStatus[] allowed)
    {
        if (!allowed.Contains(paragraph.Status))
            throw StatusConflict(paragraph,
                $"The amendment cannot be applied while the paragraph is {ParagraphStatusRules.Describe(paragraph.Status)}.");
    }

    private static ConflictException StatusConflict(Paragraph paragraph, string message) =>
        new(message, new Dictionary<string, object?> { ["currentStatus"] = paragraph.Status, ["textVersion"] = paragraph.TextVersion });

    private static Dictionary<string, object?> Extensions(Amendment state) => new() { ["currentState"] = state.State };
}
