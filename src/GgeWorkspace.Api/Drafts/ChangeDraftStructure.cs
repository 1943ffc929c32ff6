using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

public sealed record RetitleDraft(Guid DraftId, string Title, string? ProvisionalSymbol) : IDraftCommand;

/// <summary>Adds a section, or a sub-section when <see cref="ParentSectionId"/> names a top-level section.</summary>
public sealed record AddSection(Guid DraftId, Guid SectionId, string Heading, Guid? ParentSectionId, Placement Placement) : IDraftCommand;

public sealed record RetitleSection(Guid DraftId, Guid SectionId, string Heading) : IDraftCommand;

public sealed record MoveSection(Guid DraftId, Guid SectionId, Guid? ParentSectionId, Placement Placement) : IDraftCommand;

/// <summary>Deletes a section that holds no live paragraphs or sub-sections.</summary>
public sealed record DeleteSection(Guid DraftId, Guid SectionId) : IDraftCommand;

public sealed record MoveParagraph(Guid DraftId, Guid ParagraphId, Guid SectionId, Placement Placement) : IDraftCommand;

/// <summary>
/// Any change to a draft's structure (title, sections, where paragraphs sit). It depends on the draft's current state,
/// so it names the draft version it was made on (If-Match); the decisions check who may do it.
/// </summary>
public sealed record ChangeDraftStructure(Guid GroupId, Guid DraftId, IDraftCommand Change, long ExpectedVersion, string? IdempotencyKey = null)
    : ICommand<DraftSummary>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class ChangeDraftStructureValidator : AbstractValidator<ChangeDraftStructure>
{
    public ChangeDraftStructureValidator()
    {
        RuleFor(x => x.Change).SetInheritanceValidator(v =>
        {
            v.Add(new InlineValidator<RetitleDraft>
            {
                r => r.RuleFor(x => x.Title).ValidText().NotEmpty().MaximumLength(300),
                r => r.RuleFor(x => x.ProvisionalSymbol).ValidText().MaximumLength(100),
            });
            v.Add(new InlineValidator<AddSection> { r => r.RuleFor(x => x.Heading).ValidText().NotEmpty().MaximumLength(500) });
            v.Add(new InlineValidator<RetitleSection> { r => r.RuleFor(x => x.Heading).ValidText().NotEmpty().MaximumLength(500) });
        });
    }
}

/// <summary>Fetches the draft at the version named, runs the guards other features register (an adopted draft is read-only), decides, appends, saves.</summary>
public sealed class ChangeDraftStructureHandler(StreamWrite write, GroupAccess access) : ICommandHandler<ChangeDraftStructure, DraftSummary>
{
    public async ValueTask<DraftSummary> Handle(ChangeDraftStructure command, CancellationToken ct)
    {
        var target = await write.FetchAsync<Draft>(command.DraftId, command.ExpectedVersion, d => Draft.InGroup(d, command.GroupId), ct);
        await write.GuardAsync(target.State, command.Change, ct);
        var written = await write.AppendAsync(target, DraftDecisions.Decide(command.Change, target.State, Actor.From(access.Required.Member)), ct);
        await write.SaveAsync(ct);
        var draft = written.State;
        return new DraftSummary(draft.Id, draft.Title, draft.ProvisionalSymbol, draft.Kind, draft.WorkstreamId, draft.Version);
    }
}

public sealed record RetitleDraftRequest(string Title, string? ProvisionalSymbol);

public sealed record SectionRequest(string Heading, Guid? ParentSectionId, Guid? AfterSectionId, bool? First);

public sealed record RetitleSectionRequest(string Heading);

public sealed record MoveSectionRequest(Guid? ParentSectionId, Guid? AfterSectionId, bool? First);

public sealed record MoveParagraphRequest(Guid SectionId, Guid? AfterParagraphId, bool? First);

/// <summary>Where a point goes: under <see cref="ParentPointId"/> (a sub-point), or <see cref="ParagraphId"/>; neither: its own parent.</summary>
public sealed record MovePointRequest(Guid? ParagraphId, Guid? ParentPointId, Guid? AfterPointId, bool? First);

public static class DraftStructureEndpoints
{
    private static Placement PlacementOf(Guid? after, bool? first) =>
        after is { } id ? Placement.After(id) : first == true ? Placement.First : Placement.AtEnd;

    private static async Task<IResult> Send(IMediator mediator, HttpContext http, Guid groupId, Guid draftId, IDraftCommand change, CancellationToken ct, int status = 200)
    {
        var draft = await mediator.Send(new ChangeDraftStructure(groupId, draftId, change, Versions.RequireIfMatch(http), IdempotencyHeader.Read(http)), ct);
        Versions.SetETag(http, draft.Version);
        return status == 201 ? Results.Created($"/api/groups/{groupId}/drafts/{draftId}", draft) : Results.Ok(draft);
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPatch("/drafts/{draftId:guid}", (Guid groupId, Guid draftId, RetitleDraftRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new RetitleDraft(draftId, r.Title, r.ProvisionalSymbol), ct))
            .WithSummary("Retitle a draft or change its provisional symbol (Chair or Secretariat; If-Match: draft version).");
        group.MapPost("/drafts/{draftId:guid}/sections", (Guid groupId, Guid draftId, SectionRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId,
                    new AddSection(draftId, Guid.CreateVersion7(), r.Heading, r.ParentSectionId, PlacementOf(r.AfterSectionId, r.First)), ct, 201))
            .WithSummary("Add a section, or a sub-section with parentSectionId (Chair or Secretariat; If-Match: draft version).");
        group.MapPatch("/drafts/{draftId:guid}/sections/{sectionId:guid}", (Guid groupId, Guid draftId, Guid sectionId, RetitleSectionRequest r,
                IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new RetitleSection(draftId, sectionId, r.Heading), ct))
            .WithSummary("Retitle a section (Chair or Secretariat; If-Match: draft version).");
        group.MapPost("/drafts/{draftId:guid}/sections/{sectionId:guid}/move", (Guid groupId, Guid draftId, Guid sectionId, MoveSectionRequest r,
                IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new MoveSection(draftId, sectionId, r.ParentSectionId, PlacementOf(r.AfterSectionId, r.First)), ct))
            .WithSummary("Move a section (Chair or Secretariat; If-Match: draft version).");
        group.MapDelete("/drafts/{draftId:guid}/sections/{sectionId:guid}", (Guid groupId, Guid draftId, Guid sectionId,
                IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new DeleteSection(draftId, sectionId), ct))
            .WithSummary("Delete an empty section (Chair or Secretariat; If-Match: draft version).");
        group.MapPost("/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/move", (Guid groupId, Guid draftId, Guid paragraphId, MoveParagraphRequest r,
                IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new MoveParagraph(draftId, paragraphId, r.SectionId, PlacementOf(r.AfterParagraphId, r.First)), ct))
            .WithSummary("Move a paragraph; numbers are recomputed, its id never changes (Chair or Secretariat; If-Match: draft version).");
        group.MapPost("/drafts/{draftId:guid}/points/{pointId:guid}/move", (Guid groupId, Guid draftId, Guid pointId, MovePointRequest r,
                IMediator m, HttpContext http, CancellationToken ct) =>
                Send(m, http, groupId, draftId, new MovePoint(draftId, pointId, r.ParentPointId ?? r.ParagraphId, PlacementOf(r.AfterPointId, r.First)), ct))
            .WithSummary("Move a point among its siblings, under another point, or to another paragraph; letters are recomputed, its id never " +
                "changes (Chair or Secretariat; If-Match: draft version).");
    }
}
