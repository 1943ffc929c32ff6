using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

public sealed record CreateReportDraftRequest(string Title, string? ProvisionalSymbol);

/// <summary>The consolidated report: a draft of its own, into which workstream paragraphs are copied (Chair or Secretariat).</summary>
public sealed record CreateReportDraft(Guid GroupId, string Title, string? ProvisionalSymbol, string? IdempotencyKey = null)
    : ICommand<DraftSummary>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.ChairOrSecretariat;
}

public sealed class CreateReportDraftValidator : AbstractValidator<CreateReportDraft>
{
    public CreateReportDraftValidator()
    {
        RuleFor(x => x.Title).ValidText().NotEmpty().MaximumLength(300);
        RuleFor(x => x.ProvisionalSymbol).ValidText().MaximumLength(100);
    }
}

public sealed class CreateReportDraftHandler(StreamWrite write, GroupAccess access) : ICommandHandler<CreateReportDraft, DraftSummary>
{
    public async ValueTask<DraftSummary> Handle(CreateReportDraft command, CancellationToken ct)
    {
        var draftId = Guid.CreateVersion7();
        var events = DraftDecisions.Decide(new CreateDraft(command.GroupId, draftId, command.Title, command.ProvisionalSymbol, DraftKind.Report),
            null, Actor.From(access.Required.Member));
        var written = await write.CreateAsync<Draft>(draftId, events, ct);
        return new DraftSummary(draftId, command.Title, command.ProvisionalSymbol, DraftKind.Report, null, written.Version);
    }
}

public sealed record ListDrafts(Guid GroupId) : IQuery<IReadOnlyList<DraftSummary>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListDraftsHandler(IQuerySession session) : IQueryHandler<ListDrafts, IReadOnlyList<DraftSummary>>
{
    public async ValueTask<IReadOnlyList<DraftSummary>> Handle(ListDrafts query, CancellationToken ct) =>
        [.. (await session.Query<Draft>().Where(d => d.GroupId == query.GroupId).ToListAsync(ct))
            .OrderBy(d => d.Kind).ThenBy(d => d.Title, StringComparer.Ordinal)
            .Select(d => new DraftSummary(d.Id, d.Title, d.ProvisionalSymbol, d.Kind, d.WorkstreamId, d.Version))];
}

public static class ReportDraftEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/drafts", async (Guid groupId, CreateReportDraftRequest request, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var draft = await mediator.Send(new CreateReportDraft(groupId, request.Title, request.ProvisionalSymbol, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, draft.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draft.Id}", draft);
            })
            .WithSummary("Create the consolidated report draft (Chair or Secretariat). Accepts Idempotency-Key.")
            .Produces<DraftSummary>(StatusCodes.Status201Created);
        group.MapGet("/drafts", (Guid groupId, IMediator mediator, CancellationToken ct) => mediator.Send(new ListDrafts(groupId), ct))
            .WithSummary("The group's drafts: one per workstream and the consolidated report.");
    }
}
