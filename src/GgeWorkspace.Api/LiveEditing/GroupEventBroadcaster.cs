using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.AspNetCore.SignalR;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>What a member's client receives for every committed event of their group.</summary>
public sealed record GroupEventMessage(
    Guid GroupId, long Sequence, Guid StreamId, long Version, string Type, DateTimeOffset Timestamp, string? Actor, string? ActorName, object Data);

/// <summary>
/// Pushes every committed event of a group to the connections that joined that group's channel
/// (joining checks membership). A Marten subscription: it sees only committed events, runs on
/// the daemon's leader, and with the Redis backplane its messages reach every instance.
/// </summary>
public sealed class GroupEventBroadcaster : SubscriptionBase
{
    public const string Method = "GroupEvent";
    private readonly IHubContext<DraftingHub> hub;
    private readonly LiveConnections connections;

    public GroupEventBroadcaster(IHubContext<DraftingHub> hub, LiveConnections connections)
    {
        this.hub = hub;
        this.connections = connections;
        Name = "LiveUpdates";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            // Live keystrokes reach the draft's members as OperationsCommitted, in version order, from the sequencer.
            if (e.Data is not IGroupEvent groupEvent || Drafts.LiveEdits.IsKeystroke(e.Data)) continue;
            var channel = DraftingHub.GroupChannel(groupEvent.GroupId);
            // Access ends the moment membership does: a removed member's connections leave the channel before anything else is sent.
            if (e.Data is MemberRemoved removed)
                await connections.RemoveFromGroupAsync(removed.GroupId, removed.Sub, cancellationToken);

            await hub.Clients.Group(channel).SendAsync(Method, new GroupEventMessage(
                groupEvent.GroupId, e.Sequence, e.StreamId, e.Version, e.EventTypeName, e.Timestamp,
                Header(e, EventHeaders.Actor), Header(e, EventHeaders.ActorName), e.Data), cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    private static string? Header(IEvent e, string name) =>
        e.Headers is not null && e.Headers.TryGetValue(name, out var value) ? value?.ToString() : null;
}
