using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Sources;

/// <summary>A draft paragraph cites a reply paragraph as a view it reflects (provenance).</summary>
public sealed record ParagraphCitedSource(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string SourceParagraphId, string Code, string SubmitterEnglish) : IDraftEvent;

public sealed record ParagraphCitationRemoved(Guid GroupId, Guid DraftId, Guid ParagraphId, string SourceParagraphId) : IDraftEvent;

public sealed record Citation(Guid ParagraphId, string SourceParagraphId, string Code, string SubmitterEnglish);

/// <summary>
/// The citations of one draft's paragraphs: one stream per draft (<see cref="StreamIdFor"/>), apart from the paragraph streams so
/// citing never moves a paragraph's text or negotiation version. Coverage reads the whole draft's citations at once.
/// </summary>
public sealed record DraftCitations(Guid Id, Guid GroupId, Guid DraftId, IReadOnlyList<Citation> Citations)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    public static Guid StreamIdFor(Guid draftId) => StreamIds.NameBased($"gge-workspace/citations/{draftId:D}");

    public static DraftCitations Empty(Guid groupId, Guid draftId) => new(StreamIdFor(draftId), groupId, draftId, []);

    /// <summary>Every event type of a draft's citations stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(ParagraphCitedSource), typeof(ParagraphCitationRemoved), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a draft's citations change by an event: Marten's snapshot and the writer use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static DraftCitations? Evolve(DraftCitations? state, object e) => (state, e) switch
    {
        (null, ParagraphCitedSource x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, ParagraphCitedSource x) => state.With(x),
        (not null, ParagraphCitationRemoved x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(DraftCitations), e),
    };

    public static DraftCitations From(ParagraphCitedSource e) => Empty(e.GroupId, e.DraftId).With(e);

    public DraftCitations With(ParagraphCitedSource e) =>
        this with { Citations = [.. Citations, new Citation(e.ParagraphId, e.SourceParagraphId, e.Code, e.SubmitterEnglish)] };

    public DraftCitations With(ParagraphCitationRemoved e) =>
        this with { Citations = [.. Citations.Where(c => !(c.ParagraphId == e.ParagraphId && c.SourceParagraphId == e.SourceParagraphId))] };

    public IReadOnlyList<Citation> Of(Guid paragraphId) => [.. Citations.Where(c => c.ParagraphId == paragraphId)];
}

public static class CitationDecisions
{
    /// <summary>Citing what the paragraph already cites changes nothing.</summary>
    public static IReadOnlyList<object> Cite(DraftCitations citations, Guid paragraphId, StoredReply reply, StoredSourceParagraph source) =>
        citations.Citations.Any(c => c.ParagraphId == paragraphId && c.SourceParagraphId == source.Id)
            ? []
            : [new ParagraphCitedSource(citations.GroupId, citations.DraftId, paragraphId, source.Id, reply.Code, reply.SubmitterEnglish)];

    public static IReadOnlyList<object> Remove(DraftCitations citations, Guid paragraphId, string sourceParagraphId) =>
        citations.Citations.Any(c => c.ParagraphId == paragraphId && c.SourceParagraphId == sourceParagraphId)
            ? [new ParagraphCitationRemoved(citations.GroupId, citations.DraftId, paragraphId, sourceParagraphId)]
            : []; // Removing a citation that is not there changes nothing: DELETE is idempotent.
}

/// <summary>A paragraph's citations; read with <c>?language=</c>, <see cref="Texts"/> gives each cited paragraph's text in that language.</summary>
public sealed record ParagraphCitationsView(
    Guid ParagraphId, IReadOnlyList<Citation> Citations, long Version, string? Language = null, IReadOnlyList<CitedSourceText>? Texts = null);

public sealed record CiteSourceRequest(string? SourceParagraphId);

/// <summary>A member (not an Observer) records that a draft paragraph reflects a reply paragraph.</summary>
public sealed record CiteSource(Guid GroupId, Guid DraftId, Guid ParagraphId, string SourceParagraphId) : ICommand<ParagraphCitationsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class CiteSourceValidator : AbstractValidator<CiteSource>
{
    public CiteSourceValidator() =>
        RuleFor(x => x.SourceParagraphId).NotEmpty().MaximumLength(200)
            .Matches("^[^:]+:[A-Z]{2,3}:[0-9]+$").WithMessage("A source paragraph id reads like A/72/304:CAN:3.");
}

public sealed class CiteSourceHandler(StreamWrite write) : ICommandHandler<CiteSource, ParagraphCitationsView>
{
    public async ValueTask<ParagraphCitationsView> Handle(CiteSource command, CancellationToken ct)
    {
        await CitationWrites.RequireParagraphAsync(write.Session, command.GroupId, command.DraftId, command.ParagraphId, ct);
        var (_, reply, source) = await SourceReads.ParagraphAsync(write.Session, command.GroupId, command.SourceParagraphId, ct);
        return await CitationWrites.ExecuteAsync(write, command.GroupId, command.DraftId, command.ParagraphId,
            c => CitationDecisions.Cite(c, command.ParagraphId, reply, source), ct);
    }
}

public sealed record RemoveCitation(Guid GroupId, Guid DraftId, Guid ParagraphId, string SourceParagraphId) : ICommand<ParagraphCitationsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Drafters;
}

public sealed class RemoveCitationValidator : AbstractValidator<RemoveCitation>
{
    public RemoveCitationValidator() => RuleFor(x => x.SourceParagraphId).NotEmpty().MaximumLength(200);
}

public sealed class RemoveCitationHandler(StreamWrite write) : ICommandHandler<RemoveCitation, ParagraphCitationsView>
{
    public async ValueTask<ParagraphCitationsView> Handle(RemoveCitation command, CancellationToken ct)
    {
        await CitationWrites.RequireParagraphAsync(write.Session, command.GroupId, command.DraftId, command.ParagraphId, ct);
        return await CitationWrites.ExecuteAsync(write, command.GroupId, command.DraftId, command.ParagraphId,
            c => CitationDecisions.Remove(c, command.ParagraphId, command.SourceParagraphId), ct);
    }
}

public sealed record GetCitations(Guid GroupId, Guid DraftId, Guid ParagraphId, string? Language = null) : IQuery<ParagraphCitationsView>, IGroupScoped, IInLanguage
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetCitationsValidator : AbstractValidator<GetCitations>
{
    public GetCitationsValidator() => Include(new InLanguageValidator());
}

public sealed class GetCitationsHandler(IQuerySession session) : IQueryHandler<GetCitations, ParagraphCitationsView>
{
    public async ValueTask<ParagraphCitationsView> Handle(GetCitations query, CancellationToken ct)
    {
        await CitationWrites.RequireParagraphAsync(session, query.GroupId, query.DraftId, query.ParagraphId, ct);
        var citations = await session.LoadAsync<DraftCitations>(DraftCitations.StreamIdFor(query.DraftId), ct);
        var cited = citations?.Of(query.ParagraphId) ?? [];
        var view = new ParagraphCitationsView(query.ParagraphId, cited, citations?.Version ?? 0);
        if (query.Language is not { } language) return view;
        var documents = await session.Query<GroupSourceDocument>().Where(d => d.GroupId == query.GroupId).ToListAsync(ct);
        return view with { Language = language, Texts = SourceLanguageReads.Texts(documents, language, cited.Select(c => c.SourceParagraphId)) };
    }
}

internal static class CitationWrites
{
    public static async Task RequireParagraphAsync(IQuerySession session, Guid groupId, Guid draftId, Guid paragraphId, CancellationToken ct)
    {
        await session.LoadParagraphInDraftAsync(groupId, draftId, paragraphId, ct);
    }

    public static async Task<ParagraphCitationsView> ExecuteAsync(StreamWrite write, Guid groupId, Guid draftId, Guid paragraphId,
        Func<DraftCitations, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        // Exclusive: every paragraph of the draft cites into this one stream, so concurrent citations queue instead of failing.
        var target = await write.FetchExclusiveAsync<DraftCitations>(DraftCitations.StreamIdFor(draftId), c => c ?? DraftCitations.Empty(groupId, draftId), ct);
        var written = await write.AppendAsync(target, decide(target.State), ct);
        if (written.Events.Count > 0) await write.SaveAsync(ct);
        return new ParagraphCitationsView(paragraphId, written.State.Of(paragraphId), written.Version);
    }
}

public static class CitationEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string citations = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/citations";
        group.MapGet(citations, (Guid groupId, Guid draftId, Guid paragraphId, string? language, IMediator m, CancellationToken ct) =>
                m.Send(new GetCitations(groupId, draftId, paragraphId, language), ct))
            .WithSummary("The reply paragraphs this paragraph cites; with ?language=, their texts in that language.");
        group.MapPost(citations, async (Guid groupId, Guid draftId, Guid paragraphId, CiteSourceRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new CiteSource(groupId, draftId, paragraphId, r.SourceParagraphId ?? ""), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Cite a reply paragraph (any member but Observers): {sourceParagraphId: \"A/72/304:CAN:3\"}. Citing twice changes nothing.");
        group.MapDelete(citations + "/{*sourceParagraphId}", async (Guid groupId, Guid draftId, Guid paragraphId, string sourceParagraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new RemoveCitation(groupId, draftId, paragraphId, Uri.UnescapeDataString(sourceParagraphId)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Remove a citation (any member but Observers).");
        group.MapGet("/drafts/{draftId:guid}/coverage", (Guid groupId, Guid draftId, string? language, IMediator m, CancellationToken ct) =>
                m.Send(new GetCoverage(groupId, draftId, language), ct))
            .WithSummary("For every submitter of the group's sources, the paragraphs of this draft that reflect their views; and who is not reflected yet.");
    }
}
