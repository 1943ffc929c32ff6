using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;

namespace GgeWorkspace.Api.Consensus;

/// <summary>What the Chair's client receives when anything on a draft's dashboard may have changed.</summary>
public sealed record DashboardChangedMessage(Guid GroupId, Guid DraftId, long Sequence, ConsensusDashboardView Dashboard);

/// <summary>
/// Pushes the new consensus dashboard to the group's Chairs channel whenever an event of a draft commits (positions,
/// paragraph status, brackets, options, silence, adoption, structure): one message per draft per page of events, built
/// from the inline snapshots as of then. A Marten subscription like <see cref="GroupEventBroadcaster"/>: committed events
/// only, on the daemon's leader; through the channel (and the Redis backplane) it reaches Chairs on every instance.
/// Other members see the same changes as GroupEvent messages.
/// </summary>
public sealed class DashboardBroadcaster : SubscriptionBase
{
    public const string Method = GgeWorkspace.Client.Live.DraftingHubProtocol.DashboardChanged;
    private readonly IHubContext<DraftingHub> hub;
    private readonly IOpenAmendmentCounts amendments;
    private readonly TimeProvider time;

    public DashboardBroadcaster(IHubContext<DraftingHub> hub, IOpenAmendmentCounts amendments, TimeProvider time)
    {
        this.hub = hub;
        this.amendments = amendments;
        this.time = time;
        Name = "ConsensusDashboard";
        // Live edits reach the draft's members from the sequencer: the daemon does not load them for this subscription.
        Infrastructure.Marten.DaemonEventTypes.LeaveOutKeystrokes(this);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var drafts = page.Events
            .Where(e => e.Data is IDraftEvent && !LiveEdits.IsNotNews(e.Data) && !Infrastructure.Events.UnreadableEvents.IsUnreadable(e.Data))
            .GroupBy(e => (((IDraftEvent)e.Data).GroupId, ((IDraftEvent)e.Data).DraftId))
            .Select(g => (g.Key.GroupId, g.Key.DraftId, Sequence: g.Max(e => e.Sequence)));
        foreach (var (groupId, draftId, sequence) in drafts)
        {
            var group = await operations.LoadAsync<Group>(groupId, cancellationToken);
            if (group is null || group.Members.All(m => m.Role != MemberRole.Chair)) continue;
            var draft = await operations.LoadAsync<Draft>(draftId, cancellationToken);
            if (draft is null) continue;
            var dashboard = (await DraftConsensus.LoadAsync(operations, amendments, groupId, draftId, cancellationToken)).Dashboard(time.GetUtcNow());
            await hub.Clients.Group(DraftingHub.ChairsChannel(groupId)).SendAsync(Method, new DashboardChangedMessage(groupId, draftId, sequence, dashboard), cancellationToken);
        }
        return NullChangeListener.Instance;
    }
}
