using System.Collections.Concurrent;
using GgeWorkspace.Api.Presence;
using GgeWorkspace.Client.Live;
using Microsoft.AspNetCore.SignalR;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// Which of this instance's connections joined which channels of which group, per person, so access can be withdrawn
/// at once when someone is removed from a group (every instance hears of it, see <see cref="MembershipNotifications"/>).
/// </summary>
public sealed class LiveConnections(IHubContext<DraftingHub> hub, PresenceTracker presence)
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

    /// <summary>This instance's connections of one person that joined the group.</summary>
    public IReadOnlyList<string> ConnectionsOf(Guid groupId, string sub) =>
        _joined.TryGetValue((groupId, sub), out var ids) ? [.. ids.Keys.Select(k => k.ConnectionId).Distinct()] : [];

    public void Disconnected(string connectionId)
    {
        foreach (var joined in _joined.Values)
            foreach (var key in joined.Keys.Where(k => k.ConnectionId == connectionId)) joined.TryRemove(key, out _);
        foreach (var key in _channels.Keys.Where(k => k.ConnectionId == connectionId)) _channels.TryRemove(key, out _);
    }

    /// <summary>Takes a person's connections out of every channel of a group and tells them so.</summary>
    public async Task RemoveFromGroupAsync(Guid groupId, string sub, CancellationToken ct)
    {
        if (!_joined.TryRemove((groupId, sub), out var joined)) return;
        foreach (var (connectionId, channel) in joined.Keys)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, channel, ct);
            _channels.TryRemove((connectionId, channel), out _);
        }
        foreach (var connectionId in joined.Keys.Select(k => k.ConnectionId).Distinct())
        {
            foreach (var gone in presence.Disconnected(connectionId))
                await hub.Clients.Groups([DraftingHub.DraftChannel(gone.DraftId), DraftingHub.DraftPresenceChannel(gone.DraftId)])
                    .SendAsync(DraftingHubProtocol.PresenceLeft, gone, ct);
            await hub.Clients.Client(connectionId).SendAsync(DraftingHubProtocol.RemovedFromGroup, groupId, ct);
        }
    }
}
