using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>What a member's client receives for every committed event of their group.</summary>
public sealed record GroupEventMessage(
    Guid GroupId, long Sequence, Guid StreamId, long Version, string Type, DateTimeOffset Timestamp, string? Actor, string? ActorName, object Data);

/// <summary>
/// Pushes every committed event of a group to the connections that joined that group's channel
/// (joining checks membership). A Marten subscription: it sees only committed events, runs on
/// the daemon's leader, and with the Redis backplane its messages reach every instance. A removed member has left
/// the channels already: the removal withdraws them on its own instance before it answers, notifications on every
/// other instance, and a periodic recheck where a notification was lost (MembershipReconciliation).
/// </summary>
public sealed class GroupEventBroadcaster : SubscriptionBase
{
    public const string Method = "GroupEvent";
    private readonly IHubContext<DraftingHub> hub;

    public GroupEventBroadcaster(IHubContext<DraftingHub> hub)
    {
        this.hub = hub;
        Name = "LiveUpdates";
        // Live edits reach the draft's members from the sequencer: the daemon does not load them for this subscription.
        Infrastructure.Marten.DaemonEventTypes.LeaveOutKeystrokes(this);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            // Live keystrokes reach the draft's members as OperationsCommitted, in version order, from the sequencer;
            // only those stored before live edits had an event type of their own (and fences) get this far. An unreadable stored
            // event is recorded as damage (readiness lists it), never sent.
            if (e.Data is not IGroupEvent groupEvent || Drafts.LiveEdits.IsNotNews(e.Data) || Infrastructure.Events.UnreadableEvents.IsUnreadable(e.Data)) continue;
            var channel = DraftingHub.GroupChannel(groupEvent.GroupId);
            await hub.Clients.Group(channel).SendAsync(Method, new GroupEventMessage(
                groupEvent.GroupId, e.Sequence, e.StreamId, e.Version, e.EventTypeName, e.Timestamp,
                EventHeaders.Read(e, EventHeaders.Actor), EventHeaders.Read(e, EventHeaders.ActorName), e.Data), cancellationToken);
        }
        return NullChangeListener.Instance;
    }

}
