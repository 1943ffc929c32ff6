using GgeWorkspace.Api.Exports;

namespace GgeWorkspace.Api.Amendments;

/// <summary>The compilation (<see cref="Attributed"/>) or the Chair's text of a draft now, from the same paragraphs and amendments.</summary>
public sealed record GetCompilation(Guid GroupId, Guid DraftId, bool Attributed) : IQuery<CompilationText>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => VariantReaders.Of(Attributed ? ExportVariant.Compilation : ExportVariant.ChairsText);
}

public sealed class GetCompilationHandler(IDocumentStore store, GroupAccess access) : IQueryHandler<GetCompilation, CompilationText>
{
    public async ValueTask<CompilationText> Handle(GetCompilation query, CancellationToken ct)
    {
        var current = await CurrentDraft.ReadAsync(store, query.GroupId, query.DraftId, ct);
        var (draft, paragraphs, _) = current.State;
        return query.Attributed
            ? Compilation.WithAttribution(draft, paragraphs, current.OpenAmendments, access.Required.Group.Members)
            : Compilation.ChairsText(draft, paragraphs, current.OpenAmendments);
    }
}

public static class GetCompilationEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/drafts/{draftId:guid}/compilation", (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) =>
                m.Send(new GetCompilation(groupId, draftId, true), ct))
            .WithSummary("Each paragraph with its open proposals: \"Proposed by Canada; supported by Mexico; objected to by China\".");
        group.MapGet("/drafts/{draftId:guid}/chairs-text", (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) =>
                m.Send(new GetCompilation(groupId, draftId, false), ct))
            .WithSummary("The same paragraphs and proposals as the compilation, without attribution.");
    }
}
