using System.Reflection;
using JasperFx.Core;
using Marten.Events;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>
/// What a stored row of an event type the service does not know reads as (a hand-edited <c>type</c> column, a row
/// written by another program): always a stand-in (<see cref="UnreadableEvents"/>), never an event of its own.
/// </summary>
public sealed record UnknownStoredEvent;

/// <summary>
/// Marten resolves a row's type by its event type name, then by its <c>mt_dotnet_type</c>, and throws
/// <c>UnknownEventTypeException</c> when neither names a type, before any serializer or projection code runs: the async
/// daemon and every reader of that stream would stop. Every name Marten does not know resolves to
/// <see cref="UnknownStoredEvent"/> instead, which <see cref="ContainingSerializer"/> reads as damage of its stream.
/// Marten offers no public hook for an unknown name (an upcaster needs the name in advance), so this replaces the
/// lookup's fallback on its private cache; start-up fails loudly if Marten's internals change.
/// </summary>
public static class UnknownEventTypes
{
    public static void ReadAsStandIns(StoreOptions options)
    {
        var graph = options.Events as EventGraph ?? throw new InvalidOperationException("Marten's event options are no longer its EventGraph.");
        graph.AddEventType<UnknownStoredEvent>();
        var fallback = graph.EventMappingFor(typeof(UnknownStoredEvent));
        var allEvents = typeof(EventGraph).GetMethod("AllEvents", BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)
            ?? throw new InvalidOperationException("Marten's EventGraph.AllEvents() is gone: unknown event types cannot be contained.");
        var byName = typeof(EventGraph).GetField("_byEventName", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(graph) as Cache<string, EventMapping?>
            ?? throw new InvalidOperationException("Marten's EventGraph._byEventName is gone: unknown event types cannot be contained.");
        // Marten's own lookup first (every registered name, Marten's own events too); only a name nobody knows falls back.
        byName.OnMissing = name =>
            ((IEnumerable<EventMapping>)allEvents.Invoke(graph, null)!).FirstOrDefault(m => m.EventTypeName == name) ?? fallback;
    }
}

/// <summary>
/// Finds committed rows of an event type no process knows and records them as damage of their stream. The daemon's agents
/// are handed only the types they handle (<see cref="Marten.DaemonEventTypes"/>), so they never meet such a row. This reads
/// the type column alone, of the rows up to the daemon's high-water mark (so a transaction still in flight is not passed over).
/// </summary>
public sealed class UnknownEventTypeWatch(
    IDocumentStore store, DamagedStreams damaged, IConfiguration configuration, TimeProvider time, ILogger<UnknownEventTypeWatch> logger)
    : BackgroundService
{
    private static readonly string Reason = StoredEventRules.Problem(new UnknownStoredEvent())!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(configuration.GetValue("Events:UnknownTypeWatchMs", 1000));
        var schema = store.Options.Events.DatabaseSchemaName;
        var recorded = $"{store.Options.DatabaseSchemaName}.mt_doc_damagedevent";
        var known = store.Options.Events.AllKnownEventTypes().Select(t => t.EventTypeName).Append("tombstone").ToArray();
        long checkedThrough = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.Storage.Database.EnsureStorageExistsAsync(typeof(DamagedEvent), stoppingToken);
                await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                await using var mark = new NpgsqlCommand($"select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'", connection);
                var highWater = await mark.ExecuteScalarAsync(stoppingToken) is long value ? value : 0;
                if (highWater > checkedThrough)
                {
                    await using var unknown = new NpgsqlCommand(
                        // Rows recorded before (by an earlier process too) are not reported again.
                        $"select e.seq_id, e.stream_id, e.type from {schema}.mt_events e where e.seq_id > @from and e.seq_id <= @through " +
                        $"and not (e.type = any(@known)) and not exists (select 1 from {recorded} d where d.id = e.seq_id) order by e.seq_id",
                        connection);
                    unknown.Parameters.AddWithValue("from", checkedThrough);
                    unknown.Parameters.AddWithValue("through", highWater);
                    unknown.Parameters.AddWithValue("known", known);
                    await using var reader = await unknown.ExecuteReaderAsync(stoppingToken);
                    while (await reader.ReadAsync(stoppingToken))
                        damaged.Found(new UnreadableEvent(reader.GetGuid(1), reader.GetInt64(0), reader.GetString(2), Reason));
                    checkedThrough = highWater;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never stops the host: the next round tries again.
                logger.LogWarning(e, "Looking for stored events of unknown types failed; trying again");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
