using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Drafts;

/// <summary>
/// Registered at startup for every write to a paragraph or a draft: a point has no status of its own, so when a paragraph's
/// status changes (by the Chair, a procedure, an amendment's acceptance) each of its points and sub-points takes it in the same
/// transaction (<see cref="PointFollowedParagraph"/>, a fence: the point's live sequencer reloads and applies the new status to
/// the next edit); a point moved to another paragraph takes that paragraph's. Agreeing a paragraph whose points still hold
/// brackets, and moving a point into or out of agreed text, are refused (409).
/// </summary>
public sealed class PointsFollowTheirParagraph : IAppendHook<Paragraph>, IAppendHook<Draft>
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<PointsFollowTheirParagraph>();
        services.AddSingleton<IAppendHook<Paragraph>>(sp => sp.GetRequiredService<PointsFollowTheirParagraph>());
        services.AddSingleton<IAppendHook<Draft>>(sp => sp.GetRequiredService<PointsFollowTheirParagraph>());
    }

    // Points are followed only on status changes, which live edits never make: the live sequencer keeps no followers for them.
    public Task<IReadOnlyList<Guid>> FollowersAsync(IQuerySession session, Guid streamId, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);

    public async Task AppendingAsync(IDocumentSession session, Appending<Paragraph> appending, CancellationToken ct)
    {
        if (appending.Before is not { IsPoint: false } before || !appending.Events.Any(ChangesStatus)) return;
        var after = appending.Events.Aggregate(before, (state, e) => Paragraph.Evolve(state, e) ?? state);
        if (after.Status == before.Status) return;
        var draft = await session.LoadAsync<Draft>(before.DraftId, ct);
        var pointIds = draft?.PointsOf(before.Id) ?? [];
        if (pointIds.Count == 0) return;
        var points = await session.LoadManyAsync<Paragraph>(ct, pointIds);
        if (ParagraphStatusRules.IsAgreedText(after.Status))
            PointRules.EnsureNoBrackets(DraftOutline.Of(draft!), points);
        foreach (var point in points) await FollowAsync(session, point, before.Id, after.Status, ct);
    }

    public async Task AppendingAsync(IDocumentSession session, Appending<Draft> appending, CancellationToken ct)
    {
        if (appending.Before is not { } before) return;
        foreach (var moved in appending.Events.OfType<PointMoved>())
        {
            var from = before.FindPoint(moved.PointId)!.Paragraph.ParagraphId;
            var to = before.ParagraphOf(moved.ParentId)!.Value;
            var paragraphs = (await session.LoadManyAsync<Paragraph>(ct, from, to)).ToDictionary(p => p.Id);
            foreach (var paragraph in paragraphs.Values.Where(p => ParagraphStatusRules.IsAgreedText(p.Status)))
                throw ParagraphDecisions.StatusConflict(paragraph.Status,
                    $"A point cannot be moved into or out of a paragraph that is {ParagraphStatusRules.Describe(paragraph.Status)}: reopen it first.");
            if (from == to) continue;
            var place = before.FindPoint(moved.PointId)!;
            var points = await session.LoadManyAsync<Paragraph>(ct, [place.Point.PointId, .. place.Point.SubPoints.Select(s => s.PointId)]);
            foreach (var point in points) await FollowAsync(session, point, to, paragraphs[to].Status, ct);
        }
    }

    private static async Task FollowAsync(IDocumentSession session, Paragraph point, Guid paragraphId, ParagraphStatus status, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Paragraph>(point.Id, ct);
        stream.AppendOne(new PointFollowedParagraph(point.GroupId, point.DraftId, point.Id, paragraphId, status));
    }

    private static bool ChangesStatus(object e) => e is ParagraphPutUnderNegotiation or ParagraphAgreedAdReferendum or ParagraphAgreed
        or ParagraphParked or ParagraphResumed or ParagraphReopened or ParagraphDeleted or ParagraphRestored or ParagraphRepaired;
}

/// <summary>The rules a paragraph's points add to its own.</summary>
public static class PointRules
{
    /// <summary>A paragraph is agreed as a whole: a bracket left in any of its live points blocks it (409 naming the points).</summary>
    public static void EnsureNoBrackets(DraftOutline outline, IEnumerable<Paragraph> points)
    {
        var bracketed = points.Where(p => !p.IsDeleted && p.Brackets.Count > 0 && outline.LabelOf(p.Id) is not null).ToList();
        if (bracketed.Count == 0) return;
        var labels = bracketed.Select(p => outline.LabelOf(p.Id)!).ToList();
        throw new ConflictException(
            $"Point(s) {string.Join(", ", labels)} still have {bracketed.Sum(p => p.Brackets.Count)} bracket(s): clean them before the paragraph can be agreed.",
            new Dictionary<string, object?> { ["bracketedPoints"] = labels, ["bracketCount"] = bracketed.Sum(p => p.Brackets.Count) });
    }

    /// <summary>Points are added to text that may still change: not to agreed or ad ref text (reopen it first), nor to deleted text.</summary>
    public static void EnsurePointsMayBeAdded(Paragraph paragraph)
    {
        if (paragraph.Status is ParagraphStatus.Proposed or ParagraphStatus.UnderNegotiation or ParagraphStatus.Parked) return;
        throw ParagraphDecisions.StatusConflict(paragraph.Status,
            $"Adding a point is not possible while the paragraph is {ParagraphStatusRules.Describe(paragraph.Status)}.");
    }
}
