using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Groups;

public sealed record CreateGroupRequest(string Name, string MandateReference, string? TimeZone);

/// <summary>Creates a group with a new id, or with <see cref="GroupId"/> when the service creates a well-known group (the demo workspace).</summary>
public sealed record CreateGroup(string Name, string MandateReference, string TimeZone, string? IdempotencyKey = null, Guid? GroupId = null)
    : ICommand<GroupView>, IIdempotent, IRequiresSecretariatRole
{
    public const string DefaultTimeZone = "Europe/Zurich";
}

public sealed class CreateGroupValidator : AbstractValidator<CreateGroup>
{
    public CreateGroupValidator()
    {
        RuleFor(x => x.Name).ValidText().NotEmpty().MaximumLength(300);
        RuleFor(x => x.MandateReference).ValidText().NotEmpty().MaximumLength(100);
        RuleFor(x => x.TimeZone).ValidText().NotEmpty()
            .Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            .WithMessage("The time zone must be an IANA time zone such as Europe/Zurich.");
    }
}

public sealed class CreateGroupHandler(StreamWrite write, CallerAccessor callers) : ICommandHandler<CreateGroup, GroupView>
{
    public async ValueTask<GroupView> Handle(CreateGroup command, CancellationToken ct)
    {
        var caller = callers.Current;
        var id = command.GroupId ?? Guid.CreateVersion7();
        write.Session.LastModifiedBy = caller.Sub;
        write.Session.SetHeader(EventHeaders.Actor, caller.Sub);
        write.Session.SetHeader(EventHeaders.ActorName, caller.DisplayName);
        var written = await write.CreateAsync<Group>(id,
            GroupDecisions.Create(id, command.Name, command.MandateReference, command.TimeZone, caller.Sub, caller.DisplayName), ct);
        return GroupView.From(written.State, caller.Sub);
    }
}

public static class CreateGroupEndpoint
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapPost("/", async (CreateGroupRequest request, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var view = await mediator.Send(new CreateGroup(request.Name, request.MandateReference,
                    string.IsNullOrWhiteSpace(request.TimeZone) ? CreateGroup.DefaultTimeZone : request.TimeZone, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, view.Version);
                return Results.Created($"/api/groups/{view.Id}", view);
            })
            .WithSummary("Create a group; the caller becomes its first Secretariat member.")
            .Produces<GroupView>(StatusCodes.Status201Created);
}
