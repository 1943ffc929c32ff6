using System.Text.Json.Nodes;
using GgeWorkspace.Api.Exports;

namespace GgeWorkspace.Api.Infrastructure.Invariants;

/// <summary>One broken invariant: which (by its number in docs/reliability.md) and where.</summary>
public sealed record InvariantViolation(int Invariant, string What);

/// <summary>
/// Verifies on a live database what must hold between the events and everything derived from them:
/// (3) no stream has a version gap; (4) every read model equals a rebuild from its events, each inline snapshot
/// aggregated again in memory with Marten and the activity feed replayed up to where the daemon has reached;
/// (7) an export as of a sequence is byte-identical when produced twice. Read-only: it never writes.
/// </summary>
public sealed class InvariantChecker(IDocumentStore store, IServiceProvider services)
{
    /// <summary>How many drafts are exported twice (the most recently changed ones).</summary>
    public int ExportSamples { get; init; } = 5;

    public async Task<IReadOnlyList<InvariantViolation>> CheckAsync(CancellationToken ct)
    {
        var violations = new List<InvariantViolation>();
        violations.AddRange(await StreamVersionsAsync(ct));
        violations.AddRange(await ReadableEventsAsync(ct));
        violations.AddRange(await SnapshotsAsync<Group>(ct));
        violations.AddRange(await SnapshotsAsync<Draft>(ct));
        violations.AddRange(await SnapshotsAsync<Paragraph>(ct));
        violations.AddRange(await SnapshotsAsync<Workstream>(ct));
        violations.AddRange(await SnapshotsAsync<Amendment>(ct));
        violations.AddRange(await SnapshotsAsync<CommentThread>(ct));
        violations.AddRange(await SnapshotsAsync<RevisionLog>(ct));
        violations.AddRange(await SnapshotsAsync<ParagraphPositions>(ct));
        violations.AddRange(await SnapshotsAsync<SilenceProcedure>(ct));
        violations.AddRange(await SnapshotsAsync<DraftAdoption>(ct));
        violations.AddRange(await ActivityFeedAsync(ct));
        violations.AddRange(await ExportsAsync(ct));
        return violations;
    }

    private string EventSchema => store.Options.Events.DatabaseSchemaName;

    /// <summary>
    /// A connection from the store's own data source: it keeps the password of ConnectionStrings__Marten (a connection
    /// string read back from an opened connection has lost it).
    /// </summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// (9) Every stored event can be read and applied, or an operator's repair superseded it: each stream is read back
    /// through the same serializer as every reader (an unreadable row is a stand-in there), and an event type nobody
    /// knows is named by SQL, since Marten cannot read such a row at all.
    /// </summary>
    private async Task<IReadOnlyList<InvariantViolation>> ReadableEventsAsync(CancellationToken ct)
    {
        var found = new List<InvariantViolation>();
        var known = store.Options.Events.AllKnownEventTypes().Select(t => t.EventTypeName).Append("tombstone").ToArray();
        var streams = new List<Guid>();
        await using (var connection = await OpenAsync(ct))
        {
            await using (var unknown = new NpgsqlCommand(
                $"select seq_id, stream_id, type from {EventSchema}.mt_events where not (type = any(@known)) order by seq_id", connection))
            {
                unknown.Parameters.AddWithValue("known", known);
                await using var reader = await unknown.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    found.Add(new InvariantViolation(9, $"Event {reader.GetInt64(0)} of stream {reader.GetGuid(1)} has an unknown type '{reader.GetString(2)}'."));
            }
            await using (var all = new NpgsqlCommand(
                $"select s.id from {EventSchema}.mt_streams s where not exists (select 1 from {EventSchema}.mt_events e where e.stream_id = s.id and not (e.type = any(@known))) " +
                $"and not exists (select 1 from {EventSchema}.mt_events t where t.stream_id = s.id and t.type = 'tombstone') order by s.id", connection))
            {
                all.Parameters.AddWithValue("known", known);
                await using var reader = await all.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) streams.Add(reader.GetGuid(0));
            }
        }

        await using var session = store.QuerySession();
        var repaired = (await session.Query<DamagedEvent>().Where(d => d.RepairedBy != null).ToListAsync(ct)).Select(d => d.Id).ToHashSet();
        foreach (var id in streams)
        {
            IReadOnlyList<JasperFx.Events.IEvent> events;
            try
            {
                events = await session.Events.FetchStreamAsync(id, token: ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                found.Add(new InvariantViolation(9, $"Stream {id} cannot be read: {e.Message}"));
                continue;
            }
            foreach (var e in events)
            {
                if (UnreadableEvents.Of(e.Data) is { } unreadable && !repaired.Contains(e.Sequence))
                    found.Add(new InvariantViolation(9, $"Event {e.Sequence} of stream {id} ({unreadable.Type}) cannot be read: {unreadable.Reason}"));
            }
            if (events.Count > 0 && events[0].Data is ParagraphProposed or ParagraphAdded or Translations.TranslationStarted
                && await ParagraphDamageFinder.FindAsync(session, id, ct) is { } damaged && !repaired.Contains(damaged.Sequence)
                && !found.Any(v => v.What.StartsWith($"Event {damaged.Sequence} ", StringComparison.Ordinal)))
                found.Add(new InvariantViolation(9, $"Event {damaged.Sequence} of paragraph {id} cannot be applied: {damaged.Message}"));
        }
        return found;
    }

    private async Task<IReadOnlyList<InvariantViolation>> StreamVersionsAsync(CancellationToken ct)
    {
        var found = new List<InvariantViolation>();
        await using var connection = await OpenAsync(ct);
        // Marten's own tombstone streams (a failed append's reserved sequence numbers, filled so the daemon sees no gap)
        // hold one 'tombstone' event per number at version = sequence: they are not product streams.
        var sql = $"""
            select s.id, s.version, count(e.seq_id), count(distinct e.version), coalesce(min(e.version), 0), coalesce(max(e.version), 0)
            from {EventSchema}.mt_streams s left join {EventSchema}.mt_events e on e.stream_id = s.id
            where not exists (select 1 from {EventSchema}.mt_events t where t.stream_id = s.id and t.type = 'tombstone')
            group by s.id, s.version
            having count(distinct e.version) <> count(e.seq_id) or coalesce(max(e.version), 0) <> count(e.seq_id)
                or (count(e.seq_id) > 0 and min(e.version) <> 1) or s.version <> coalesce(max(e.version), 0)
            """;
        await using (var command = new NpgsqlCommand(sql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                found.Add(new InvariantViolation(3, $"Stream {reader.GetGuid(0)}: version {reader.GetInt64(1)}, {reader.GetInt64(2)} events " +
                    $"({reader.GetInt64(3)} distinct versions, {reader.GetInt64(4)}..{reader.GetInt64(5)})."));
        }
        await using (var orphans = new NpgsqlCommand(
            $"select count(*) from {EventSchema}.mt_events e where not exists (select 1 from {EventSchema}.mt_streams s where s.id = e.stream_id)", connection))
        {
            var count = (long)(await orphans.ExecuteScalarAsync(ct))!;
            if (count > 0) found.Add(new InvariantViolation(3, $"{count} events belong to no stream."));
        }
        return found;
    }

    /// <summary>Every stored snapshot of <typeparamref name="T"/> against the same stream aggregated again in memory.</summary>
    private async Task<IReadOnlyList<InvariantViolation>> SnapshotsAsync<T>(CancellationToken ct) where T : class
    {
        var found = new List<InvariantViolation>();
        var serializer = store.Options.Serializer();
        await using var session = store.QuerySession();
        var idOf = typeof(T).GetProperty("Id") ?? throw new InvalidOperationException($"{typeof(T).Name} has no Id.");
        var storedIds = new HashSet<Guid>();
        foreach (var stored in await session.Query<T>().ToListAsync(ct))
        {
            var id = (Guid)idOf.GetValue(stored)!;
            storedIds.Add(id);
            T? rebuilt;
            try
            {
                rebuilt = await session.Events.AggregateStreamAsync<T>(id, token: ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                found.Add(new InvariantViolation(4, $"{typeof(T).Name} {id} cannot be rebuilt from its events: {e.Message}"));
                continue;
            }
            if (rebuilt is null)
            {
                found.Add(new InvariantViolation(4, $"{typeof(T).Name} {id} is stored but its stream has no events."));
                continue;
            }
            var storedJson = JsonNode.Parse(serializer.ToJson(stored));
            var rebuiltJson = JsonNode.Parse(serializer.ToJson(rebuilt));
            if (!JsonNode.DeepEquals(storedJson, rebuiltJson))
                found.Add(new InvariantViolation(4, $"{typeof(T).Name} {id} differs from its rebuild in {string.Join(", ", Differing(storedJson, rebuiltJson))}: stored {Shorten(storedJson)} rebuilt {Shorten(rebuiltJson)}"));
        }

        // A stream started as this aggregate must have its snapshot: a missing one is as wrong as a stale one.
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select id from {EventSchema}.mt_streams where type = any(@aliases) and version > 0", connection);
        command.Parameters.AddWithValue("aliases", AliasesOf(typeof(T)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (!storedIds.Contains(id)) found.Add(new InvariantViolation(4, $"{typeof(T).Name} {id} has events but no stored snapshot."));
        }
        return found;
    }

    /// <summary>The top-level properties whose values differ, so a violation names what to look at.</summary>
    private static IEnumerable<string> Differing(JsonNode? stored, JsonNode? rebuilt) =>
        stored is JsonObject a && rebuilt is JsonObject b
            ? a.Select(p => p.Key).Union(b.Select(p => p.Key)).Where(k => !JsonNode.DeepEquals(a[k], b[k]))
            : ["the whole document"];

    /// <summary>How mt_streams names an aggregate type (Marten's alias: the type name, lower snake case).</summary>
    private static string[] AliasesOf(Type type)
    {
        var snake = System.Text.RegularExpressions.Regex.Replace(type.Name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();
        return [snake, type.Name.ToLowerInvariant(), type.FullName!];
    }

    /// <summary>The activity feed (async) against a replay of the events up to where its projection has reached.</summary>
    private async Task<IReadOnlyList<InvariantViolation>> ActivityFeedAsync(CancellationToken ct)
    {
        var found = new List<InvariantViolation>();
        var serializer = store.Options.Serializer();
        var progress = (await store.Advanced.AllProjectionProgress(token: ct))
            .Where(s => s.ShardName.Contains(nameof(GroupActivityProjection), StringComparison.Ordinal))
            .Select(s => s.Sequence).DefaultIfEmpty(0).Max();
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence <= progress).ToListAsync(ct);
        var expected = events.Select(GroupActivityProjection.EntryFor).OfType<ActivityEntry>().ToDictionary(e => e.Id);
        var stored = (await session.Query<ActivityEntry>().Where(a => a.Sequence <= progress).ToListAsync(ct)).ToDictionary(e => e.Id);
        foreach (var (id, entry) in expected)
        {
            if (!stored.TryGetValue(id, out var actual))
                found.Add(new InvariantViolation(4, $"Activity entry for event {id} (sequence {entry.Sequence}) is missing: the projection skipped it."));
            else if (!JsonNode.DeepEquals(JsonNode.Parse(serializer.ToJson(entry)), JsonNode.Parse(serializer.ToJson(actual))))
                found.Add(new InvariantViolation(4, $"Activity entry {id} differs from its replay."));
        }
        foreach (var id in stored.Keys.Where(id => !expected.ContainsKey(id)))
            found.Add(new InvariantViolation(4, $"Activity entry {id} has no event."));
        return found;
    }

    /// <summary>The most recently changed drafts, exported twice in every format as of the same sequence.</summary>
    private async Task<IReadOnlyList<InvariantViolation>> ExportsAsync(CancellationToken ct)
    {
        var found = new List<InvariantViolation>();
        await using var session = store.QuerySession();
        var drafts = await session.Query<Draft>().OrderByDescending(d => d.Version).Take(ExportSamples).ToListAsync(ct);
        var asOf = await DraftSequences.HighWaterMarkAsync(session, ct);
        foreach (var draft in drafts)
        {
            foreach (var format in DocumentExporter.Formats)
            {
                byte[] first, second;
                try
                {
                    first = await ExportOnceAsync(draft, format, asOf, ct);
                    second = await ExportOnceAsync(draft, format, asOf, ct);
                }
                catch (Errors.ParagraphDamagedException)
                {
                    // A damaged paragraph is reported as invariant 9; its draft does not export until it is repaired.
                    break;
                }
                if (!first.AsSpan().SequenceEqual(second))
                    found.Add(new InvariantViolation(7, $"Draft {draft.Id} as {format} as of {asOf}: two exports differ ({first.Length} and {second.Length} bytes)."));
            }
        }
        return found;
    }

    private async Task<byte[]> ExportOnceAsync(Draft draft, ExportFormat format, long asOf, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var exports = scope.ServiceProvider.GetRequiredService<DraftExports>();
        var export = await exports.ExportAsync(draft.GroupId, draft.Id, format, new ExportRequest(ExportVariant.Negotiation, AsOf: asOf), ct);
        return export.File.Content;
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
