namespace GgeWorkspace.Api.Infrastructure.Writes;

/// <summary>
/// A check another feature makes before a change to a stream of <typeparamref name="T"/> is decided (registered at startup;
/// e.g. an adopted draft is read-only, text under silence is frozen). The REST write path and the live sequencer run the
/// same guards, so they refuse the same things with the same problems.
/// </summary>
public interface IWriteGuard<T> where T : class
{
    /// <summary>Throws the domain error when <paramref name="change"/> (a command, or a marker such as a live text change) may not happen to <paramref name="state"/>.</summary>
    Task EnsureAllowedAsync(IQuerySession session, T state, object change, CancellationToken ct);
}

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

