using Marten.Services.BatchQuerying;

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
                throw await StaleAsync(id, scope, ct);
            }
        }
        return new WriteTarget<T>(stream, scope(stream.Aggregate));
    }

    /// <summary>
    /// Enlists the fetch in <paramref name="batch"/>, so it shares one round trip with the other reads the decision needs.
    /// Enlist it last and run the batch with <see cref="RunBatchAsync"/>; the returned function gives the target (or the 412).
    /// </summary>
    public Func<CancellationToken, Task<WriteTarget<T>>> Enlist<T>(IBatchedQuery batch, Guid id, long? expectedVersion, Func<T?, T> scope)
        where T : class
    {
        var fetch = expectedVersion is { } expected ? batch.Events.FetchForWriting<T>(id, expected) : batch.Events.FetchForWriting<T>(id);
        return async ct =>
        {
            // A stale version may stop the batch before its fetch is answered: once the batch ran, an unanswered fetch failed.
            if (!fetch.IsCompleted) throw await StaleAsync(id, scope, ct);
            IEventStream<T> stream;
            try
            {
                stream = await fetch;
            }
            catch (ConcurrencyException)
            {
                throw await StaleAsync(id, scope, ct);
            }
            return new WriteTarget<T>(stream, scope(stream.Aggregate));
        };
    }

    /// <summary>Runs a batch holding an enlisted fetch: a stale expected version is answered when the fetch is resolved, after the other reads.</summary>
    public static async Task RunBatchAsync(IBatchedQuery batch, CancellationToken ct)
    {
        try
        {
            await batch.Execute(ct);
        }
        catch (ConcurrencyException)
        {
            // The enlisted fetch holds the same failure and answers it once the checks that come first have run.
        }
    }

    /// <summary>The 412 for a stale expected version. Marten names no version: the stream is read again to name its current one.</summary>
    private async Task<PreconditionFailedException> StaleAsync<T>(Guid id, Func<T?, T> scope, CancellationToken ct) where T : class
    {
        var current = await session.Events.FetchForWriting<T>(id, ct);
        scope(current.Aggregate);
        return new PreconditionFailedException(current.CurrentVersion ?? 0);
    }

    /// <summary>As <see cref="FetchAsync{T}"/>, holding the stream's row lock until the commit (for streams that many writers change at once).</summary>
    public async Task<WriteTarget<T>> FetchExclusiveAsync<T>(Guid id, Func<T?, T> scope, CancellationToken ct) where T : class
    {
        var stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
        return new WriteTarget<T>(stream, scope(stream.Aggregate));
    }

    /// <summary>
    /// Fetches for writing a stream the command may start (a draft's adoption, its revision log): its aggregate is null until
    /// the stream exists, and Marten checks at commit that nobody started or changed it meanwhile. Append with
    /// <see cref="AppendAsync{T}(IEventStream{T}, IReadOnlyList{object}, CancellationToken)"/>.
    /// </summary>
    public Task<IEventStream<T>> FetchMaybeNewAsync<T>(Guid id, bool exclusive, CancellationToken ct) where T : class =>
        exclusive ? session.Events.FetchForExclusiveWriting<T>(id, ct) : session.Events.FetchForWriting<T>(id, ct);

    /// <summary>Appends <paramref name="events"/> to the fetched stream and runs the hooks registered for it; nothing is saved yet.</summary>
    public Task<Written<T>> AppendAsync<T>(WriteTarget<T> target, IReadOnlyList<object> events, CancellationToken ct) where T : class =>
        AppendAsync(target.Stream, target.State, events, ct);

    /// <summary>Appends to a stream fetched with <see cref="FetchMaybeNewAsync{T}"/> (starting it when it is new), as above.</summary>
    public Task<Written<T>> AppendAsync<T>(IEventStream<T> stream, IReadOnlyList<object> events, CancellationToken ct) where T : class =>
        AppendAsync(stream, stream.Aggregate, events, ct);

    private async Task<Written<T>> AppendAsync<T>(IEventStream<T> stream, T? before, IReadOnlyList<object> events, CancellationToken ct) where T : class
    {
        var version = stream.CurrentVersion ?? 0;
        if (events.Count == 0) return new Written<T>(StateAfter.Events(before, events, version), version, events);
        stream.AppendMany(events);
        await RunHooksAsync(new Appending<T>(stream.Id, before, events), ct);
        return new Written<T>(StateAfter.Events(before, events, version + events.Count), version + events.Count, events);
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

    /// <summary>Runs the guards registered for <typeparamref name="T"/>: throws when another feature forbids <paramref name="change"/>.</summary>
    public Task GuardAsync<T>(T state, object change, CancellationToken ct) where T : class =>
        GuardAsync(services.GetServices<IWriteGuard<T>>(), session, state, change, ct);

    /// <summary>Runs <paramref name="guards"/> in <paramref name="session"/> (the live sequencer's loads call this too).</summary>
    public static async Task GuardAsync<T>(IEnumerable<IWriteGuard<T>> guards, IQuerySession session, T state, object change, CancellationToken ct)
        where T : class
    {
        foreach (var guard in guards) await guard.EnsureAllowedAsync(session, state, change, ct);
    }

    /// <summary>The streams that follow <paramref name="streamId"/>, for every hook registered for <typeparamref name="T"/> (read once per load by the live sequencer).</summary>
    public static async Task<IReadOnlyList<Guid>> FollowersAsync<T>(IEnumerable<IAppendHook<T>> hooks, IQuerySession session, Guid streamId, CancellationToken ct)
        where T : class
    {
        var followers = new List<Guid>();
        foreach (var hook in hooks) followers.AddRange(await hook.FollowersAsync(session, streamId, ct));
        return followers;
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
