using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>
/// A stored event that could not be read or applied (its global sequence is the id). Kept until an operator repairs its
/// stream; then <see cref="RepairedBy"/> names the correcting event, and finding the same row again changes nothing.
/// <see cref="GroupId"/> is the group the stream's readable events name (null when none does): only that group's members
/// are told the stream is damaged, everyone else gets the 404 they would get anyway.
/// </summary>
public sealed record DamagedEvent(long Id, Guid StreamId, string Type, string Reason, DateTimeOffset FoundAt, long? RepairedBy = null)
{
    public Guid? GroupId { get; init; }

    /// <summary>Why an operator closed this record without a correcting event (the row was restored to what was written).</summary>
    public string? Resolution { get; init; }
}

/// <summary>
/// Where damage is recorded, wherever it is found (a read, the async daemon, a replay): a <see cref="DamagedEvent"/>
/// document, and on a paragraph's snapshot its <see cref="Paragraph.Damage"/>, so reads of that paragraph answer 503 and
/// live editing of it is refused. Finding happens inside deserialization, which cannot wait on the database, so
/// recording runs in the background, in order; a reader that must answer at once records and waits
/// (<see cref="RecordAsync"/>). Nothing here ever deletes or edits an event.
/// </summary>
public sealed class DamagedStreams(IServiceProvider services, TimeProvider time, IConfiguration configuration, ILogger<DamagedStreams> logger) : BackgroundService
{
    public const string MeterName = Telemetry.TelemetrySetup.ActivitySourceName;

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<DamagedStreams, int> Instances = new();

    private readonly Channel<UnreadableEvent> _found = Channel.CreateUnbounded<UnreadableEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, byte> _known = new();
    private int _unrepaired;
    // The unrepaired damage as last read, oldest first; null until the first read. Requests are checked against it.
    private volatile IReadOnlyList<DamagedEvent>? _unrepairedEvents;

    /// <summary>How often the damage recorded by other processes (instances, operator commands) is read again.</summary>
    public TimeSpan RefreshInterval { get; } = TimeSpan.FromMilliseconds(Math.Max(50, configuration.GetValue("Events:DamageRefreshMs", 2000)));

    static DamagedStreams() =>
        Meter.CreateObservableGauge("gge.events.damaged_streams", () => Instances.Keys.Sum(i => i._unrepaired),
            description: "Streams with a stored event that cannot be read or applied, not yet repaired.");

    /// <summary>Called by the serializer when it meets an unreadable row: never blocks and never throws.</summary>
    public void Found(UnreadableEvent what)
    {
        if (what is not { StreamId: not null, Sequence: not null })
        {
            // A raw-data query: the reader that made it locates the row through a full read, which reports it with its sequence.
            logger.LogDebug("A stored {Type} read without its stream cannot be read: {Reason}", what.Type, what.Reason);
            return;
        }
        // Once per process and event: a repaired row stays in history and is met again by every replay.
        if (!_known.TryAdd(what.Sequence.Value, 0)) return;
        logger.LogError("Stored event {Sequence} of stream {StreamId} ({Type}) cannot be read: {Reason}", what.Sequence, what.StreamId, what.Type, what.Reason);
        _found.Writer.TryWrite(what);
    }

    /// <summary>Records the damage now (idempotent): the damaged-event document, and the paragraph's snapshot when it is one.</summary>
    public async Task RecordAsync(Guid streamId, long sequence, string type, string reason, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<DamagedEvent>(sequence, ct) is not null)
        {
            // Recorded before (perhaps by another process): this process checks requests against it from now on.
            await UnrepairedAsync(ct);
            return;
        }
        var groupIds = await session.QueryAsync<string>(
            $"select data->>'groupId' from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = ? and jsonb_typeof(data) = 'object' and data->>'groupId' ~* '^[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$' order by seq_id limit 1",
            ct, streamId);
        var groupId = groupIds.Count == 1 && Guid.TryParse(groupIds[0], out var parsed) ? parsed : (Guid?)null;
        session.Insert(new DamagedEvent(sequence, streamId, type, reason, time.GetUtcNow()) { GroupId = groupId });
        var paragraphs = $"{store.Options.DatabaseSchemaName}.mt_doc_paragraph";
        var damage = JsonSerializer.Serialize(new ParagraphDamage(sequence, $"{type}: {reason}"), JsonSerializerOptions.Web);
        // Only a snapshot that is not damaged yet: the first damaged event is the one its readers name.
        session.QueueSqlCommand(
            $"update {paragraphs} set data = jsonb_set(data, '{{damage}}', ?::jsonb) where id = ? and coalesce(data->'damage', 'null'::jsonb) = 'null'::jsonb",
            damage, streamId);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException)
        {
            // Recorded by another reader or instance meanwhile.
        }
        await UnrepairedAsync(ct);
    }

    /// <summary>
    /// The first unrepaired damaged event of any of <paramref name="streamIds"/> recorded for the group, from memory: every
    /// record and resolution made in this process updates it before it returns, and what other processes record is read
    /// again every <see cref="RefreshInterval"/>.
    /// </summary>
    public async ValueTask<DamagedEvent?> FirstUnrepairedAsync(Guid groupId, IReadOnlyCollection<Guid> streamIds, CancellationToken ct)
    {
        var unrepaired = _unrepairedEvents ?? await UnrepairedAsync(ct);
        foreach (var d in unrepaired)
        {
            if (d.GroupId == groupId && streamIds.Contains(d.StreamId)) return d;
        }
        return null;
    }

    /// <summary>
    /// Closes the record of a damaged event of a stream other than a paragraph once an operator has restored its row as it
    /// was written (from a backup): only if the row now reads and meets the rules. The service itself still never edits a
    /// row; paragraphs are repaired with a correcting event instead (<see cref="ParagraphRepairs"/>).
    /// </summary>
    public async Task<DamagedEvent> ResolveRestoredAsync(long sequence, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("A resolution states its reason.", nameof(reason));
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession();
        var record = await session.LoadAsync<DamagedEvent>(sequence, ct)
            ?? throw new Errors.ConflictException($"No damaged event is recorded at sequence {sequence}.");
        if (record.RepairedBy is not null) throw new Errors.ConflictException($"The damaged event at sequence {sequence} is already repaired or resolved.");
        if (await session.LoadAsync<Paragraph>(record.StreamId, ct) is not null)
            throw new Errors.ConflictException($"Stream {record.StreamId} is a paragraph: repair it with 'events repair --paragraph {record.StreamId}'.");
        var events = await session.Events.FetchStreamAsync(record.StreamId, token: ct);
        var row = events.FirstOrDefault(e => e.Sequence == sequence)
            ?? throw new Errors.ConflictException($"Stream {record.StreamId} holds no readable row at sequence {sequence}.");
        if (UnreadableEvents.Of(row.Data) is { } still)
            throw new Errors.ConflictException($"The row at sequence {sequence} still cannot be read ({still.Reason}): restore it as it was written first.");
        session.Store(record with { RepairedBy = sequence, Resolution = reason });
        await session.SaveChangesAsync(ct);
        await UnrepairedAsync(ct);
        return record with { RepairedBy = sequence, Resolution = reason };
    }

    /// <summary>The damaged events not yet repaired, oldest first (also refreshes the metric).</summary>
    public async Task<IReadOnlyList<DamagedEvent>> UnrepairedAsync(CancellationToken ct)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var unrepaired = await session.Query<DamagedEvent>().Where(d => d.RepairedBy == null).OrderBy(d => d.Id).ToListAsync(ct);
        _unrepaired = unrepaired.Select(d => d.StreamId).Distinct().Count();
        _unrepairedEvents = unrepaired;
        return unrepaired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Instances[this] = 0;
        try
        {
            await Task.WhenAll(RecordFoundAsync(stoppingToken), RefreshAsync(stoppingToken));
        }
        finally
        {
            Instances.TryRemove(this, out _);
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await UnrepairedAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    // Until the database answers again, requests are checked against the damage last read.
                    logger.LogDebug(e, "Reading the damaged streams failed; retrying at the next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecordFoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var what in _found.Reader.ReadAllAsync(stoppingToken))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await RecordAsync(what.StreamId!.Value, what.Sequence!.Value, what.Type, what.Reason, stoppingToken);
                        break;
                    }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                    {
                        logger.LogWarning(e, "Recording damaged event {Sequence} failed (attempt {Attempt}); retrying", what.Sequence, attempt);
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), time, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Readiness stays healthy with damaged streams (other paragraphs, drafts and groups keep working), and lists them, so
/// an operator sees what to repair.
/// </summary>
public sealed class DamagedStreamsHealthCheck(DamagedStreams damaged) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DamagedEvent> unrepaired;
        try
        {
            unrepaired = await damaged.UnrepairedAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The database check reports an unreachable database; this one only lists damage.
            return HealthCheckResult.Healthy("Damaged streams cannot be listed while the database does not answer.");
        }
        if (unrepaired.Count == 0) return HealthCheckResult.Healthy("No damaged streams.");
        var streams = unrepaired.GroupBy(d => d.StreamId).Select(g => $"{g.Key} (sequence {string.Join(", ", g.Select(d => d.Id))})").ToList();
        return HealthCheckResult.Healthy(
            $"{streams.Count} damaged stream(s), repair with 'events repair': {string.Join("; ", streams)}.",
            new Dictionary<string, object> { ["damagedStreams"] = unrepaired.Select(d => d.StreamId).Distinct().ToArray() });
    }
}
