using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

/// <summary>An Expert proposes a new paragraph (starts the stream; place it in the draft with <see cref="PlaceParagraph"/>).</summary>
public sealed record ProposeParagraph(Guid GroupId, Guid DraftId, Guid ParagraphId, string Text, Guid? ParentParagraphId = null) : IParagraphCommand;

/// <summary>The Chair or Secretariat adds a paragraph, possibly copied from a workstream draft (with its authorship).</summary>
public sealed record AddParagraph(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string Text,
    Guid? SourceDraftId = null, Guid? SourceParagraphId = null, IReadOnlyList<AuthorshipRun>? Authorship = null, Guid? ParentParagraphId = null)
    : IParagraphCommand;

public sealed record CreateParagraphRequest(Guid SectionId, string? Text, Guid? AfterParagraphId, bool? First, Guid? SourceParagraphId);

/// <summary>
/// A new paragraph in a section: an Expert proposes it; the Chair or Secretariat adds it, or copies one from a workstream
/// draft into the report (keeping the link to its source paragraph and its authorship).
/// </summary>
public sealed record CreateParagraph(
    Guid GroupId, Guid DraftId, Guid SectionId, string? Text, Guid? AfterParagraphId, bool First, Guid? SourceParagraphId, string? IdempotencyKey = null)
    : ICommand<ParagraphView>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class CreateParagraphValidator : AbstractValidator<CreateParagraph>
{
    public CreateParagraphValidator(IConfiguration configuration)
    {
        var max = configuration.GetValue("Limits:MaxParagraphCodePoints", 20_000);
        RuleFor(x => x.Text).ValidText().NotEmpty().When(x => x.SourceParagraphId is null)
            .WithMessage("A paragraph needs text (or a sourceParagraphId to copy).");
        RuleFor(x => x.Text).ValidText().Must(t => t is null || CodePoints.Length(t) <= max).WithMessage($"A paragraph is at most {max} characters.");
        RuleFor(x => x.Text).ValidText().Null().When(x => x.SourceParagraphId is not null).WithMessage("A copied paragraph takes its source's text.");
    }
}

/// <summary>Starts the paragraph's stream and places it in the draft, in one transaction (the draft row is locked while placing).</summary>
public sealed class CreateParagraphHandler(StreamWrite write, IQuerySession session, GroupAccess access, TimeProvider time)
    : ICommandHandler<CreateParagraph, ParagraphView>
{
    public async ValueTask<ParagraphView> Handle(CreateParagraph command, CancellationToken ct)
    {
        var paragraphId = Guid.CreateVersion7();
        var placement = command.AfterParagraphId is { } after ? Placement.After(after) : command.First ? Placement.First : Placement.AtEnd;
        IParagraphCommand start;
        Guid? sourceDraftId = null;
        if (command.SourceParagraphId is { } sourceId)
        {
            var source = await session.LoadAsync<Paragraph>(sourceId, ct);
            if (source is null || source.GroupId != command.GroupId) throw new NotFoundException("No such source paragraph in this group.");
            sourceDraftId = source.DraftId;
            start = new AddParagraph(command.GroupId, command.DraftId, paragraphId, source.Text, source.DraftId, source.Id, source.Authorship);
        }
        else
        {
            start = access.Required.Member.Role == MemberRole.Expert
                ? new ProposeParagraph(command.GroupId, command.DraftId, paragraphId, command.Text!)
                : new AddParagraph(command.GroupId, command.DraftId, paragraphId, command.Text!);
        }
        var place = new PlaceParagraph(command.DraftId, paragraphId, command.SectionId, placement, sourceDraftId, command.SourceParagraphId);

        var actor = Actor.From(access.Required.Member);
        var draft = await write.FetchExclusiveAsync<Draft>(command.DraftId, d => Draft.InGroup(d, command.GroupId), ct);
        await write.GuardAsync(draft.State, place, ct);
        var placed = DraftDecisions.Decide(place, draft.State, actor);
        var paragraph = await write.StartAsync<Paragraph>(paragraphId, ParagraphDecisions.Decide(start, null, actor, time.GetUtcNow()), ct);
        await write.AppendAsync(draft, placed, ct);
        await write.SaveAsync(ct);
        return ParagraphView.From(paragraph.State, null, withAuthorship: true);
    }
}

public static class CreateParagraphEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/drafts/{draftId:guid}/paragraphs", async (Guid groupId, Guid draftId, CreateParagraphRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new CreateParagraph(groupId, draftId, r.SectionId, r.Text, r.AfterParagraphId, r.First ?? false,
                    r.SourceParagraphId, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, view.NegotiationVersion);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/paragraphs/{view.Id}", view);
            })
            .WithSummary("Propose (Expert) or add (Chair, Secretariat) a paragraph, or copy one into the report with sourceParagraphId. Accepts Idempotency-Key.")
            .Produces<ParagraphView>(StatusCodes.Status201Created);
}
