using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Amendments;

/// <summary>A delegation co-sponsors the amendment.</summary>
public sealed record SupportAmendment(Guid AmendmentId) : IAmendmentCommand;

/// <summary>A delegation objects to the amendment, optionally with a reason.</summary>
public sealed record ObjectToAmendment(Guid AmendmentId, string? Reason = null) : IAmendmentCommand;

/// <summary>A delegation withdraws whatever position (support or objection) it took on the amendment.</summary>
public sealed record WithdrawAmendmentPosition(Guid AmendmentId) : IAmendmentCommand;

/// <summary>The Chair rejects the amendment.</summary>
public sealed record RejectAmendment(Guid AmendmentId, string? Reason = null) : IAmendmentCommand;

/// <summary>The proposer withdraws the amendment.</summary>
public sealed record WithdrawAmendment(Guid AmendmentId) : IAmendmentCommand;

public sealed record ReasonRequest(string? Reason);

/// <summary>
/// A change to one amendment's stream alone: support, objection, withdrawing one's position (delegations), rejection
/// (the Chair) or withdrawal (the proposer). Observers are refused here; the decisions check who else may do what.
/// <see cref="ExpectedVersion"/> is the amendment version from If-Match, when sent.
/// </summary>
public sealed record ChangeAmendment(Guid GroupId, Guid DraftId, IAmendmentCommand Change, long? ExpectedVersion) : ICommand<Amendment>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Change is RejectAmendment ? Roles.Chair : Roles.Drafters;

    /// <summary>Why, when the change gives a reason: recorded in the events' metadata as well.</summary>
    public string? Reason => Change switch
    {
        ObjectToAmendment o => o.Reason,
        RejectAmendment r => r.Reason,
        _ => null,
    };
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

public sealed class ChangeAmendmentHandler(StreamWrite write, GroupAccess access, TimeProvider time) : ICommandHandler<ChangeAmendment, Amendment>
{
    public async ValueTask<Amendment> Handle(ChangeAmendment command, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(command.Reason)) write.Session.SetHeader(EventHeaders.Reason, command.Reason.Trim());
        var written = await write.ExecuteAsync<Amendment>(command.Change.AmendmentId, command.ExpectedVersion,
            amendment => Amendment.InDraft(amendment, command.GroupId, command.DraftId),
            amendment => AmendmentDecisions.Decide(command.Change, amendment, Actor.From(access.Required.Member), time.GetUtcNow()), ct);
        return written.State;
    }
}

public static class ChangeAmendmentEndpoints
{
    private static async Task<IResult> Send(IMediator m, HttpContext http, Guid groupId, Guid draftId, IAmendmentCommand change, CancellationToken ct)
    {
        var amendment = await m.Send(new ChangeAmendment(groupId, draftId, change, Versions.ReadIfMatch(http)), ct);
        Versions.SetETag(http, amendment.Version);
        return Results.Ok(amendment);
    }

    public static void Map(RouteGroupBuilder group)
    {
        const string amendment = AmendmentRoutes.AmendmentPath;
        group.MapPost(amendment + "/support", (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new SupportAmendment(amendmentId), ct))
            .WithSummary("Co-sponsor (Experts other than the proposer); replaces an objection.");
        group.MapPost(amendment + "/object", (Guid groupId, Guid draftId, Guid amendmentId, ReasonRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new ObjectToAmendment(amendmentId, r?.Reason), ct))
            .WithSummary("Object, optionally with a reason (Experts other than the proposer); replaces support.");
        group.MapDelete(amendment + "/position", (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new WithdrawAmendmentPosition(amendmentId), ct))
            .WithSummary("Withdraw one's own support or objection.");
        group.MapPost(amendment + "/reject", (Guid groupId, Guid draftId, Guid amendmentId, ReasonRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new RejectAmendment(amendmentId, r?.Reason), ct))
            .WithSummary("Reject, optionally with a reason (the Chair).");
        group.MapPost(amendment + "/withdraw", (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new WithdrawAmendment(amendmentId), ct))
            .WithSummary("Withdraw the amendment (its proposer).");
    }
}
