using System.Collections.Concurrent;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Postgres;
using GgeWorkspace.Api.LiveEditing;
using Marten;
using Npgsql;

namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>
/// Groups as authorization reads them, cached per instance: every hub invocation checks membership, and a hot
/// paragraph sees thousands per second. Entries are dropped when membership changes (on every instance, through
/// <see cref="MembershipNotifications"/>) and after a minute at most.
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

    public void Clear() => _groups.Clear();
}

/// <summary>
/// Membership changes reach every instance at once: the write queues a PostgreSQL NOTIFY in its own transaction (so
/// nothing is announced for a rolled-back change), and each instance LISTENs, drops its cached group, and takes a
/// removed member's connections out of the group's channels and presence.
/// </summary>
public sealed class MembershipNotifications(
    DatabaseServer database, GroupMembershipCache cache, LiveConnections connections, IDocumentStore store, ILogger<MembershipNotifications> logger)
    : BackgroundService
{
    public const string Channel = "gge_membership";

    /// <summary>Queues the announcement in the session's transaction.</summary>
    /// <remarks>
    /// NOTIFY returns no result set, which keeps Marten's batched commands in step. It takes no parameters, so the sub
    /// travels base64-encoded: no quote or placeholder character can reach the SQL.
    /// </remarks>
    public static void Announce(IDocumentSession session, Guid groupId, string sub) =>
        session.QueueSqlCommand($"notify {Channel}, '{groupId:N}|{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(sub))}'");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(database.ConnectionString);
                await conn.OpenAsync(stoppingToken);
                conn.Notification += (_, e) => _ = HandleAsync(e.Payload, stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", conn)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Anything may have changed while we were not listening.
                cache.Clear();
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
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task HandleAsync(string payload, CancellationToken ct)
    {
        try
        {
            var parts = payload.Split('|', 2);
            if (parts.Length != 2 || !Guid.TryParse(parts[0], out var groupId)) return;
            var sub = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
            cache.Invalidate(groupId);
            await using var session = store.QuerySession();
            var group = await session.LoadAsync<Group>(groupId, ct);
            if (group?.MemberFor(sub) is null) await connections.RemoveFromGroupAsync(groupId, sub, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Applying a membership change to live connections failed");
        }
    }
}
