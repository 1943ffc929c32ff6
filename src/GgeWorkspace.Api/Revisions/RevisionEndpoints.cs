using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Revisions;

public sealed record IssueRevisionRequest(string? Note);

/// <summary>
/// The Chair issues the draft's next revision (the zero draft first). Its content is the draft and its paragraphs read in one
/// repeatable-read snapshot, and the global sequence is the last one of their streams in that snapshot.
/// </summary>
public sealed record IssueNextRevision(Guid GroupId, Guid DraftId, string? Note, string? IdempotencyKey = null)
    : ICommand<RevisionSummary>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;
}

public sealed class IssueNextRevisionValidator : AbstractValidator<IssueNextRevision>
{
    public IssueNextRevisionValidator() => RuleFor(x => x.Note).ValidText().MaximumLength(4000);
}

public sealed class IssueNextRevisionHandler(IDocumentStore store, StreamWrite write, GroupAccess access, TimeProvider time)
    : ICommandHandler<IssueNextRevision, RevisionSummary>
{
    public async ValueTask<RevisionSummary> Handle(IssueNextRevision command, CancellationToken ct)
    {
        var current = await CurrentDraft.ReadAsync(store, command.GroupId, command.DraftId, ct);
        // The log is locked while numbering, so two revisions issued at once get consecutive numbers.
        var log = await write.FetchMaybeNewAsync<RevisionLog>(RevisionLog.StreamIdFor(command.DraftId), exclusive: true, ct);
        var (draft, paragraphs, sequence) = current.State;
        var events = RevisionDecisions.Issue(new IssueRevision(command.DraftId, Guid.CreateVersion7(), command.Note), log.Aggregate, draft, paragraphs,
            sequence, Actor.From(access.Required.Member), time.GetUtcNow());
        await write.AppendAsync(log, events, ct);
        await write.SaveAsync(ct);
        var issued = (RevisionIssued)events[0];
        return new RevisionSummary(issued.RevisionId, issued.Number, issued.Label, issued.IssuedAt, issued.GlobalSequence, issued.Note);
    }
}

public sealed record ListRevisions(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<RevisionSummary>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListRevisionsHandler(IQuerySession session) : IQueryHandler<ListRevisions, IReadOnlyList<RevisionSummary>>
{
    public async ValueTask<IReadOnlyList<RevisionSummary>> Handle(ListRevisions query, CancellationToken ct)
    {
        await RevisionReads.RequireDraftAsync(session, query.GroupId, query.DraftId, ct);
        var log = await session.LoadAsync<RevisionLog>(RevisionLog.StreamIdFor(query.DraftId), ct);
        return log?.Revisions ?? [];
    }
}

/// <summary>A revision with its content.</summary>
public sealed record RevisionView(Guid RevisionId, int Number, string Label, DateTimeOffset IssuedAt, long GlobalSequence, string? Note, RevisionSnapshot Content)
{
    public static RevisionView From(RevisionIssued e) => new(e.RevisionId, e.Number, e.Label, e.IssuedAt, e.GlobalSequence, e.Note, e.Snapshot);
}

public sealed record GetRevision(Guid GroupId, Guid DraftId, int Number) : IQuery<RevisionView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetRevisionHandler(IQuerySession session) : IQueryHandler<GetRevision, RevisionView>
{
    public async ValueTask<RevisionView> Handle(GetRevision query, CancellationToken ct)
    {
        await RevisionReads.RequireDraftAsync(session, query.GroupId, query.DraftId, ct);
        return RevisionView.From(await RevisionReads.IssuedAsync(session, query.DraftId, query.Number, ct));
    }
}

/// <summary>The redline from revision <see cref="From"/> to revision <see cref="To"/>, or to the draft now when <see cref="To"/> is null.</summary>
public sealed record GetRedline(Guid GroupId, Guid DraftId, int From, int? To) : IQuery<Redline>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => VariantReaders.Of(ExportVariant.Redline);
}

public sealed class GetRedlineHandler(IDocumentStore store, IQuerySession session) : IQueryHandler<GetRedline, Redline>
{
    public async ValueTask<Redline> Handle(GetRedline query, CancellationToken ct)
    {
        await RevisionReads.RequireDraftAsync(session, query.GroupId, query.DraftId, ct);
        var older = await RevisionReads.IssuedAsync(session, query.DraftId, query.From, ct);
        RevisionSnapshot newer;
        long newerSequence;
        if (query.To is { } to)
        {
            var issued = await RevisionReads.IssuedAsync(session, query.DraftId, to, ct);
            (newer, newerSequence) = (issued.Snapshot, issued.GlobalSequence);
        }
        else
        {
            var current = await CurrentDraft.ReadAsync(store, query.GroupId, query.DraftId, ct);
            (newer, newerSequence) = (RevisionSnapshot.From(current.State.Draft, current.State.Paragraphs), current.State.Sequence);
        }
        if (newerSequence < older.GlobalSequence)
            throw new ConflictException("A redline goes from an older revision to a newer one.",
                new Dictionary<string, object?> { ["from"] = query.From, ["to"] = query.To });

        // The text changes between the two, per paragraph, so deletions are attributed to whoever made them.
        Guid[] ids = [.. older.Snapshot.Paragraphs().Select(p => p.ParagraphId).Union(newer.Paragraphs().Select(p => p.ParagraphId))];
        var raw = ids.Length == 0
            ? []
            : await session.Events.QueryAllRawEvents()
                .Where(e => ids.Contains(e.StreamId) && e.Sequence > older.GlobalSequence && e.Sequence <= newerSequence)
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
        var changes = raw.Select(e => e.Data).OfType<IParagraphTextChange>().Where(c => !Infrastructure.Events.UnreadableEvents.IsUnreadable(c))
            .GroupBy(c => c.ParagraphId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IParagraphTextChange>)[.. g]);
        return Redline.Between(older.Snapshot, newer, changes);
    }
}

public static class RevisionReads
{
    public static async Task RequireDraftAsync(IQuerySession session, Guid groupId, Guid draftId, CancellationToken ct)
    {
        var draft = await session.LoadAsync<Draft>(draftId, ct);
        if (draft is null || draft.GroupId != groupId) throw new NotFoundException("No such draft in this group.");
    }

    /// <summary>
    /// The revision as issued: its number is its position among the log's revisions, and its position in the stream unless copies
    /// prepared for delegations came between revisions; then it is looked up by draft and number.
    /// </summary>
    public static async Task<RevisionIssued> IssuedAsync(IQuerySession session, Guid draftId, int number, CancellationToken ct)
    {
        if (number < 0) throw new NotFoundException($"There is no revision {number}.");
        var events = await session.Events.FetchStreamAsync(RevisionLog.StreamIdFor(draftId), version: number + 1, token: ct);
        if (events.Count > number && events[number].Data is RevisionIssued issued && issued.Number == number) return issued;
        if (!events.Any(e => e.Data is Exports.RecipientCopyPrepared)) throw new NotFoundException($"There is no revision {number} of this draft.");
        return await session.Events.QueryRawEventDataOnly<RevisionIssued>().Where(r => r.DraftId == draftId && r.Number == number).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"There is no revision {number} of this draft.");
    }
}

public static class RevisionEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string revisions = "/drafts/{draftId:guid}/revisions";
        group.MapPost(revisions, async (Guid groupId, Guid draftId, IssueRevisionRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var issued = await m.Send(new IssueNextRevision(groupId, draftId, r?.Note, IdempotencyHeader.Read(http)), ct);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/revisions/{issued.Number}", issued);
            })
            .WithSummary("Issue the next revision (the Chair): the zero draft (number 0), then Rev.1, Rev.2, ... Accepts Idempotency-Key.")
            .Produces<RevisionSummary>(StatusCodes.Status201Created);
        group.MapGet(revisions, (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new ListRevisions(groupId, draftId), ct))
            .WithSummary("The draft's revisions, oldest first: number, label, issuedAt, the global sequence each reflects, note.");
        group.MapGet(revisions + "/{number:int}", (Guid groupId, Guid draftId, int number, IMediator m, CancellationToken ct) =>
                m.Send(new GetRevision(groupId, draftId, number), ct))
            .WithSummary("One revision with its whole content as issued.");
        group.MapGet("/drafts/{draftId:guid}/redline", (Guid groupId, Guid draftId, string? from, string? to, IMediator m, CancellationToken ct) =>
            {
                if (!int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var older))
                    throw new BadHttpRequestException("from is a revision number (0 for the zero draft).");
                int? newer = null;
                if (to is not (null or "current"))
                {
                    if (!int.TryParse(to, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                        throw new BadHttpRequestException("to is a revision number or \"current\".");
                    newer = n;
                }
                return m.Send(new GetRedline(groupId, draftId, older, newer), ct);
            })
            .WithSummary("Redline from revision ?from= to revision ?to= (or \"current\", the default): per paragraph segments with actors and times, added, removed and moved paragraphs, and the number map.");
    }
}
