namespace GgeWorkspace.Api.Drafts;

/// <summary>Who did something: their sub, display name, role and the State their contributions are attributed to, if any.</summary>
public sealed record HistoryMember(string? Sub, string? DisplayName, string? Role, string? AttributedState);

/// <summary>What an entry concerns: the paragraph (its number when the event names one) and the bracket, option, amendment, thread or silence procedure.</summary>
public sealed record HistoryConcerns(
    Guid? ParagraphId, int? ParagraphNumber, Guid? BracketId, Guid? OptionId, Guid? AmendmentId, Guid? ThreadId, Guid? ProcedureId);

/// <summary>
/// One line of a paragraph's history. Consecutive live edits by one member are one <c>TextEdited</c> line: <see cref="EditCount"/>
/// keystroke operations from text version <see cref="FromTextVersion"/> to <see cref="ToTextVersion"/>, stored between
/// <see cref="FirstSequence"/> and <see cref="Sequence"/>.
/// </summary>
public sealed record ParagraphHistoryEntry(
    string Kind, long Sequence, long FirstSequence, DateTimeOffset Timestamp, HistoryMember Member, string? Reason, HistoryConcerns Concerns,
    int? EditCount = null, long? FromTextVersion = null, long? ToTextVersion = null);

/// <summary>A page of a paragraph's history, newest first; <see cref="NextBefore"/> is the <c>before=</c> of the next page, null on the last.</summary>
public sealed record ParagraphHistoryPage(Guid ParagraphId, IReadOnlyList<ParagraphHistoryEntry> Entries, long? NextBefore);

/// <summary>
/// A paragraph's history read from the event store, newest first: its own stream, the delegations' positions on it, the
/// amendments and comment threads on it and the silence procedures it was placed under. Live keystrokes are coalesced.
/// </summary>
public sealed record GetParagraphHistory(Guid GroupId, Guid DraftId, Guid ParagraphId, int? Limit, long? Before)
    : IQuery<ParagraphHistoryPage>, IGroupScoped
{
    public const int MaxLimit = 200;
    public const int DefaultLimit = 50;
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetParagraphHistoryValidator : AbstractValidator<GetParagraphHistory>
{
    public GetParagraphHistoryValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, GetParagraphHistory.MaxLimit)
            .WithMessage($"limit is from 1 to {GetParagraphHistory.MaxLimit} entries.");
        RuleFor(x => x.Before).GreaterThan(0).WithMessage("before is a global event sequence, 1 or more.");
    }
}

public sealed class GetParagraphHistoryHandler(IQuerySession session) : IQueryHandler<GetParagraphHistory, ParagraphHistoryPage>
{
    private const int Batch = 500;

    public async ValueTask<ParagraphHistoryPage> Handle(GetParagraphHistory query, CancellationToken ct)
    {
        var paragraph = await session.LoadAsync<Paragraph>(query.ParagraphId, ct);
        if (paragraph is null || paragraph.DraftId != query.DraftId || paragraph.GroupId != query.GroupId)
            throw new NotFoundException("No such paragraph in this draft.");
        var group = await session.LoadAsync<Group>(query.GroupId, ct);
        var streams = await StreamsAsync(query, ct);
        var limit = query.Limit ?? GetParagraphHistory.DefaultLimit;

        var entries = new List<ParagraphHistoryEntry>();
        var before = query.Before ?? long.MaxValue;
        while (entries.Count <= limit)
        {
            var bound = before;
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => streams.Contains(e.StreamId) && e.Sequence < bound)
                .OrderByDescending(e => e.Sequence)
                .Take(Batch)
                .ToListAsync(ct);
            foreach (var e in events) ParagraphHistoryEntries.Add(entries, e, group);
            if (events.Count < Batch) break;
            before = events[^1].Sequence;
        }
        // One line more than the page was read, so the page's last run of edits is whole.
        var more = entries.Count > limit;
        var page = entries.Take(limit).ToList();
        return new ParagraphHistoryPage(query.ParagraphId, page, more && page.Count > 0 ? page[^1].FirstSequence : null);
    }

    private async Task<Guid[]> StreamsAsync(GetParagraphHistory query, CancellationToken ct)
    {
        var amendments = await session.Query<Amendment>().Where(a => a.ParagraphId == query.ParagraphId).Select(a => a.Id).ToListAsync(ct);
        var threads = await session.Query<CommentThread>().Where(t => t.ParagraphId == query.ParagraphId).Select(t => t.Id).ToListAsync(ct);
        var procedures = (await session.Query<SilenceProcedure>().Where(s => s.DraftId == query.DraftId).ToListAsync(ct))
            .Where(s => s.Placed.Any(p => p.ParagraphId == query.ParagraphId) || s.NotPlaced.Any(p => p.ParagraphId == query.ParagraphId))
            .Select(s => s.Id);
        return [query.ParagraphId, ConsensusStreams.PositionsOf(query.ParagraphId), .. amendments, .. threads, .. procedures];
    }
}

/// <summary>How stored events become history lines: who, why, about what; consecutive live edits by one member coalesced.</summary>
public static class ParagraphHistoryEntries
{
    public const string TextEdited = "text_edited";

    /// <summary>Adds the line for <paramref name="e"/> (older than every line so far) to <paramref name="entries"/>, or widens the run of edits it continues.</summary>
    public static void Add(List<ParagraphHistoryEntry> entries, IEvent e, Group? group)
    {
        if (e.Data is IParagraphFence || Infrastructure.Events.UnreadableEvents.IsUnreadable(e.Data)) return;
        var member = MemberOf(e, group);
        if (LiveEdits.IsKeystroke(e.Data) && e.Data is IParagraphTextChange change)
        {
            var baseVersion = change.BaseTextVersion;
            if (entries.Count > 0 && entries[^1] is { Kind: TextEdited } run && run.Member.Sub == member.Sub && run.FromTextVersion == baseVersion + 1)
            {
                entries[^1] = run with { FirstSequence = e.Sequence, EditCount = run.EditCount + 1, FromTextVersion = baseVersion };
                return;
            }
            entries.Add(new ParagraphHistoryEntry(TextEdited, e.Sequence, e.Sequence, e.Timestamp, member, null, ConcernsOf(e.Data), 1, baseVersion, baseVersion + 1));
            return;
        }
        var reason = EventHeaders.Read(e, EventHeaders.Reason) ?? Property(e.Data, "Reason") as string;
        entries.Add(new ParagraphHistoryEntry(e.EventTypeName, e.Sequence, e.Sequence, e.Timestamp, member, reason, ConcernsOf(e.Data)));
    }

    /// <summary>
    /// Who <paramref name="e"/> is attributed to. An agreement a procedure made (silence, or holds lifted) is the procedure's,
    /// not that of the member whose action triggered it in the same transaction (the Expert whose position lifted the last hold).
    /// </summary>
    public static HistoryMember MemberOf(IEvent e, Group? group)
    {
        if (ProcedureOf(e.Data) is { } procedure)
            return new HistoryMember(Consensus.ConsensusProcedures.ActingFor(procedure).Sub, ProcedureNames.GetValueOrDefault(procedure, procedure), null, null);
        var sub = EventHeaders.Read(e, EventHeaders.Actor) ?? Property(e.Data, "AuthorSub") as string ?? e.UserName;
        var known = sub is null ? null : group?.MemberFor(sub);
        return new HistoryMember(sub,
            EventHeaders.Read(e, EventHeaders.ActorName) ?? known?.DisplayName,
            EventHeaders.Read(e, EventHeaders.Role) ?? known?.Role.ToString(),
            EventHeaders.Read(e, EventHeaders.State) ?? Property(e.Data, "AuthorState") as string ?? known?.AttributedState);
    }

    private static readonly Dictionary<string, string> ProcedureNames = new(StringComparer.Ordinal)
    {
        [Consensus.ConsensusProcedures.Silence] = "Silence procedure",
        [Consensus.ConsensusProcedures.HoldsLifted] = "Automatic agreement when holds are lifted",
    };

    private static string? ProcedureOf(object data) => data switch
    {
        ParagraphAgreed { Procedure: { } procedure } => procedure,
        Consensus.AutoAgreeOnHoldsLiftedCompleted or Consensus.AutoAgreeFailed => Consensus.ConsensusProcedures.HoldsLifted,
        _ => null,
    };

    public static HistoryConcerns ConcernsOf(object data) => new(
        Property(data, "ParagraphId") as Guid?, Property(data, "Number") as int?, Property(data, "BracketId") as Guid?,
        Property(data, "OptionId") as Guid?, Property(data, "AmendmentId") as Guid?, Property(data, "ThreadId") as Guid?,
        Property(data, "ProcedureId") as Guid?);

    private static object? Property(object data, string name) => data.GetType().GetProperty(name)?.GetValue(data);
}

public static class ParagraphHistoryEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/history",
                (Guid groupId, Guid draftId, Guid paragraphId, int? limit, long? before, IMediator mediator, CancellationToken ct) =>
                    mediator.Send(new GetParagraphHistory(groupId, draftId, paragraphId, limit, before), ct))
            .WithSummary($"A paragraph's history, newest first: who did what, when and why; ?limit= (1-{GetParagraphHistory.MaxLimit}) and ?before=sequence page it.");
}
