using System.Security.Cryptography;
using GgeWorkspace.Client.Live;

namespace GgeWorkspace.Api.Presence;

/// <summary>
/// Who is in which draft, per tab (connection): ephemeral, never event-sourced. Entries leave when their connection
/// closes, when they leave the draft, or when heartbeats stop for longer than <see cref="ExpireAfter"/>; a member who
/// neither types nor moves for <see cref="IdleAfter"/> is shown idle.
/// </summary>
public sealed class PresenceTracker(TimeProvider time, IConfiguration configuration, Infrastructure.Redis.RedisConnection redis)
{
    private readonly SharedPresence? _shared = redis.Multiplexer is { } multiplexer
        ? new SharedPresence(multiplexer, Infrastructure.Redis.RedisSetup.Prefix(configuration))
        : null;

    private sealed class Entry
    {
        public required string ConnectionId { get; init; }
        public required Guid GroupId { get; init; }
        public required Guid DraftId { get; init; }
        public required string Sub { get; init; }
        public required string DisplayName { get; init; }
        public Guid? ParagraphId { get; set; }
        public string? Language { get; set; }
        public int? Caret { get; set; }
        public int? SelectionEnd { get; set; }
        public PresenceState State { get; set; } = PresenceState.Viewing;
        public DateTimeOffset LastSeen { get; set; }
        public DateTimeOffset LastActive { get; set; }
    }

    private readonly ConcurrentDictionary<(string ConnectionId, Guid DraftId), Entry> _entries = new();

    // Heartbeats name only the connection: find its entries without scanning everyone's.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, byte>> _draftsOf = new();

    public TimeSpan ExpireAfter { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Presence:ExpireAfterMs", 4000));

    public TimeSpan IdleAfter { get; } = TimeSpan.FromSeconds(configuration.GetValue("Presence:IdleAfterSeconds", 60));

    public static string TabIdOf(string connectionId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(connectionId)), 0, 8).ToLowerInvariant();

    public PresenceEntry Enter(string connectionId, Guid groupId, Guid draftId, string sub, string displayName)
    {
        var now = time.GetUtcNow();
        var entry = _entries.GetOrAdd((connectionId, draftId), _ => new Entry
        {
            ConnectionId = connectionId, GroupId = groupId, DraftId = draftId, Sub = sub, DisplayName = displayName, LastSeen = now, LastActive = now,
        });
        entry.LastSeen = now;
        _draftsOf.GetOrAdd(connectionId, _ => new()).TryAdd(draftId, 0);
        Publish(entry);
        return View(entry);
    }

    public PresenceGone? Leave(string connectionId, Guid draftId)
    {
        if (_draftsOf.TryGetValue(connectionId, out var drafts)) drafts.TryRemove(draftId, out _);
        return _entries.TryRemove((connectionId, draftId), out var entry) ? Withdraw(entry) : null;
    }

    /// <summary>Records where the caller is; null when they have not joined that draft.</summary>
    public PresenceEntry? Update(string connectionId, PresenceUpdate update, string sub)
    {
        if (!_entries.TryGetValue((connectionId, update.DraftId), out var entry) || entry.Sub != sub || entry.GroupId != update.GroupId) return null;
        var now = time.GetUtcNow();
        lock (entry)
        {
            entry.ParagraphId = update.ParagraphId;
            entry.Language = update.Language;
            entry.Caret = update.Caret;
            entry.SelectionEnd = update.SelectionEnd;
            entry.State = update.Typing ? PresenceState.Typing : PresenceState.Viewing;
            entry.LastSeen = now;
            entry.LastActive = now;
            Publish(entry);
            return View(entry);
        }
    }

    public void Typed(string connectionId, Guid draftId, Guid paragraphId)
    {
        if (!_entries.TryGetValue((connectionId, draftId), out var entry)) return;
        var now = time.GetUtcNow();
        lock (entry)
        {
            entry.ParagraphId = paragraphId;
            entry.LastSeen = now;
            entry.LastActive = now;
        }
    }

    public void Seen(string connectionId)
    {
        var now = time.GetUtcNow();
        if (!_draftsOf.TryGetValue(connectionId, out var drafts)) return;
        foreach (var draftId in drafts.Keys)
        {
            if (!_entries.TryGetValue((connectionId, draftId), out var entry)) continue;
            entry.LastSeen = now;
            Publish(entry);
        }
    }

    public IReadOnlyList<PresenceGone> Disconnected(string connectionId)
    {
        var gone = new List<PresenceGone>();
        if (!_draftsOf.TryRemove(connectionId, out var drafts)) return gone;
        foreach (var draftId in drafts.Keys)
            if (_entries.TryRemove((connectionId, draftId), out var entry)) gone.Add(Withdraw(entry));
        return gone;
    }

    /// <summary>Withdraws a connection from the drafts of one group (its member was removed); its other groups stay.</summary>
    public IReadOnlyList<PresenceGone> LeaveGroup(string connectionId, Guid groupId)
    {
        var gone = new List<PresenceGone>();
        if (!_draftsOf.TryGetValue(connectionId, out var drafts)) return gone;
        foreach (var draftId in drafts.Keys)
        {
            if (!_entries.TryGetValue((connectionId, draftId), out var entry) || entry.GroupId != groupId) continue;
            drafts.TryRemove(draftId, out _);
            if (_entries.TryRemove((connectionId, draftId), out _)) gone.Add(Withdraw(entry));
        }
        return gone;
    }

    /// <summary>Everyone in a draft: this instance's tabs, and with Redis every other instance's that is still alive.</summary>
    public IReadOnlyList<PresenceEntry> In(Guid draftId)
    {
        var local = _entries.Values.Where(e => e.DraftId == draftId).Select(View);
        var all = _shared is null ? local : local.Concat(_shared.In(draftId, time.GetUtcNow() - ExpireAfter)).DistinctBy(e => e.TabId);
        return [.. all.OrderBy(e => e.DisplayName, StringComparer.Ordinal).ThenBy(e => e.TabId, StringComparer.Ordinal)];
    }

    /// <summary>Removes entries whose heartbeats stopped and marks quiet ones idle; returns what changed, to broadcast.</summary>
    public (IReadOnlyList<PresenceGone> Gone, IReadOnlyList<PresenceEntry> Idle) Sweep()
    {
        var now = time.GetUtcNow();
        var gone = new List<PresenceGone>();
        var idle = new List<PresenceEntry>();
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastSeen > ExpireAfter)
            {
                if (_entries.TryRemove(key, out _)) gone.Add(Withdraw(entry));
            }
            else if (entry.State != PresenceState.Idle && now - entry.LastActive > IdleAfter)
            {
                lock (entry) entry.State = PresenceState.Idle;
                idle.Add(View(entry));
            }
        }
        // Tabs of an instance that died stop being refreshed in Redis: whoever sweeps first removes and announces them.
        if (_shared is not null)
            foreach (var draftId in _entries.Values.Select(e => e.DraftId).Distinct())
                gone.AddRange(_shared.RemoveStale(draftId, now - ExpireAfter));
        return (gone, idle);
    }

    private void Publish(Entry entry) => _shared?.Publish(View(entry) with { LastActive = entry.LastActive }, entry.LastSeen);

    private PresenceGone Withdraw(Entry entry)
    {
        _shared?.Remove(entry.DraftId, TabIdOf(entry.ConnectionId));
        return Gone(entry);
    }

    private static PresenceEntry View(Entry e) =>
        new(TabIdOf(e.ConnectionId), e.Sub, e.DisplayName, e.DraftId, e.ParagraphId, e.Caret, e.SelectionEnd, e.State, e.LastActive) { Language = e.Language };

    private static PresenceGone Gone(Entry e) => new(e.DraftId, TabIdOf(e.ConnectionId), e.Sub);
}

/// <summary>Sweeps presence every second (on the service's clock) and tells the drafts what changed.</summary>
public sealed class PresenceSweeper(PresenceTracker presence, IHubContext<DraftingHub> hub, TimeProvider time, ILogger<PresenceSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var (gone, idle) = presence.Sweep();
                foreach (var g in gone)
                    await hub.Clients.Groups([DraftingHub.DraftChannel(g.DraftId), DraftingHub.DraftPresenceChannel(g.DraftId)])
                        .SendAsync(DraftingHubProtocol.PresenceLeft, g, stoppingToken);
                foreach (var i in idle)
                    await hub.Clients.Groups([DraftingHub.DraftChannel(i.DraftId), DraftingHub.DraftPresenceChannel(i.DraftId)])
                        .SendAsync(DraftingHubProtocol.PresenceChanged, i, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "The presence sweeper stopped");
            throw;
        }
    }
}

/// <summary>Presence shared across instances in one Redis hash per draft (tab id -> entry and when it was last seen).</summary>
internal sealed class SharedPresence(StackExchange.Redis.IConnectionMultiplexer redis, string prefix)
{
    private sealed record Stored(PresenceEntry Entry, DateTimeOffset LastSeen);

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private string Key(Guid draftId) => $"{prefix}presence:{draftId:N}";

    public void Publish(PresenceEntry entry, DateTimeOffset lastSeen) =>
        redis.GetDatabase().HashSet(Key(entry.DraftId), entry.TabId, System.Text.Json.JsonSerializer.Serialize(new Stored(entry, lastSeen), Json),
            flags: StackExchange.Redis.CommandFlags.FireAndForget);

    public void Remove(Guid draftId, string tabId) =>
        redis.GetDatabase().HashDelete(Key(draftId), tabId, StackExchange.Redis.CommandFlags.FireAndForget);

    public IEnumerable<PresenceEntry> In(Guid draftId, DateTimeOffset aliveSince) =>
        All(draftId).Where(s => s.LastSeen >= aliveSince).Select(s => s.Entry);

    public IEnumerable<PresenceGone> RemoveStale(Guid draftId, DateTimeOffset aliveSince)
    {
        foreach (var stale in All(draftId).Where(s => s.LastSeen < aliveSince))
            if (redis.GetDatabase().HashDelete(Key(draftId), stale.Entry.TabId))
                yield return new PresenceGone(draftId, stale.Entry.TabId, stale.Entry.Sub);
    }

    private IEnumerable<Stored> All(Guid draftId)
    {
        StackExchange.Redis.HashEntry[] entries;
        try
        {
            entries = redis.GetDatabase().HashGetAll(Key(draftId));
        }
        catch (StackExchange.Redis.RedisException)
        {
            yield break;
        }
        foreach (var e in entries)
            if (System.Text.Json.JsonSerializer.Deserialize<Stored>(e.Value.ToString(), Json) is { } stored) yield return stored;
    }
}
