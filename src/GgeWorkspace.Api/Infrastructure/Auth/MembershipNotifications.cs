using GgeWorkspace.Api.Infrastructure.Postgres;

namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>
/// Groups as authorization reads them, cached per instance: every hub invocation checks membership, and a hot
/// paragraph sees thousands per second. Entries are dropped when membership changes (on every instance, through
/// <see cref="MembershipNotifications"/>), refreshed by <see cref="MembershipRecheck"/> every few seconds, and dropped after a
/// minute at most.
/// </summary>
public sealed class GroupMembershipCache(TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, (Group Group, DateTimeOffset At)> _groups = new();

    public async Task<Group?> GetAsync(Guid groupId, IQuerySession session, CancellationToken ct)
    {
        if (_groups.TryGetValue(groupId, out var cached) && time.GetUtcNow() - cached.At < MaxAge) return cached.Group;
        var group = await session.LoadAsync<Group>(groupId, ct);
        if (group is not null) _groups[groupId] = (group, time.GetUtcNow());
        return group;
    }

    public void Invalidate(Guid groupId) => _groups.TryRemove(groupId, out _);

    /// <summary>Replaces a cached group with a fresher read of it.</summary>
    public void Refresh(Group group)
    {
        if (_groups.ContainsKey(group.Id)) _groups[group.Id] = (group, time.GetUtcNow());
    }

    public IReadOnlyList<Guid> CachedGroups() => [.. _groups.Keys];

    public void Clear() => _groups.Clear();
}

/// <summary>
/// Applies membership to this instance's live connections and cached groups. Every path that learns of a change ends
/// here: the write itself on the instance that made it (before it answers), which also publishes the committed group
/// through Redis and waits until every instance that received it has applied it (so nothing made after the answer
/// reaches a removed member anywhere); the PostgreSQL notification on every instance; the listener's reconnection
/// (notifications sent meanwhile are lost); and the periodic recheck. A group older than one already applied is
/// ignored, so paths arriving out of order never undo a change.
/// </summary>
public sealed class MembershipReconciliation(
    GroupMembershipCache cache, LiveConnections connections, IDocumentStore store, Redis.RedisConnection redis, IConfiguration configuration,
    ILogger<MembershipReconciliation> logger) : IDisposable
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<Guid, long> _applied = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _awaitingAcks = new();
    // One change applied at a time: an older group checked before a newer one must not be applied after it.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _shared = configuration.GetValue("Membership:ShareThroughRedis", true);
    private readonly TimeSpan _ackTimeout = TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Membership:AckTimeoutMs", 2000)));
    private readonly StackExchange.Redis.RedisChannel _channel = StackExchange.Redis.RedisChannel.Literal(Redis.RedisSetup.Prefix(configuration) + "membership");
    private readonly StackExchange.Redis.RedisChannel _acks = StackExchange.Redis.RedisChannel.Literal(Redis.RedisSetup.Prefix(configuration) + "membership-applied");

    /// <summary>A committed group as published to the other instances; <paramref name="Change"/> names the acknowledgements.</summary>
    private sealed record MembershipChange(Guid Change, Group Group);

    /// <summary>
    /// The group as just committed on this instance: applied without a read, then published to the others, waiting
    /// (at most <c>Membership:AckTimeoutMs</c>) until every instance that received it says it has applied it.
    /// </summary>
    public async Task ApplyAsync(Group group, CancellationToken ct)
    {
        await ApplyGroupAsync(group, ct);
        if (!_shared || redis.Multiplexer is not { } multiplexer) return;
        var change = Guid.NewGuid();
        using var applied = new SemaphoreSlim(0);
        _awaitingAcks[change] = applied;
        try
        {
            var receivers = await multiplexer.GetSubscriber().PublishAsync(_channel, System.Text.Json.JsonSerializer.Serialize(new MembershipChange(change, group), Json));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_ackTimeout);
            for (var acknowledged = 0; acknowledged < receivers; acknowledged++) await applied.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Not every instance acknowledged membership change {Change} of group {GroupId} within {Timeout}; they apply it from the notification or the recheck",
                change, group.Id, _ackTimeout);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Publishing a membership change through Redis failed; other instances apply it from the notification or the recheck");
        }
        finally
        {
            _awaitingAcks.TryRemove(change, out _);
        }
    }

    /// <summary>
    /// Applies what other instances publish and acknowledges it; counts acknowledgements of this instance's changes.
    /// Retried until Redis answers (it re-subscribes by itself after that).
    /// </summary>
    public async Task SubscribeAsync(CancellationToken ct)
    {
        if (!_shared || redis.Multiplexer is not { } multiplexer) return;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var subscriber = multiplexer.GetSubscriber();
                var acks = await subscriber.SubscribeAsync(_acks);
                acks.OnMessage(message =>
                {
                    if (Guid.TryParse(message.Message.ToString(), out var change) && _awaitingAcks.TryGetValue(change, out var applied))
                    {
                        try { applied.Release(); }
                        catch (ObjectDisposedException) { }
                    }
                });
                var queue = await subscriber.SubscribeAsync(_channel);
                queue.OnMessage(async message =>
                {
                    try
                    {
                        var json = message.Message.ToString();
                        if (System.Text.Json.JsonSerializer.Deserialize<MembershipChange>(json, Json) is { Group: { } group } published)
                        {
                            await ApplyGroupAsync(group, ct);
                            await subscriber.PublishAsync(_acks, published.Change.ToString("N"));
                        }
                        // An earlier version publishes the bare group and waits for no acknowledgement.
                        else if (System.Text.Json.JsonSerializer.Deserialize<Group>(json, Json) is { } bare && bare.Id != Guid.Empty) await ApplyGroupAsync(bare, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "Applying a membership change from another instance failed");
                    }
                });
                return;
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Subscribing to membership changes through Redis failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

/// <summary>Reads the groups this instance has connections in or caches (one query) and applies them.</summary>
    public async Task ReconcileAsync(IEnumerable<Guid> groupIds, CancellationToken ct)
    {
        var ids = groupIds.Distinct().ToList();
        if (ids.Count == 0) return;
        await using var session = store.QuerySession();
        var groups = (await session.LoadManyAsync<Group>(ct, ids)).ToDictionary(g => g.Id);
        foreach (var id in ids)
        {
            if (groups.TryGetValue(id, out var group)) cache.Refresh(group);
            else cache.Invalidate(id);
        }
        var open = connections.Groups();
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var id in ids.Where(open.Contains))
            {
                var group = groups.GetValueOrDefault(id);
                if (group is null || IsLatest(group)) await connections.ReconcileAsync(id, group, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Everything this instance holds: the groups of its open connections and of its cache.</summary>
    public Task ReconcileAllAsync(CancellationToken ct) => ReconcileAsync(connections.Groups().Concat(cache.CachedGroups()), ct);

    private async Task ApplyGroupAsync(Group group, CancellationToken ct)
    {
        cache.Invalidate(group.Id);
        await _gate.WaitAsync(ct);
        try
        {
            if (IsLatest(group)) await connections.ReconcileAsync(group.Id, group, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsLatest(Group group) => _applied.AddOrUpdate(group.Id, group.Version, (_, applied) => Math.Max(applied, group.Version)) == group.Version;
}

/// <summary>
/// Membership changes reach every instance at once: the write queues a PostgreSQL NOTIFY in its own transaction (so
/// nothing is announced for a rolled-back change), and each instance LISTENs, drops its cached group, and takes a
/// removed member's connections out of the group's channels and presence. Notifications sent while the listening
/// connection is down are lost, so every (re)connection reconciles all open connections with membership as stored.
/// </summary>
public sealed class MembershipNotifications(
    DatabaseServer database, GroupMembershipCache cache, MembershipReconciliation reconciliation, IConfiguration configuration,
    ILogger<MembershipNotifications> logger)
    : BackgroundService
{
    public const string Channel = "gge_membership";

    /// <summary>The listening connection's application name: unique per instance, so an operator can find it in pg_stat_activity.</summary>
    public string ApplicationName { get; } = $"gge-membership-{Guid.NewGuid():N}";

    private TimeSpan RetryAfter { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Membership:ListenRetryMs", 1000));

    /// <summary>Queues the announcement in the session's transaction.</summary>
    /// <remarks>
    /// NOTIFY returns no result set, which keeps Marten's batched commands in step. It takes no parameters, so the sub
    /// travels base64-encoded: no quote or placeholder character can reach the SQL.
    /// </remarks>
    public static void Announce(IDocumentSession session, Guid groupId, string sub) =>
        session.QueueSqlCommand($"notify {Channel}, '{groupId:N}|{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(sub))}'");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = reconciliation.SubscribeAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = ApplicationName, Pooling = false }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connectionString);
                await conn.OpenAsync(stoppingToken);
                conn.Notification += (_, e) => _ = HandleAsync(e.Payload, stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", conn)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Anything may have changed while we were not listening: from here on every change is heard, so one pass suffices.
                cache.Clear();
                await reconciliation.ReconcileAllAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                cache.Clear();
                logger.LogWarning(e, "Listening for membership changes failed; retrying");
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(string payload, CancellationToken ct)
    {
        try
        {
            var parts = payload.Split('|', 2);
            if (parts.Length != 2 || !Guid.TryParse(parts[0], out var groupId)) return;
            cache.Invalidate(groupId);
            await reconciliation.ReconcileAsync([groupId], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Applying a membership change to live connections failed");
        }
    }
}

/// <summary>
/// The safety net under the notifications: every <c>Membership:RecheckIntervalMs</c> (2 s) each instance reads the groups
/// of its open connections and cached authorizations in one query and applies them. A change whose notification was lost
/// (another instance's listener down at that moment) thus takes effect within one interval.
/// </summary>
public sealed class MembershipRecheck(MembershipReconciliation reconciliation, TimeProvider time, IConfiguration configuration, ILogger<MembershipRecheck> logger)
    : BackgroundService
{
    public TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(Math.Max(50, configuration.GetValue("Membership:RecheckIntervalMs", 2000)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await reconciliation.ReconcileAllAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Rechecking membership of live connections failed; retrying at the next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
