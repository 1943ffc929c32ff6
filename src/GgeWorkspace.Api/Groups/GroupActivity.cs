using Marten.Events.Projections;

namespace GgeWorkspace.Api.Groups;

/// <summary>
/// One line of a group's activity feed: who did what, when and why, as whose delegation (<see cref="ActorState"/>), and what
/// it concerns (the paragraph and its number where the event names it, the bracket, option, amendment, thread or procedure), and
/// <see cref="Detail"/> where the kind alone does not say what happened (a recipient copy: which version, for whom).
/// </summary>
public sealed record ActivityEntry(
    Guid Id, Guid GroupId, long Sequence, DateTimeOffset Timestamp, string Kind, string? Actor, string? ActorName, string? Reason,
    string? ActorState = null, Drafts.HistoryConcerns? Concerns = null, string? Detail = null);

/// <summary>
/// The group activity feed. Async (daemon, HotCold): nobody reads it right after their own write,
/// and it must not slow the write path.
/// </summary>
public sealed class GroupActivityProjection : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            if (EntryFor(e) is { } entry) operations.Store(entry);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every <c>kind</c> the feed can show: the stored name of each event of a group that is news (docs/api.md lists them).
    /// A text change shows unless it was live co-editing.
    /// </summary>
    public static IReadOnlyList<string> Kinds(IReadOnlyStoreOptions options) =>
    [
        .. options.Events.AllKnownEventTypes()
            .Where(t => typeof(IGroupEvent).IsAssignableFrom(t.EventType) && Infrastructure.Events.StoredEventRules.IsProductEvent(t.EventType))
            .Where(t => t.EventType != typeof(Drafts.ParagraphTextEdited) && !typeof(Drafts.IParagraphFence).IsAssignableFrom(t.EventType))
            .Select(t => t.EventTypeName)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// The feed's line for an event; none for keystrokes of live co-editing (they travel as operations, not news), nor for
    /// a stored event that cannot be read (it is recorded as damage of its stream and listed by readiness instead).
    /// </summary>
    public static ActivityEntry? EntryFor(IEvent e)
    {
        if (e.Data is not IGroupEvent groupEvent || Drafts.LiveEdits.IsNotNews(e.Data) || Infrastructure.Events.UnreadableEvents.IsUnreadable(e.Data)) return null;
        var member = Drafts.ParagraphHistoryEntries.MemberOf(e, null);
        return new ActivityEntry(e.Id, groupEvent.GroupId, e.Sequence, e.Timestamp, e.EventTypeName, member.Sub, member.DisplayName,
            EventHeaders.Read(e, EventHeaders.Reason) ?? e.Data.GetType().GetProperty("Reason")?.GetValue(e.Data) as string,
            member.AttributedState, Drafts.ParagraphHistoryEntries.ConcernsOf(e.Data),
            e.Data is Exports.RecipientCopyPrepared copy ? Exports.RecipientCopies.Summary(copy) : null);
    }

}
