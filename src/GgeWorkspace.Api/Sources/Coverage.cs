namespace GgeWorkspace.Api.Sources;

/// <summary>A live paragraph of the draft that cites a submitter's reply, with its current number and what it cites.</summary>
/// <summary>Read with <c>?language=</c>, <see cref="Texts"/> gives the cited paragraphs' texts in that language.</summary>
public sealed record CoveringParagraph(Guid ParagraphId, int Number, IReadOnlyList<string> SourceParagraphIds, IReadOnlyList<CitedSourceText>? Texts = null);

/// <summary><see cref="Submitter"/> is the name as the document writes it, or in the language asked for (null when that version lacks the reply).</summary>
public sealed record SubmitterCoverage(
    string Code, string? Submitter, string SubmitterEnglish, bool Reflected, IReadOnlyList<CoveringParagraph> Paragraphs, bool ReflectedInGroup);

/// <summary>
/// Which submitters' views a draft reflects. <see cref="NotReflected"/> lists the submitters no live paragraph of this draft cites;
/// <see cref="NotReflectedInGroup"/> those no draft of the group cites at all (the gap analysis's starting point).
/// </summary>
public sealed record CoverageReport(
    Guid DraftId, IReadOnlyList<SubmitterCoverage> Submitters, IReadOnlyList<string> NotReflected, IReadOnlyList<string> NotReflectedInGroup,
    string? Language = null);

public static class CoverageRules
{
    /// <summary>
    /// Coverage of one draft: submitters in document order; citations of deleted or withdrawn paragraphs
    /// (<paramref name="numberOf"/> gives no number) do not count.
    /// </summary>
    public static CoverageReport Compute(Guid draftId, IReadOnlyList<StoredReply> submitters, IReadOnlyList<Citation> draftCitations,
        Func<Guid, int?> numberOf, IReadOnlySet<string> codesCitedInGroup)
    {
        var live = draftCitations.Select(c => (Citation: c, Number: numberOf(c.ParagraphId))).Where(x => x.Number is not null).ToList();
        var rows = submitters.Select(s =>
        {
            var paragraphs = live.Where(x => x.Citation.Code == s.Code)
                .GroupBy(x => (x.Citation.ParagraphId, Number: x.Number!.Value))
                .OrderBy(g => g.Key.Number)
                .Select(g => new CoveringParagraph(g.Key.ParagraphId, g.Key.Number, [.. g.Select(x => x.Citation.SourceParagraphId).Distinct().Order(StringComparer.Ordinal)]))
                .ToList();
            return new SubmitterCoverage(s.Code, s.Submitter, s.SubmitterEnglish, paragraphs.Count > 0, paragraphs,
                paragraphs.Count > 0 || codesCitedInGroup.Contains(s.Code));
        }).ToList();
        return new CoverageReport(draftId, rows,
            [.. rows.Where(r => !r.Reflected).Select(r => r.Code)],
            [.. rows.Where(r => !r.ReflectedInGroup).Select(r => r.Code)]);
    }

    /// <summary>The report read in <paramref name="language"/>: submitters' names and cited texts in it; 404 when no document holds it.</summary>
    public static CoverageReport InLanguage(CoverageReport report, IReadOnlyList<GroupSourceDocument> documents, string language)
    {
        SourceLanguageReads.RequireHeldByOne(documents, language);
        var held = documents.Where(d => d.Holds(language)).OrderBy(d => d.Symbol, StringComparer.Ordinal).ToList();
        string? NameOf(string code) => held.Select(d => (Reading: d.In(language), Reply: d.ReplyFor(code)))
            .Where(x => x.Reply is not null).Select(x => x.Reading.SubmitterOf(x.Reply!)).FirstOrDefault(n => n is not null);
        return report with
        {
            Language = language,
            Submitters = [.. report.Submitters.Select(s => s with
            {
                Submitter = NameOf(s.Code),
                Paragraphs = [.. s.Paragraphs.Select(p => p with { Texts = SourceLanguageReads.Texts(documents, language, p.SourceParagraphIds) })],
            })],
        };
    }
}

public sealed record GetCoverage(Guid GroupId, Guid DraftId, string? Language = null) : IQuery<CoverageReport>, IGroupScoped, IInLanguage
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetCoverageValidator : AbstractValidator<GetCoverage>
{
    public GetCoverageValidator() => Include(new InLanguageValidator());
}

public sealed class GetCoverageHandler(IQuerySession session) : IQueryHandler<GetCoverage, CoverageReport>
{
    public async ValueTask<CoverageReport> Handle(GetCoverage query, CancellationToken ct)
    {
        var draft = Draft.InGroup(await session.LoadAsync<Draft>(query.DraftId, ct), query.GroupId);
        var documents = await session.Query<GroupSourceDocument>().Where(d => d.GroupId == query.GroupId).ToListAsync(ct);
        var allCitations = await session.Query<DraftCitations>().Where(c => c.GroupId == query.GroupId).ToListAsync(ct);
        var submitters = documents.OrderBy(d => d.Symbol, StringComparer.Ordinal).SelectMany(d => d.Replies)
            .DistinctBy(r => r.Code).ToList();
        var drafts = allCitations.Count == 0 ? [] : await session.LoadManyAsync<Draft>(ct, allCitations.Select(c => c.DraftId));
        var outlines = drafts.ToDictionary(d => d.Id, DraftOutline.Of);
        var citedInGroup = allCitations
            .SelectMany(c => c.Citations.Where(x => outlines.TryGetValue(c.DraftId, out var o) && o.NumberOf(x.ParagraphId) is not null))
            .Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        var outline = DraftOutline.Of(draft);
        var citations = allCitations.FirstOrDefault(c => c.DraftId == query.DraftId)?.Citations ?? [];
        var report = CoverageRules.Compute(query.DraftId, submitters, citations, outline.NumberOf, citedInGroup);
        return query.Language is { } language ? CoverageRules.InLanguage(report, documents, language) : report;
    }
}
