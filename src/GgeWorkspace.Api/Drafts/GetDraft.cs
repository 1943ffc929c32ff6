using System.Data;
using GgeWorkspace.Api.Exports;

namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// Reads a draft now, or as of an earlier global sequence or instant (see <see cref="Drafts.AsOf"/>). "As of" reads replay
/// the events and are allowed up to the projection daemon's high-water mark: below it no earlier sequence can still appear,
/// so the answer never changes.
/// </summary>
public sealed record GetDraft(Guid GroupId, Guid DraftId, string? AsOf, bool WithAuthorship, bool WithDeleted) : IQuery<DraftView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => VariantReaders.Of(ExportVariant.Negotiation);
}

public sealed class GetDraftValidator : AbstractValidator<GetDraft>
{
    public GetDraftValidator() => RuleFor(x => x.AsOf).Must(Drafts.AsOf.IsValid).WithMessage(Drafts.AsOf.Expected);
}

public sealed class GetDraftHandler(IDocumentStore store, IQuerySession session) : IQueryHandler<GetDraft, DraftView>
{
    public async ValueTask<DraftView> Handle(GetDraft query, CancellationToken ct)
    {
        if (Drafts.AsOf.Parse(query.AsOf) is { } asOf) return DraftView.From(await AsOfAsync(query, asOf, ct), true, query.WithAuthorship, query.WithDeleted);
        var current = await CurrentDraft.ReadAsync(store, query.GroupId, query.DraftId, ct);
        return DraftView.From(current.State, false, query.WithAuthorship, query.WithDeleted, current.Counts);
    }

    private async Task<DraftState> AsOfAsync(GetDraft query, AsOf asOf, CancellationToken ct)
    {
        var sequence = await asOf.ResolveAsync(session, "Read", ct);
        var state = await DraftReplay.AsOfAsync(session, query.DraftId, sequence, ct);
        if (state is null || state.Draft.GroupId != query.GroupId) throw new NotFoundException("No such draft at that sequence.");
        return state;
    }
}

/// <summary>
/// A draft now: its inline snapshot, its paragraphs', the last sequence of their streams, and the amendments still submitted
/// and comment threads still open on it, all read in one repeatable-read snapshot so they agree.
/// </summary>
public sealed record CurrentDraft(DraftState State, IReadOnlyList<Amendment> OpenAmendments, IReadOnlyList<CommentThread> OpenThreads)
{
    public OpenItemCounts Counts => new(
        OpenAmendments.GroupBy(a => a.ParagraphId).ToDictionary(g => g.Key, g => g.Count()),
        OpenThreads.GroupBy(t => t.ParagraphId).ToDictionary(g => g.Key, g => g.Count()));

    public static async Task<CurrentDraft> ReadAsync(IDocumentStore store, Guid groupId, Guid draftId, CancellationToken ct)
    {
        await using var snapshot = store.LightweightSession(IsolationLevel.RepeatableRead);
        await snapshot.BeginTransactionAsync(ct);
        var draft = Draft.InGroup(await snapshot.LoadAsync<Draft>(draftId, ct), groupId);
        var ids = draft.AllPlacedIds().ToArray();
        var paragraphs = ids.Length == 0 ? [] : await snapshot.LoadManyAsync<Paragraph>(ct, ids);
        var streams = ids.Append(draftId).ToArray();
        var sequence = await snapshot.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId)).MaxAsync(e => e.Sequence, ct);
        var amendments = await snapshot.Query<Amendment>().Where(a => a.DraftId == draftId && a.State == AmendmentState.Submitted).ToListAsync(ct);
        var threads = await snapshot.Query<CommentThread>().Where(t => t.DraftId == draftId && !t.IsResolved).ToListAsync(ct);
        return new CurrentDraft(new DraftState(draft, paragraphs.ToDictionary(p => p.Id), sequence), amendments, threads);
    }
}

public static class DraftSequences
{
    /// <summary>The async daemon's high-water mark: every event at or below it is committed and none can still appear.</summary>
    public static async Task<long> HighWaterMarkAsync(IQuerySession session, CancellationToken ct)
    {
        var marks = await session.AdvancedSql.QueryAsync<long>(
            "select last_seq_id from mt_event_progression where name = 'HighWaterMark'", ct);
        return marks.Count == 0 ? 0 : marks[0];
    }
}

public sealed record GetBracketHistory(Guid GroupId, Guid DraftId) : IQuery<IReadOnlyList<BracketCountPoint>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetBracketHistoryHandler(IQuerySession session) : IQueryHandler<GetBracketHistory, IReadOnlyList<BracketCountPoint>>
{
    public async ValueTask<IReadOnlyList<BracketCountPoint>> Handle(GetBracketHistory query, CancellationToken ct)
    {
        var draft = Draft.InGroup(await session.LoadAsync<Draft>(query.DraftId, ct), query.GroupId);
        return await DraftReplay.BracketHistoryAsync(session, draft, ct);
    }
}

public static class GetDraftEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/drafts/{draftId:guid}", async (Guid groupId, Guid draftId, string? asOf, bool? authorship, bool? deleted,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var view = await mediator.Send(new GetDraft(groupId, draftId, asOf, authorship ?? false, deleted ?? false), ct);
                if (!view.AsOf) Versions.SetETag(http, view.Version);
                http.Response.Headers["X-Event-Sequence"] = view.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return view;
            })
            .WithSummary("A draft with its numbered paragraphs, now or as of an earlier global sequence or ISO 8601 instant (?asOf=); ?authorship=true adds who wrote each span.");
        group.MapGet("/drafts/{draftId:guid}/bracket-counts", async (Guid groupId, Guid draftId, string? asOf, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetDraft(groupId, draftId, asOf, false, false), ct)).BracketCounts)
            .WithSummary("Bracket counts per section, now or as of an earlier sequence or instant.");
        group.MapGet("/drafts/{draftId:guid}/bracket-counts/history", (Guid groupId, Guid draftId, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new GetBracketHistory(groupId, draftId), ct))
            .WithSummary("Bracket counts after every change to them, oldest first (a burndown).");
    }
}
