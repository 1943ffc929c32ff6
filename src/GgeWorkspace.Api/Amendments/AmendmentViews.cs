namespace GgeWorkspace.Api.Amendments;

/// <summary>Filters for the amendment list; null means any. <see cref="ProposerState"/> is the State the proposal is attributed to.</summary>
public sealed record AmendmentFilter(Guid? ParagraphId = null, AmendmentState? State = null, string? ProposerSub = null, string? ProposerState = null);

/// <summary>One line of the amendment list.</summary>
public sealed record AmendmentListItem(
    Guid AmendmentId, Guid ParagraphId, AmendmentKind Kind, AmendmentState State, string ProposerSub, string? ProposerState,
    DateTimeOffset ProposedAt, int Supporters, int Objections);

/// <summary>Comment threads on one paragraph: how many are open and how many resolved.</summary>
public sealed record ParagraphCommentCounts(Guid ParagraphId, int Open, int Resolved);

/// <summary>The counts the draft view shows: amendments still submitted and comment threads still open.</summary>
public sealed record DraftActivityCounts(int OpenAmendments, int OpenCommentThreads);

/// <summary>Read-model shapes as pure functions, so a projection or a query can use them alike.</summary>
public static class AmendmentViews
{
    /// <summary>The amendments matching <paramref name="filter"/>, oldest first.</summary>
    public static IReadOnlyList<AmendmentListItem> List(IEnumerable<Amendment> amendments, AmendmentFilter filter) =>
    [
        .. amendments
            .Where(a => filter.ParagraphId is null || a.ParagraphId == filter.ParagraphId)
            .Where(a => filter.State is null || a.State == filter.State)
            .Where(a => filter.ProposerSub is null || a.ProposerSub == filter.ProposerSub)
            .Where(a => filter.ProposerState is null || string.Equals(a.ProposerState, filter.ProposerState, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.ProposedAt).ThenBy(a => a.Id)
            .Select(a => new AmendmentListItem(a.Id, a.ParagraphId, a.Kind, a.State, a.ProposerSub, a.ProposerState, a.ProposedAt,
                a.Supporters.Count, a.Objections.Count)),
    ];

    /// <summary>Open and resolved thread counts for every paragraph that has threads.</summary>
    public static IReadOnlyDictionary<Guid, ParagraphCommentCounts> CommentCountsPerParagraph(IEnumerable<CommentThread> threads) =>
        threads.GroupBy(t => t.ParagraphId).ToDictionary(g => g.Key,
            g => new ParagraphCommentCounts(g.Key, g.Count(t => !t.IsResolved), g.Count(t => t.IsResolved)));

    public static DraftActivityCounts CountsFor(Guid draftId, IEnumerable<Amendment> amendments, IEnumerable<CommentThread> threads) =>
        new(amendments.Count(a => a.DraftId == draftId && a.State == AmendmentState.Submitted),
            threads.Count(t => t.DraftId == draftId && !t.IsResolved));
}
