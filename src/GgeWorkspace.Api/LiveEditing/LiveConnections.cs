using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>Which of this instance's connections joined which group, per person, so access can be withdrawn at once.</summary>
public sealed class LiveConnections(IHubContext<DraftingHub> hub)
{
    private readonly ConcurrentDictionary<(Guid GroupId, string Sub), ConcurrentDictionary<string, byte>> _joined = new();

    public void Joined(Guid groupId, string sub, string connectionId) =>
        _joined.GetOrAdd((groupId, sub), _ => new()).TryAdd(connectionId, 0);

    public void Left(Guid groupId, string sub, string connectionId)
    {
        if (_joined.TryGetValue((groupId, sub), out var ids)) ids.TryRemove(connectionId, out _);
    }

    /// <summary>This instance's connections of one person that joined the group.</summary>
    public IReadOnlyList<string> ConnectionsOf(Guid groupId, string sub) =>
        _joined.TryGetValue((groupId, sub), out var ids) ? [.. ids.Keys] : [];

    public void Disconnected(string connectionId)
    {
        foreach (var ids in _joined.Values) ids.TryRemove(connectionId, out _);
    }

    public async Task RemoveFromGroupAsync(Guid groupId, string sub, CancellationToken ct)
    {
        if (!_joined.TryRemove((groupId, sub), out var ids)) return;
        foreach (var connectionId in ids.Keys)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, DraftingHub.GroupChannel(groupId), ct);
            await hub.Clients.Client(connectionId).SendAsync("RemovedFromGroup", groupId, ct);
        }
    }
}
