using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

public sealed record CreatePointRequest(string? Text, Guid? ParentPointId, Guid? AfterPointId, bool? First);

/// <summary>
/// A new point (a), (b) in a paragraph, or a sub-point (i), (ii) under <see cref="ParentPointId"/>, one of the paragraph's points:
/// an Expert proposes it, the Chair or Secretariat adds it, as paragraphs. It is a paragraph stream of its own (live editing,
/// brackets, amendments, comments and history work on it by its id) and shares its paragraph's status.
/// </summary>
public sealed record CreatePoint(
    Guid GroupId, Guid DraftId, Guid ParagraphId, Guid? ParentPointId, string? Text, Guid? AfterPointId, bool First, string? IdempotencyKey = null)
    : ICommand<ParagraphView>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class CreatePointValidator : AbstractValidator<CreatePoint>
{
    public CreatePointValidator(IConfiguration configuration)
    {
        var max = configuration.GetValue("Limits:MaxParagraphCodePoints", 20_000);
        RuleFor(x => x.Text).ValidText().NotEmpty().WithMessage("A point needs text.");
        RuleFor(x => x.Text).ValidText().Must(t => t is null || CodePoints.Length(t) <= max).WithMessage($"A point is at most {max} characters.");
    }
}

/// <summary>
/// Starts the point's stream (naming its paragraph, and taking the paragraph's status when it is no longer proposed) and places
/// it in the draft, in one transaction (the draft row is locked while placing). The paragraph's text must still be open to
/// change: not agreed, deleted, adopted or under silence.
/// </summary>
public sealed class CreatePointHandler(StreamWrite write, IQuerySession session, GroupAccess access, TimeProvider time)
    : ICommandHandler<CreatePoint, ParagraphView>
{
    public async ValueTask<ParagraphView> Handle(CreatePoint command, CancellationToken ct)
    {
        var pointId = Guid.CreateVersion7();
        var actor = Actor.From(access.Required.Member);
        var draft = await write.FetchExclusiveAsync<Draft>(command.DraftId, d => Draft.InGroup(d, command.GroupId), ct);
        if (draft.State.Find(command.ParagraphId) is null) throw new NotFoundException("No such paragraph in this draft.");
        if (command.ParentPointId is { } parentPointId && draft.State.FindPoint(parentPointId)?.Paragraph.ParagraphId != command.ParagraphId)
            throw new NotFoundException("No such point in this paragraph.");
        var paragraph = await session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        PointRules.EnsurePointsMayBeAdded(paragraph);
        await write.GuardAsync(paragraph, new ParagraphTextWrite(paragraph.Id), ct);

        var placement = command.AfterPointId is { } after ? Placement.After(after) : command.First ? Placement.First : Placement.AtEnd;
        var place = new PlacePoint(command.DraftId, pointId, command.ParentPointId ?? command.ParagraphId, placement);
        await write.GuardAsync(draft.State, place, ct);
        var placed = DraftDecisions.Decide(place, draft.State, actor);

        IParagraphCommand start = actor.Role == MemberRole.Expert
            ? new ProposeParagraph(command.GroupId, command.DraftId, pointId, command.Text!, paragraph.Id)
            : new AddParagraph(command.GroupId, command.DraftId, pointId, command.Text!, ParentParagraphId: paragraph.Id);
        object[] started = ParagraphDecisions.Decide(start, null, actor, time.GetUtcNow());
        if (paragraph.Status != ParagraphStatus.Proposed)
            started = [.. started, new PointFollowedParagraph(command.GroupId, command.DraftId, pointId, paragraph.Id, paragraph.Status)];
        var point = await write.StartAsync<Paragraph>(pointId, started, ct);
        var written = await write.AppendAsync(draft, placed, ct);
        await write.SaveAsync(ct);
        return ParagraphView.From(point.State, null, withAuthorship: true) with { Label = DraftOutline.Of(written.State).LabelOf(pointId) };
    }
}

public static class CreatePointEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/points",
                async (Guid groupId, Guid draftId, Guid paragraphId, CreatePointRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                {
                    var view = await m.Send(new CreatePoint(groupId, draftId, paragraphId, r.ParentPointId, r.Text, r.AfterPointId, r.First ?? false,
                        IdempotencyHeader.Read(http)), ct);
                    Versions.SetETag(http, view.NegotiationVersion);
                    return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/paragraphs/{view.Id}", view);
                })
            .WithSummary("Propose (Expert) or add (Chair, Secretariat) a point (a) in a paragraph, or a sub-point (i) under parentPointId; " +
                "after afterPointId, first, or last. The point is a paragraph of its own: every paragraph route takes its id. Accepts Idempotency-Key.")
            .Produces<ParagraphView>(StatusCodes.Status201Created);
}
