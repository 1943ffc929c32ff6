using JasperFx.Events.Projections;

namespace GgeWorkspace.Api.Infrastructure.Marten;

/// <summary>
/// The event types the async daemon hands its agents (the activity feed, live updates, the Chair's dashboard): every
/// product event but live edits and paragraph fences (which only move a paragraph's version; the change they guard has
/// its own event). Declared on each agent, they become a filter in the daemon's own SQL
/// (<c>type = any(...)</c>), so keystrokes, hundreds a second in plenary, are never loaded for agents that have no use
/// for them. Marten filters only by an allow-list of concrete types, hence a list rather than one exclusion. Rows of a
/// type no process knows are not on it either: <see cref="UnknownEventTypeWatch"/> finds those.
/// </summary>
public static class DaemonEventTypes
{
    public static IReadOnlyList<Type> WithoutKeystrokes { get; } =
    [
        .. typeof(DaemonEventTypes).Assembly.GetTypes()
            .Where(t => StoredEventRules.IsProductEvent(t) && t != typeof(ParagraphTextEdited) && !typeof(IParagraphFence).IsAssignableFrom(t) && t != typeof(UnknownStoredEvent))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    /// <summary>Declares <see cref="WithoutKeystrokes"/> as what <paramref name="agent"/> handles.</summary>
    public static T LeaveOutKeystrokes<T>(T agent) where T : EventFilterable
    {
        foreach (var type in WithoutKeystrokes) agent.IncludeType(type);
        return agent;
    }
}
