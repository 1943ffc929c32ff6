namespace GgeWorkspace.Api.Amendments;

/// <summary>
/// A change to one amendment other than accepting it: support, objection, withdrawing one's position (delegations), rejection
/// (the Chair) or withdrawal (the proposer). Observers are refused here; the decisions check who else may do what.
/// <see cref="ExpectedVersion"/> is the amendment version from If-Match, when sent.
/// </summary>
public sealed record ChangeAmendment(Guid GroupId, Guid DraftId, IAmendmentCommand Change, long? ExpectedVersion) : ICommand<Amendment>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Change is RejectAmendment ? Roles.Chair : Roles.Drafters;
}

public sealed class ChangeAmendmentValidator : AbstractValidator<ChangeAmendment>
{
    public ChangeAmendmentValidator()
    {
        RuleFor(x => x.Change).SetInheritanceValidator(v =>
        {
            v.Add(new InlineValidator<ObjectToAmendment> { r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason") });
            v.Add(new InlineValidator<RejectAmendment> { r => r.RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason") });
        });
    }
}

public sealed class ChangeAmendmentHandler(AmendmentWriter writer) : ICommandHandler<ChangeAmendment, Amendment>
{
    public async ValueTask<Amendment> Handle(ChangeAmendment command, CancellationToken ct)
    {
        var reason = command.Change switch
        {
            ObjectToAmendment o => o.Reason,
            RejectAmendment r => r.Reason,
            _ => null,
        };
        return await writer.ExecuteAsync(command.DraftId, command.Change, command.ExpectedVersion, reason, ct);
    }
}

/// <summary>
/// The Chair accepts an amendment at the version they read (If-Match); over standing objections only with
/// <see cref="OverrideObjections"/> and a <see cref="Reason"/>. See <see cref="AmendmentWriter.AcceptAsync"/>.
/// </summary>
public sealed record AcceptAmendmentIntoText(
    Guid GroupId, Guid DraftId, Guid AmendmentId, long ExpectedVersion, bool OverrideObjections = false, string? Reason = null)
    : ICommand<AmendmentAcceptedView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;
}

public sealed class AcceptAmendmentIntoTextValidator : AbstractValidator<AcceptAmendmentIntoText>
{
    public AcceptAmendmentIntoTextValidator()
    {
        RuleFor(x => x.Reason).ValidText().NotEmpty().When(x => x.OverrideObjections)
            .WithMessage("Accepting over objections needs a reason.").OverridePropertyName("reason");
        RuleFor(x => x.Reason).ValidText().MaximumLength(2000).OverridePropertyName("reason");
    }
}

public sealed class AcceptAmendmentIntoTextHandler(AmendmentWriter writer) : ICommandHandler<AcceptAmendmentIntoText, AmendmentAcceptedView>
{
    public async ValueTask<AmendmentAcceptedView> Handle(AcceptAmendmentIntoText command, CancellationToken ct) =>
        await writer.AcceptAsync(command.DraftId, command.AmendmentId, command.ExpectedVersion, ct, command.OverrideObjections, command.Reason);
}

public sealed record ReasonRequest(string? Reason);

/// <summary>Accepting: <see cref="OverrideObjections"/> acknowledges standing objections, with <see cref="Reason"/>.</summary>
public sealed record AcceptRequest(bool OverrideObjections, string? Reason);
