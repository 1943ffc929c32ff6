using Marten.Events.Aggregation;

namespace GgeWorkspace.Api.Infrastructure.Marten;

/// <summary>
/// An aggregate's inline snapshot, built by the aggregate's own Evolve: the same function the writers, the live sequencer,
/// exports and as-of reads use, so Marten holds no second set of Apply methods that could drift from it.
/// </summary>
public sealed class EvolveProjection<T> : SingleStreamProjection<T, Guid> where T : class
{
    private readonly Func<T?, IEvent, T?> _evolve;

    /// <summary>A projection applying each event's data alone, for the event types of the aggregate's stream.</summary>
    public EvolveProjection(Func<T?, object, T?> evolve, IReadOnlyList<Type> eventTypes) : this((state, e) => evolve(state, e.Data), eventTypes)
    {
    }

    /// <summary>A projection that also needs the stored event (its stream and sequence), such as a replay that records damage.</summary>
    public EvolveProjection(Func<T?, IEvent, T?> evolve, IReadOnlyList<Type> eventTypes)
    {
        _evolve = evolve;
        Name = typeof(T).Name;
        // The aggregate's own list: Marten runs this projection only for streams that received one of them.
        foreach (var type in eventTypes) IncludeType(type);
    }

    public override T? Evolve(T? snapshot, Guid id, IEvent e) => _evolve(snapshot, e);
}

/// <summary>
/// An event an aggregate neither applies nor deliberately ignores: a stream holds an event no Evolve was written for. Never
/// silently skipped; the unit tests enumerate every stored event type so this is found before a release.
/// </summary>
public sealed class UnexpectedEventException(Type aggregate, object e)
    : InvalidOperationException($"{aggregate.Name} does not evolve by {e.GetType().Name}.")
{
    public Type Aggregate { get; } = aggregate;

    public Type EventType { get; } = e.GetType();
}
