using System.Collections.Concurrent;
using System.Text.Json;
using GgeWorkspace.Client.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>
/// Everything of a group that reaches one hub connection, recorded with what identifies it: operations by text version,
/// presence by tab, group events and dashboards by event sequence. Lets a test say "nothing committed after X arrived".
/// </summary>
public sealed class LiveTraffic
{
    public ConcurrentQueue<long> OperationVersions { get; } = new();

    public ConcurrentQueue<string> PresenceTabs { get; } = new();

    public ConcurrentQueue<string> PresenceLeftTabs { get; } = new();

    public ConcurrentQueue<(long Sequence, string Type)> GroupEvents { get; } = new();

    public ConcurrentQueue<long> DashboardSequences { get; } = new();

    public ConcurrentQueue<Guid> Removals { get; } = new();

    public static LiveTraffic Record(HubConnection connection)
    {
        var traffic = new LiveTraffic();
        connection.On<JsonElement>(DraftingHubProtocol.OperationsCommitted, m =>
        {
            foreach (var op in m.GetProperty("operations").EnumerateArray()) traffic.OperationVersions.Enqueue(op.GetProperty("version").GetInt64());
        });
        connection.On<JsonElement>(DraftingHubProtocol.PresenceChanged, m => traffic.PresenceTabs.Enqueue(m.GetProperty("tabId").GetString()!));
        connection.On<JsonElement>(DraftingHubProtocol.PresenceLeft, m => traffic.PresenceLeftTabs.Enqueue(m.GetProperty("tabId").GetString()!));
        connection.On<JsonElement>(DraftingHubProtocol.GroupEvent, m =>
            traffic.GroupEvents.Enqueue((m.GetProperty("sequence").GetInt64(), m.GetProperty("type").GetString()!)));
        connection.On<JsonElement>(DraftingHubProtocol.DashboardChanged, m => traffic.DashboardSequences.Enqueue(m.GetProperty("sequence").GetInt64()));
        connection.On<Guid>(DraftingHubProtocol.RemovedFromGroup, g => traffic.Removals.Enqueue(g));
        return traffic;
    }

    /// <summary>What arrived that was committed or made after the marks: operations above a text version, group events and dashboards above a sequence, presence of given tabs.</summary>
    public IReadOnlyList<string> After(long textVersion, long sequence, IReadOnlyCollection<string> tabs) =>
    [
        .. OperationVersions.Where(v => v > textVersion).Select(v => $"operation v{v}"),
        .. GroupEvents.Where(e => e.Sequence > sequence).Select(e => $"group event {e.Type} #{e.Sequence}"),
        .. DashboardSequences.Where(s => s > sequence).Select(s => $"dashboard #{s}"),
        .. PresenceTabs.Where(tabs.Contains).Select(t => $"presence of tab {t}"),
        .. PresenceLeftTabs.Where(tabs.Contains).Select(t => $"presence left of tab {t}"),
    ];
}
