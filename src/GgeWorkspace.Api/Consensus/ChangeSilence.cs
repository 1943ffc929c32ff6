using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

/// <summary>A delegation breaks silence before the deadline; the reason is required.</summary>
public sealed record BreakSilence(Guid ProcedureId, string Reason) : ISilenceCommand;

/// <summary>The Chair cancels the procedure.</summary>
public sealed record CancelSilence(Guid ProcedureId, string? Reason = null) : ISilenceCommand;

public sealed record BreakSilenceRequest(string? Reason);

public sealed record CancelSilenceRequest(string? Reason);

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

public static class ChangeSilenceEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string silence = ConsensusRoutes.SilencePath;
        group.MapPost(silence + "/{procedureId:guid}/break", async (Guid groupId, Guid draftId, Guid procedureId, BreakSilenceRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeSilence(groupId, draftId, new BreakSilence(procedureId, r.Reason ?? ""), Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("A delegation (Expert) breaks silence before the deadline, with a reason.");
        group.MapPost(silence + "/{procedureId:guid}/cancel", async (Guid groupId, Guid draftId, Guid procedureId, CancelSilenceRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeSilence(groupId, draftId, new CancelSilence(procedureId, r?.Reason), Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Chair: cancel the procedure; the paragraphs keep the status they had.");
    }
}
