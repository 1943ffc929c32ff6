using GgeWorkspace.Api.Infrastructure.Errors;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace GgeWorkspace.Api.Infrastructure.Writes;

/// <summary>A stream fetched for writing and the state its command decides on (already checked to be the caller's).</summary>
public sealed record WriteTarget<T>(IEventStream<T> Stream, T State) where T : class
{
    public Guid Id => Stream.Id;

    /// <summary>The stream's version as fetched: read from the stream itself, never from a snapshot.</summary>
    public long Version => Stream.StartingVersion ?? 0;
}

/// <summary>What a write produced: the state after its events, at the stream's version once they are committed.</summary>
public sealed record Written<T>(T State, long Version, IReadOnlyList<object> Events);

/// <summary>
/// Something another feature does in the same transaction when events are appended to a stream of <typeparamref name="T"/>
/// (registered at startup; e.g. comment anchors follow a paragraph's text). <see cref="StreamWrite"/> runs every hook
/// registered for the type on each append; the live sequencer runs the same hooks on its commits.
/// </summary>
public interface IAppendHook<T> where T : class
{
    /// <summary>
    /// The streams that follow <paramref name="streamId"/>: read once per load by a writer that keeps them in memory (the live
    /// sequencer) and handed back in <see cref="Appending{T}.Followers"/>.
    /// </summary>
    Task<IReadOnlyList<Guid>> FollowersAsync(IQuerySession session, Guid streamId, CancellationToken ct);

    /// <summary>Appends, in <paramref name="session"/>, what follows from <paramref name="appending"/>.</summary>
    Task AppendingAsync(IDocumentSession session, Appending<T> appending, CancellationToken ct);
}

/// <summary>
/// Events about to be appended to a stream: its state before them (null for a new stream), and the streams known to follow
/// it (null: each hook looks them up; see <see cref="IAppendHook{T}.FollowersAsync"/>).
/// </summary>
public sealed record Appending<T>(Guid StreamId, T? Before, IReadOnlyList<object> Events, IReadOnlyCollection<Guid>? Followers = null) where T : class;

/// <summary>
/// The one write path of REST commands: fetch the stream for writing (Marten checks the expected version from If-Match;
/// a stale one answers 412 naming the current version), check it is the caller's, decide, append, run the registered
/// <see cref="IAppendHook{T}"/>s, save, and answer with the state produced at the stream's new version. A command that
/// writes several streams fetches and appends each through here and saves once.
/// Idempotency keys, the stored-event check and damage checks run around it (a pipeline behaviour, a session listener,
/// the scope functions), so they apply to every command alike.
/// </summary>
public sealed class StreamWrite(IDocumentSession session, IServiceProvider services)
{
    public IDocumentSession Session => session;

    /// <summary>The scope of a stream any member may write once it exists: 404 when it does not.</summary>
    public static T Existing<T>(T? state) where T : class => state ?? throw new NotFoundException();

    /// <summary>
    /// Fetches <paramref name="id"/> for writing at <paramref name="expectedVersion"/> (any version when null). <paramref name="scope"/>
    /// turns the fetched aggregate into the state to decide on, or refuses (404 for a stream that is not the caller's). It runs
    /// before the version answer, so a stream the caller may not see is 404 whatever version they name.
    /// </summary>
    public async Task<WriteTarget<T>> FetchAsync<T>(Guid id, long? expectedVersion, Func<T?, T> scope, CancellationToken ct) where T : class
    {
        IEventStream<T> stream;
        if (expectedVersion is not { } expected)
            stream = await session.Events.FetchForWriting<T>(id, ct);
        else
        {
            try
            {
                stream = await session.Events.FetchForWriting<T>(id, expected, ct);
            }
            catch (ConcurrencyException)
            {
                // Marten names no version: the stream is read again to answer with its current one.
                var current = await session.Events.FetchForWriting<T>(id, ct);
                scope(current.Aggregate);
                throw new PreconditionFailedException(current.CurrentVersion ?? 0);
            }
        }
        return new WriteTarget<T>(stream, scope(stream.Aggregate));
    }

    /// <summary>As <see cref="FetchAsync{T}"/>, holding the stream's row lock until the commit (for streams that many writers change at once).</summary>
    public async Task<WriteTarget<T>> FetchExclusiveAsync<T>(Guid id, Func<T?, T> scope, CancellationToken ct) where T : class
    {
        var stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
        return new WriteTarget<T>(stream, scope(stream.Aggregate));
    }

    /// <summary>Appends <paramref name="events"/> to the fetched stream and runs the hooks registered for it; nothing is saved yet.</summary>
    public async Task<Written<T>> AppendAsync<T>(WriteTarget<T> target, IReadOnlyList<object> events, CancellationToken ct) where T : class
    {
        var version = target.Stream.CurrentVersion ?? 0;
        if (events.Count == 0) return new Written<T>(StateAfter.Events(target.State, events, version), version, events);
        target.Stream.AppendMany(events);
        await RunHooksAsync(new Appending<T>(target.Id, target.State, events), ct);
        return new Written<T>(StateAfter.Events(target.State, events, version + events.Count), version + events.Count, events);
    }

    /// <summary>Starts a stream with <paramref name="events"/> and runs the hooks registered for it; nothing is saved yet.</summary>
    public async Task<Written<T>> StartAsync<T>(Guid id, IReadOnlyList<object> events, CancellationToken ct) where T : class
    {
        session.Events.StartStream<T>(id, events);
        await RunHooksAsync(new Appending<T>(id, null, events), ct);
        return new Written<T>(StateAfter.Events<T>(null, events, events.Count), events.Count, events);
    }

    public Task SaveAsync(CancellationToken ct) => session.SaveChangesAsync(ct);

    /// <summary>The whole path for a command on one stream: fetch (with If-Match), decide, append, hooks, save.</summary>
    public async Task<Written<T>> ExecuteAsync<T>(Guid id, long? expectedVersion, Func<T?, T> scope, Func<T, IReadOnlyList<object>> decide, CancellationToken ct)
        where T : class
    {
        var target = await FetchAsync(id, expectedVersion, scope, ct);
        var written = await AppendAsync(target, decide(target.State), ct);
        await SaveAsync(ct);
        return written;
    }

    /// <summary>Starts a stream with <paramref name="events"/> and saves it.</summary>
    public async Task<Written<T>> CreateAsync<T>(Guid id, IReadOnlyList<object> events, CancellationToken ct) where T : class
    {
        var written = await StartAsync<T>(id, events, ct);
        await SaveAsync(ct);
        return written;
    }

    /// <summary>Runs the hooks registered for <typeparamref name="T"/> in <paramref name="session"/> (the live sequencer's commits call this too).</summary>
    public static async Task RunHooksAsync<T>(IEnumerable<IAppendHook<T>> hooks, IDocumentSession session, Appending<T> appending, CancellationToken ct)
        where T : class
    {
        foreach (var hook in hooks) await hook.AppendingAsync(session, appending, ct);
    }

    private Task RunHooksAsync<T>(Appending<T> appending, CancellationToken ct) where T : class =>
        RunHooksAsync(services.GetServices<IAppendHook<T>>(), session, appending, ct);
}
