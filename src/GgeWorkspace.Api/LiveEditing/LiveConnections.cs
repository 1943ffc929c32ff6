using GgeWorkspace.Api.Presence;
using GgeWorkspace.Client.Live;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// Which of this instance's connections joined which channels of which group, per person, so access can be withdrawn
/// at once when someone is removed from a group or loses the Chair's role (see <see cref="Infrastructure.Auth.MembershipReconciliation"/>).
/// A connection is recorded before it enters a channel, so a withdrawal running at any later moment finds it.
/// </summary>
public sealed class LiveConnections(IHubContext<DraftingHub> hub, PresenceTracker presence, ILogger<LiveConnections> logger)
{
    private readonly ConcurrentDictionary<(Guid GroupId, string Sub), ConcurrentDictionary<(string ConnectionId, string Channel), byte>> _joined = new();
    private readonly ConcurrentDictionary<(string ConnectionId, string Channel), byte> _channels = new();

    public void Joined(Guid groupId, string sub, string connectionId, string channel)
    {
        _joined.GetOrAdd((groupId, sub), _ => new()).TryAdd((connectionId, channel), 0);
        _channels.TryAdd((connectionId, channel), 0);
    }

    public void Left(Guid groupId, string sub, string connectionId, string channel)
    {
        if (_joined.TryGetValue((groupId, sub), out var joined)) joined.TryRemove((connectionId, channel), out _);
        _channels.TryRemove((connectionId, channel), out _);
    }

    public bool IsIn(string connectionId, string channel) => _channels.ContainsKey((connectionId, channel));

    /// <summary>The groups in which this instance has connections in some channel.</summary>
    public IReadOnlyList<Guid> Groups() => [.. _joined.Where(j => !j.Value.IsEmpty).Select(j => j.Key.GroupId).Distinct()];

    public void Disconnected(string connectionId)
    {
        foreach (var joined in _joined.Values)
            foreach (var key in joined.Keys.Where(k => k.ConnectionId == connectionId)) joined.TryRemove(key, out _);
        foreach (var key in _channels.Keys.Where(k => k.ConnectionId == connectionId)) _channels.TryRemove(key, out _);
    }

    /// <summary>
    /// Brings this instance's connections of a group in line with its current membership: people no longer members leave
    /// every channel of the group, lose their presence in it and are told so; only Chairs stay in the Chairs' channel, and
    /// a member who became Chair enters it on the connections that joined the group. <paramref name="group"/> null: the
    /// group is gone.
    /// </summary>
    public async Task ReconcileAsync(Guid groupId, Group? group, CancellationToken ct)
    {
        foreach (var (groupAndSub, joined) in _joined.Where(j => j.Key.GroupId == groupId).ToList())
        {
            var member = group?.MemberFor(groupAndSub.Sub);
            if (member is null)
            {
                await WithdrawAsync(groupId, groupAndSub.Sub, ct);
                continue;
            }
            var chairs = DraftingHub.ChairsChannel(groupId);
            foreach (var (connectionId, channel) in joined.Keys.ToList())
            {
                if (channel == chairs && member.Role != MemberRole.Chair)
                {
                    Left(groupId, member.Sub, connectionId, chairs);
                    await hub.Groups.RemoveFromGroupAsync(connectionId, chairs, ct);
                }
                else if (channel == DraftingHub.GroupChannel(groupId) && member.Role == MemberRole.Chair && !IsIn(connectionId, chairs))
                {
                    Joined(groupId, member.Sub, connectionId, chairs);
                    await hub.Groups.AddToGroupAsync(connectionId, chairs, ct);
                }
            }
        }
    }

    /// <summary>Takes a person's connections out of every channel of a group and tells them so.</summary>
    private async Task WithdrawAsync(Guid groupId, string sub, CancellationToken ct)
    {
        if (!_joined.TryRemove((groupId, sub), out var joined) || joined.IsEmpty) return;
        foreach (var (connectionId, channel) in joined.Keys)
        {
            _channels.TryRemove((connectionId, channel), out _);
            await hub.Groups.RemoveFromGroupAsync(connectionId, channel, ct);
        }
        foreach (var connectionId in joined.Keys.Select(k => k.ConnectionId).Distinct())
        {
            foreach (var gone in presence.LeaveGroup(connectionId, groupId))
                await hub.Clients.Groups([DraftingHub.DraftChannel(gone.DraftId), DraftingHub.DraftPresenceChannel(gone.DraftId)])
                    .SendAsync(DraftingHubProtocol.PresenceLeft, gone, ct);
            await hub.Clients.Client(connectionId).SendAsync(DraftingHubProtocol.RemovedFromGroup, groupId, ct);
        }
        logger.LogInformation("Withdrew {Sub} from group {GroupId} on {Connections} connection(s)", sub, groupId, joined.Keys.Select(k => k.ConnectionId).Distinct().Count());
    }
}
