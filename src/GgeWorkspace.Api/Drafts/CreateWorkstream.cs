using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

public sealed record CreateWorkstreamRequest(string Title, string Mandate, string? Label, string? DraftTitle, string? ProvisionalSymbol);

/// <summary>A task of the group and its own draft, created together (Chair or Secretariat).</summary>
public sealed record CreateWorkstream(
    Guid GroupId, string Title, string Mandate, string? Label, string? DraftTitle, string? ProvisionalSymbol, string? IdempotencyKey = null)
    : ICommand<WorkstreamView>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.ChairOrSecretariat;
}

public sealed class CreateWorkstreamValidator : AbstractValidator<CreateWorkstream>
{
    public CreateWorkstreamValidator()
    {
        RuleFor(x => x.Title).ValidText().NotEmpty().MaximumLength(300);
        RuleFor(x => x.Mandate).ValidText().NotEmpty().MaximumLength(10_000);
        RuleFor(x => x.Label).ValidText().MaximumLength(50);
        RuleFor(x => x.DraftTitle).ValidText().MaximumLength(300);
        RuleFor(x => x.ProvisionalSymbol).ValidText().MaximumLength(100);
    }
}

public sealed class CreateWorkstreamHandler(StreamWrite write, GroupAccess access) : ICommandHandler<CreateWorkstream, WorkstreamView>
{
    public async ValueTask<WorkstreamView> Handle(CreateWorkstream command, CancellationToken ct)
    {
        var workstreamId = Guid.CreateVersion7();
        var draftId = Guid.CreateVersion7();
        var draftEvents = DraftDecisions.Decide(
            new CreateDraft(command.GroupId, draftId, command.DraftTitle ?? command.Title, command.ProvisionalSymbol, DraftKind.WorkstreamDraft, workstreamId),
            null, Actor.From(access.Required.Member));
        var created = new WorkstreamCreated(command.GroupId, workstreamId, command.Title, command.Mandate, command.Label, draftId);
        var workstream = await write.StartAsync<Workstream>(workstreamId, [created], ct);
        await write.StartAsync<Draft>(draftId, draftEvents, ct);
        await write.SaveAsync(ct);
        return WorkstreamView.From(workstream.State);
    }
}

public sealed record ListWorkstreams(Guid GroupId) : IQuery<IReadOnlyList<WorkstreamView>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListWorkstreamsHandler(IQuerySession session) : IQueryHandler<ListWorkstreams, IReadOnlyList<WorkstreamView>>
{
    public async ValueTask<IReadOnlyList<WorkstreamView>> Handle(ListWorkstreams query, CancellationToken ct) =>
        [.. (await session.Query<Workstream>().Where(w => w.GroupId == query.GroupId).ToListAsync(ct))
            .OrderBy(w => w.Label ?? "~").ThenBy(w => w.Title, StringComparer.Ordinal).Select(WorkstreamView.From)];
}

public static class WorkstreamEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/workstreams", async (Guid groupId, CreateWorkstreamRequest request, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var view = await mediator.Send(new CreateWorkstream(groupId, request.Title, request.Mandate, request.Label,
                    request.DraftTitle, request.ProvisionalSymbol, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, view.Version);
                return Results.Created($"/api/groups/{groupId}/workstreams/{view.Id}", view);
            })
            .WithSummary("Create a workstream and its draft (Chair or Secretariat). Accepts Idempotency-Key.")
            .Produces<WorkstreamView>(StatusCodes.Status201Created);
        group.MapGet("/workstreams", (Guid groupId, IMediator mediator, CancellationToken ct) => mediator.Send(new ListWorkstreams(groupId), ct))
            .WithSummary("The group's workstreams, each with its draft.");
    }
}
