using System.Reflection;
using JasperFx.Core;
using Marten;
using Marten.Events;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>
/// What a stored row of an event type the service does not know reads as (a hand-edited <c>type</c> column, a row
/// written by another program): always a stand-in (<see cref="UnreadableEvents"/>), never an event of its own.
/// </summary>
public sealed record UnknownStoredEvent;

/// <summary>
/// Marten resolves a row's type by its event type name, then by its <c>mt_dotnet_type</c>, and throws
/// <c>UnknownEventTypeException</c> when neither names a type, before any serializer or projection code runs: the async
/// daemon and every reader of that stream would stop. Every name Marten does not know resolves to
/// <see cref="UnknownStoredEvent"/> instead, which <see cref="ContainingSerializer"/> reads as damage of its stream.
/// Marten offers no public hook for an unknown name (an upcaster needs the name in advance), so this replaces the
/// lookup's fallback on its private cache; start-up fails loudly if Marten's internals change.
/// </summary>
public static class UnknownEventTypes
{
    public static void ReadAsStandIns(StoreOptions options)
    {
        var graph = options.Events as EventGraph ?? throw new InvalidOperationException("Marten's event options are no longer its EventGraph.");
        graph.AddEventType<UnknownStoredEvent>();
        var fallback = graph.EventMappingFor(typeof(UnknownStoredEvent));
        var allEvents = typeof(EventGraph).GetMethod("AllEvents", BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)
            ?? throw new InvalidOperationException("Marten's EventGraph.AllEvents() is gone: unknown event types cannot be contained.");
        var byName = typeof(EventGraph).GetField("_byEventName", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(graph) as Cache<string, EventMapping?>
            ?? throw new InvalidOperationException("Marten's EventGraph._byEventName is gone: unknown event types cannot be contained.");
        // Marten's own lookup first (every registered name, Marten's own events too); only a name nobody knows falls back.
        byName.OnMissing = name =>
            ((IEnumerable<EventMapping>)allEvents.Invoke(graph, null)!).FirstOrDefault(m => m.EventTypeName == name) ?? fallback;
    }
}
