using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

/// <summary>What a repair did: the correcting event's stream version, the damaged sequences it supersedes, and the text now.</summary>
public sealed record ParagraphRepairResult(Guid ParagraphId, long Version, IReadOnlyList<long> Supersedes, string Text, long TextVersion);

/// <summary>
/// Restores a damaged paragraph by appending <see cref="ParagraphRepaired"/>: never by deleting or editing an event. The
/// restored state is the paragraph's stored snapshot (the last state the service applied before the damage), or a text
/// the operator gives. The damaged events stay in history; the damaged-event records name the repair, so finding the
/// same rows again changes nothing. Run by the operator command `events repair` and by tests, through this one class.
/// </summary>
public sealed class ParagraphRepairs(IDocumentStore store, IEnumerable<IAppendHook<Paragraph>> hooks, TimeProvider time)
{
    /// <summary>The sub recorded as the actor of a repair (it is an operator's act, not a member's).</summary>
    public const string OperatorSub = "operator";

    public async Task<ParagraphRepairResult> RepairAsync(Guid paragraphId, string? text, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("A repair states its reason.", nameof(reason));
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Paragraph>(paragraphId, ct);
        var events = await session.Events.FetchStreamAsync(paragraphId, token: ct);
        var damaged = await ParagraphDamageFinder.DamagedSequencesAsync(session, paragraphId, events, ct);
        if (damaged.Count == 0) throw new ConflictException($"Paragraph {paragraphId} is not damaged: nothing to repair.");

        // The snapshot is what the service last applied before the damage.
        var basis = stream.Aggregate
            ?? throw new ConflictException($"Paragraph {paragraphId} has no stored snapshot to restore from.");
        if (basis.Id == Guid.Empty || basis.Text is null) throw new ConflictException($"Paragraph {paragraphId} has no readable first event.");
        var now = time.GetUtcNow();
        var restoredText = text ?? basis.Text;
        var textChanged = restoredText != basis.Text;
        var repaired = new ParagraphRepaired(
            basis.GroupId, basis.DraftId, paragraphId, damaged, restoredText, basis.Status,
            // Spans of another text would point anywhere: a given text starts without brackets and is the operator's.
            textChanged ? [] : basis.Brackets,
            basis.Options,
            textChanged ? AuthorshipRuns.Initial(restoredText, OperatorSub, null, now) : basis.Authorship,
            basis.TextVersion + 1, basis.NegotiationVersion + 1, reason, now);

        session.SetHeader(EventHeaders.Actor, OperatorSub);
        session.SetHeader(EventHeaders.Reason, reason);
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(repaired);
        // Quoted spans move to the repaired text version in the same transaction, as for any text change (the append hooks).
        await StreamWrite.RunHooksAsync(hooks, session, new Appending<Paragraph>(paragraphId, basis, [repaired]), ct);
        var recorded = (await session.LoadManyAsync<DamagedEvent>(ct, damaged)).ToDictionary(d => d.Id);
        foreach (var sequence in damaged)
        {
            var record = recorded.GetValueOrDefault(sequence)
                ?? new DamagedEvent(sequence, paragraphId, "unknown", "found by the repair", now);
            session.Store(record with { RepairedBy = version });
        }
        await session.SaveChangesAsync(ct);
        return new ParagraphRepairResult(paragraphId, version, damaged, restoredText, repaired.TextVersion);
    }
}

/// <summary>Finds which stored events of a paragraph damage it, by replaying its stream as every reader does.</summary>
public static class ParagraphDamageFinder
{
    /// <summary>The paragraph-damaged problem for the first damaged event that no repair superseded; null when the stream replays cleanly.</summary>
    public static async Task<ParagraphDamagedException?> FindAsync(IQuerySession session, Guid paragraphId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(paragraphId, token: ct);
        Paragraph? state = null;
        foreach (var e in events)
        {
            if (state is null && UnreadableEvents.Of(e.Data) is { } first)
                return new ParagraphDamagedException(paragraphId, e.Sequence, $"{first.Type}: {first.Reason}");
            try
            {
                state = Paragraph.Replay(state, paragraphId, e.Sequence, e.Data);
            }
            catch (ParagraphDamagedException damaged)
            {
                return damaged;
            }
        }
        return state is null ? null : DraftReplay.DamageIn([state]);
    }

    /// <summary>Every damaged sequence of the stream not yet superseded by a repair: recorded ones and those a replay finds.</summary>
    internal static async Task<IReadOnlyList<long>> DamagedSequencesAsync(
        IQuerySession session, Guid paragraphId, IReadOnlyList<JasperFx.Events.IEvent> events, CancellationToken ct)
    {
        var superseded = events.Select(e => e.Data).OfType<ParagraphRepaired>().Where(r => !UnreadableEvents.IsUnreadable(r))
            .SelectMany(r => r.Supersedes).ToHashSet();
        var found = new SortedSet<long>();
        foreach (var recorded in await session.Query<DamagedEvent>().Where(d => d.StreamId == paragraphId && d.RepairedBy == null).ToListAsync(ct))
            found.Add(recorded.Id);
        Paragraph? state = null;
        foreach (var e in events)
        {
            if (UnreadableEvents.IsUnreadable(e.Data))
            {
                found.Add(e.Sequence);
                if (state is null) continue;
            }
            var before = state;
            try
            {
                state = Paragraph.Replay(state, paragraphId, e.Sequence, e.Data);
            }
            catch (ParagraphDamagedException)
            {
                found.Add(e.Sequence);
                continue;
            }
            if (before is { IsDamaged: false } && state is { Damage.Sequence: { } sequence }) found.Add(sequence);
        }
        found.ExceptWith(superseded);
        return [.. found];
    }
}
