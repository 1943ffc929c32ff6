using System.Diagnostics.Metrics;
using System.Threading.Channels;
using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>A paragraph's decided batch of live events, to be appended after <paramref name="ExpectedVersion"/>.</summary>
internal sealed record LiveBatch(Guid ParagraphId, long ExpectedVersion, IReadOnlyCollection<object> Events, IReadOnlyCollection<Guid> Followers)
{
    /// <summary>Completes once the batch is durable, or fails with what the paragraph's loop must answer.</summary>
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The instance's commit stage for live text: paragraph loops hand it their decided batches, and each free committer
/// takes every batch that is ready (up to <see cref="MaxParagraphsPerCommit"/>) into one session and one transaction.
/// A lone batch commits at once; batches share a transaction only when they wait for a committer anyway, so a hundred
/// busy paragraphs cost a few commits (and fsyncs) a second where they cost one per batch. The streams of a commit are
/// read in one round trip (a batched query), then written in one. Each stream keeps the checks
/// of a commit of its own (its expected version, its damage), and a batch refused by the store fails alone: the others
/// commit without it. See docs/adr/0006-shared-live-commits.md.
/// </summary>
public sealed class LiveCommits : IAsyncDisposable
{
    private static readonly Meter Meter = new(Infrastructure.Telemetry.TelemetrySetup.ActivitySourceName);
    private static readonly Counter<long> CommitCounter = Meter.CreateCounter<long>("gge.live.commits",
        description: "Transactions that committed live text; gge.live.batches divided by this is how many paragraphs share one.");
    private static readonly Counter<long> BatchCounter = Meter.CreateCounter<long>("gge.live.batches",
        description: "Paragraph batches of live text committed.");

    private readonly IDocumentStore _store;
    private readonly IReadOnlyList<IAppendHook<Paragraph>> _hooks;
    private readonly ILogger<LiveCommits> _logger;
    private readonly Channel<LiveBatch> _ready = Channel.CreateUnbounded<LiveBatch>();
    private readonly Task[] _committers;
    private long _commits;
    private long _batches;

    public LiveCommits(IDocumentStore store, IEnumerable<IAppendHook<Paragraph>> hooks, IConfiguration configuration, ILogger<LiveCommits> logger)
    {
        _store = store;
        _hooks = [.. hooks];
        _logger = logger;
        MaxParagraphsPerCommit = Math.Max(1, configuration.GetValue("LiveEditing:MaxParagraphsPerCommit", 128));
        // Two by default: one transaction's fsync overlaps the next one's statements.
        var concurrent = Math.Max(1, configuration.GetValue("LiveEditing:ConcurrentCommits", 2));
        _committers = [.. Enumerable.Range(0, concurrent).Select(_ => Task.Run(CommitReadyAsync))];
    }

    public int MaxParagraphsPerCommit { get; }

    /// <summary>Transactions committed by this instance.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Paragraph batches committed by this instance (at least <see cref="Commits"/>; more when batches shared).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Batches handed over and not yet taken by a committer.</summary>
    public int Waiting => _ready.Reader.Count;

    /// <summary>Commits <paramref name="batch"/>, alone or with others; throws what a commit of its own would have thrown.</summary>
    internal Task CommitAsync(LiveBatch batch)
    {
        if (!_ready.Writer.TryWrite(batch))
            throw new OperationCanceledException("The service is stopping; the operation was not applied.");
        return batch.Committed.Task;
    }

    private async Task CommitReadyAsync()
    {
        var group = new List<LiveBatch>();
        while (await _ready.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxParagraphsPerCommit && _ready.Reader.TryRead(out var batch)) group.Add(batch);
            if (group.Count == 0) continue;
            try
            {
                await CommitTogetherAsync(group);
            }
            catch (Exception e)
            {
                foreach (var batch in group) batch.Committed.TrySetException(e);
            }
            group.Clear();
        }
    }

    private async Task CommitTogetherAsync(List<LiveBatch> group)
    {
        // In the order of PostgreSQL's uuid (that of the canonical text), the order in which fences lock paragraph streams,
        // so a shared commit and a fence never wait on each other in a circle.
        var remaining = group.OrderBy(b => b.ParagraphId.ToString(), StringComparer.Ordinal).ToList();
        // Every stream is read in one batched query; if that read fails for a reason of one paragraph, the paragraphs
        // are read again one by one in a fresh session, so only the paragraph that cannot be read is refused.
        var oneByOne = false;
        while (remaining.Count > 0)
        {
            var appended = new List<LiveBatch>();
            LiveBatch? reading = null;
            await using var session = _store.LightweightSession();
            try
            {
                var streams = oneByOne ? null : await FetchAllAsync(session, remaining);
                for (var i = 0; i < remaining.Count; i++)
                {
                    var batch = remaining[i];
                    reading = batch;
                    var stream = streams?[i] ?? await session.Events.FetchForWriting<Paragraph>(batch.ParagraphId);
                    if (await PrepareAsync(_hooks, session, stream, batch) is { } refused)
                    {
                        batch.Committed.TrySetException(refused);
                        continue;
                    }
                    appended.Add(batch);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && IsAboutOneBatch(e) && remaining.Count > 1)
            {
                if (reading is null)
                {
                    // The batched read failed: which paragraph it was is found by reading them one by one.
                    oneByOne = true;
                    continue;
                }
                // Reading or following one paragraph failed: that batch is answered with it, the others go on in a fresh session.
                reading.Committed.TrySetException(e);
                remaining = [.. remaining.Where(b => !b.Committed.Task.IsCompleted)];
                continue;
            }
            if (appended.Count == 0) return;

            try
            {
                await session.SaveChangesAsync();
            }
            catch (ConcurrencyException conflict) when (appended.Count > 1)
            {
                // Marten may name another stream of the session than the one that moved: the stored versions tell which did.
                var moved = await MovedAsync(appended);
                var behind = moved?.Count > 0 ? moved
                    : appended.Where(b => b.Followers.Count > 0).ToList() is { Count: > 0 } followed ? followed
                    : appended;
                _logger.LogDebug("A shared live commit of {Count} paragraphs conflicted ({Error}); {Behind} reload, the others commit again",
                    appended.Count, conflict.Message, behind.Count);
                foreach (var batch in behind)
                    batch.Committed.TrySetException(new ConcurrencyException(
                        $"Paragraph {batch.ParagraphId} moved past version {batch.ExpectedVersion}.", typeof(Paragraph), batch.ParagraphId));
                remaining = [.. appended.Except(behind)];
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException && appended.Count > 1)
            {
                if (!await NoneMovedAsync(appended))
                {
                    // It may have landed (the connection lost after COMMIT): each loop answers that as a commit of its own that failed.
                    foreach (var batch in appended) batch.Committed.TrySetException(e);
                    return;
                }
                // Nothing landed, and the store refused the whole transaction: commit each batch alone, so a batch the store
                // refuses fails alone.
                _logger.LogWarning("A shared live commit of {Count} paragraphs failed ({Error}); committing them one by one", appended.Count, e.Message);
                foreach (var batch in appended)
                {
                    try
                    {
                        await CommitTogetherAsync([batch]);
                    }
                    catch (Exception alone)
                    {
                        batch.Committed.TrySetException(alone);
                    }
                }
                return;
            }
            catch (Exception e)
            {
                // A commit of one batch: its loop answers the failure as it always has (it may have landed).
                foreach (var batch in appended) batch.Committed.TrySetException(e);
                return;
            }

            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _batches, appended.Count);
            CommitCounter.Add(1);
            BatchCounter.Add(appended.Count);
            foreach (var batch in appended) batch.Committed.TrySetResult();
            return;
        }
    }

    /// <summary>
    /// Reads every paragraph's stream for writing in one round trip: Marten's batched <c>FetchForWriting</c> registers
    /// each stream for an optimistic append exactly as the session's does (its version checked again at COMMIT).
    /// </summary>
    private static async Task<IEventStream<Paragraph>[]> FetchAllAsync(IDocumentSession session, List<LiveBatch> batches)
    {
        if (batches.Count == 1) return [await session.Events.FetchForWriting<Paragraph>(batches[0].ParagraphId)];
        var query = session.CreateBatchQuery();
        var fetches = batches.Select(b => query.Events.FetchForWriting<Paragraph>(b.ParagraphId)).ToList();
        await query.Execute();
        return await Task.WhenAll(fetches);
    }

    /// <summary>The checks and appends of a commit of one paragraph, inside the shared session; the refusal, if any.</summary>
    private static async Task<Exception?> PrepareAsync(IEnumerable<IAppendHook<Paragraph>> hooks, IDocumentSession session, IEventStream<Paragraph> stream, LiveBatch batch)
    {
        // One read (the stream's version and the snapshot the inline projection applies the batch to); a version other
        // than the one the loop holds means another writer committed (a REST write, a fence, another instance): reload.
        if ((stream.CurrentVersion ?? 0) != batch.ExpectedVersion)
            return new ConcurrencyException($"Paragraph {batch.ParagraphId} is at version {stream.CurrentVersion}, not {batch.ExpectedVersion}.",
                typeof(Paragraph), batch.ParagraphId);
        // Damage found since the paragraph was loaded (by a reader, the daemon or a replay) refuses the batch.
        if (stream.Aggregate?.Damage is { } damage)
            return new Infrastructure.Errors.ParagraphDamagedException(batch.ParagraphId, damage.Sequence ?? 0, damage.Reason);
        stream.AppendMany(batch.Events);
        // Quoted spans move with the text in the same transaction, as for every other text change.
        await StreamWrite.RunHooksAsync(hooks, session, new Appending<Paragraph>(batch.ParagraphId, stream.Aggregate, [.. batch.Events], batch.Followers),
            CancellationToken.None);
        return null;
    }

    /// <summary>Whether an error while reading a paragraph is that paragraph's (unreadable, refused) rather than the database's.</summary>
    private static bool IsAboutOneBatch(Exception e) => e is not (TimeoutException or NpgsqlException { IsTransient: true })
        && !(e is NpgsqlException and not PostgresException);

    /// <summary>The batches whose stream is no longer at the version they expect; null when the versions cannot be read.</summary>
    private async Task<List<LiveBatch>?> MovedAsync(List<LiveBatch> batches)
    {
        if (await StoredVersionsAsync(batches) is not { } versions) return null;
        return [.. batches.Where(b => versions.GetValueOrDefault(b.ParagraphId) != b.ExpectedVersion)];
    }

    private async Task<bool> NoneMovedAsync(List<LiveBatch> batches) => await MovedAsync(batches) is { Count: 0 };

    private async Task<Dictionary<Guid, long>?> StoredVersionsAsync(List<LiveBatch> batches)
    {
        try
        {
            await using var session = _store.QuerySession();
            var schema = _store.Options.Events.DatabaseSchemaName;
            var rows = await session.QueryAsync<StoredStream>(
                $"select json_build_object('id', id, 'version', version) from {schema}.mt_streams where id = any(?)",
                CancellationToken.None, batches.Select(b => b.ParagraphId).ToArray());
            return rows.ToDictionary(r => r.Id, r => r.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Reading the versions of {Count} paragraphs after a failed shared live commit failed ({Error})", batches.Count, e.Message);
            return null;
        }
    }

    private sealed record StoredStream(Guid Id, long Version);

    public async ValueTask DisposeAsync()
    {
        _ready.Writer.TryComplete();
        await Task.WhenAll(_committers);
    }
}
