using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Comments;

/// <summary>
/// Registered at startup for every write to a paragraph (REST commands, accepted amendments, live operations): quoted spans
/// follow the text in the same transaction (<see cref="CommentAnchorFollower"/>). The live sequencer reads the quoting threads
/// once per load (<see cref="FollowersAsync"/>) and hands them back with each batch, so a keystroke batch pays no query for them.
/// </summary>
public sealed class CommentAnchorsFollowText : IAppendHook<Paragraph>
{
    public static void Register(IServiceCollection services) => services.AddSingleton<IAppendHook<Paragraph>, CommentAnchorsFollowText>();

    public Task<IReadOnlyList<Guid>> FollowersAsync(IQuerySession session, Guid streamId, CancellationToken ct) =>
        CommentAnchorFollower.QuotingThreadsAsync(session, streamId, ct);

    public Task AppendingAsync(IDocumentSession session, Appending<Paragraph> appending, CancellationToken ct) =>
        appending.Events.OfType<ParagraphRepaired>().LastOrDefault() is { } repaired
            ? new CommentAnchorFollower(session).FollowRepairAsync(appending.StreamId, repaired.Text != appending.Before?.Text, repaired.TextVersion, ct)
        : appending.Followers is { } threads
            ? new CommentAnchorFollower(session).FollowAsync(appending.StreamId, [.. appending.Events], threads, ct)
            : new CommentAnchorFollower(session).FollowAsync(appending.StreamId, [.. appending.Events], ct);
}
