namespace GgeWorkspace.Api.Drafts;

public sealed record ParagraphView(
    Guid Id, int? Number, string Text, ParagraphStatus Status, IReadOnlyList<Bracket> Brackets, IReadOnlyList<ParagraphOption> Options,
    long TextVersion, long NegotiationVersion, Guid? SourceDraftId, Guid? SourceParagraphId, IReadOnlyList<AuthorshipRun>? Authorship)
{
    /// <summary>Amendments still submitted on this paragraph (in the draft view read now; null elsewhere).</summary>
    public int? OpenAmendments { get; init; }

    /// <summary>Comment threads still open on this paragraph (in the draft view read now; null elsewhere).</summary>
    public int? OpenComments { get; init; }

    /// <summary>
    /// Set when a stored event of this paragraph cannot be read or applied: the draft still answers, the paragraph's text
    /// is the last readable one, and reading, exporting or editing the paragraph itself answers a paragraph-damaged problem.
    /// </summary>
    public ParagraphDamage? Damage { get; init; }

    /// <summary>For a point: the paragraph it belongs to, whose status it shares. Null for a paragraph.</summary>
    public Guid? ParentParagraphId { get; init; }

    /// <summary>For a point: its full label ("5 (a) (ii)"); null for a paragraph, and for a point that is deleted or not numbered.</summary>
    public string? Label { get; init; }

    /// <summary>The paragraph's points (a), (b), ... with their sub-points, in the draft view; null elsewhere and for points.</summary>
    public IReadOnlyList<PointView>? Points { get; init; }

    public static ParagraphView From(Paragraph p, int? number, bool withAuthorship) => new(
        p.Id, number, p.Text, p.Status, p.Brackets, p.Options, p.TextVersion, p.NegotiationVersion,
        p.SourceDraftId, p.SourceParagraphId, withAuthorship ? p.Authorship : null) { Damage = p.Damage, ParentParagraphId = p.ParentParagraphId };

    /// <summary>A paragraph with its number, or a point with its label, as the draft's outline numbers them now.</summary>
    public static ParagraphView In(Paragraph p, DraftOutline? outline, bool withAuthorship) =>
        From(p, outline?.NumberOf(p.Id), withAuthorship) with { Label = outline?.LabelOf(p.Id) };
}

/// <summary>
/// A point (a) or sub-point (i) in the draft view: <see cref="Number"/> is its own ("(a)"), <see cref="Label"/> the full reference
/// ("5 (a) (ii)"). Its status is its paragraph's.
/// </summary>
public sealed record PointView(
    Guid Id, string Number, string Label, string Text, ParagraphStatus Status, IReadOnlyList<Bracket> Brackets, IReadOnlyList<ParagraphOption> Options,
    long TextVersion, long NegotiationVersion, IReadOnlyList<AuthorshipRun>? Authorship, IReadOnlyList<PointView> SubPoints)
{
    public int? OpenAmendments { get; init; }

    public int? OpenComments { get; init; }

    public ParagraphDamage? Damage { get; init; }

    public static IReadOnlyList<PointView> Of(
        IReadOnlyList<OutlinePoint> points, Paragraph paragraph, IReadOnlyDictionary<Guid, Paragraph> paragraphs, bool withAuthorship, OpenItemCounts? counts) =>
    [
        .. points.Where(o => paragraphs.ContainsKey(o.PointId)).Select(o =>
        {
            var p = paragraphs[o.PointId];
            return new PointView(p.Id, o.Number, o.Label, p.Text, paragraph.Status, p.Brackets, p.Options, p.TextVersion, p.NegotiationVersion,
                withAuthorship ? p.Authorship : null, Of(o.SubPoints, paragraph, paragraphs, withAuthorship, counts))
            {
                OpenAmendments = counts?.AmendmentsOn(p.Id),
                OpenComments = counts?.CommentsOn(p.Id),
                Damage = p.Damage,
            };
        }),
    ];
}

public sealed record SectionView(Guid Id, string Number, string Heading, int Level, IReadOnlyList<ParagraphView> Paragraphs, IReadOnlyList<SectionView> SubSections);

/// <summary>
/// A draft as members read it: sections and numbered paragraphs with status, brackets and options.
/// <see cref="Sequence"/> is the global event sequence it reflects; <see cref="AsOf"/> says whether it was read as of an earlier one.
/// <see cref="OpenAmendments"/> and <see cref="OpenComments"/> count submitted amendments and open comment threads on its
/// numbered paragraphs; they describe now, so a read as of an earlier sequence leaves them null.
/// </summary>
public sealed record DraftView(
    Guid Id, Guid GroupId, string Title, string? ProvisionalSymbol, DraftKind Kind, Guid? WorkstreamId, long Version, long Sequence, bool AsOf,
    IReadOnlyList<SectionView> Sections, IReadOnlyList<SectionBracketCount> BracketCounts, IReadOnlyList<ParagraphView>? Deleted,
    int? OpenAmendments = null, int? OpenComments = null)
{
    /// <summary>The language the paragraphs are written in (ISO 639-1).</summary>
    public string WorkingLanguage { get; init; } = OfficialLanguages.DefaultWorkingLanguage;

    /// <summary>The languages the draft has translations in; its working language is fixed while there are any.</summary>
    public IReadOnlyList<string> TranslationLanguages { get; init; } = [];

    public static DraftView From(DraftState state, bool asOf, bool withAuthorship, bool withDeleted, OpenItemCounts? counts = null)
    {
        var (draft, paragraphs, sequence) = state;
        var outline = DraftOutline.Of(draft);

        SectionView Section(OutlineSection s) => new(
            s.SectionId, s.Number, s.Heading, s.Level,
            [.. s.Paragraphs.Where(p => paragraphs.ContainsKey(p.ParagraphId))
                .Select(p => WithCounts(ParagraphView.From(paragraphs[p.ParagraphId], p.Number, withAuthorship), counts) with
                {
                    Points = PointView.Of(p.Points, paragraphs[p.ParagraphId], paragraphs, withAuthorship, counts),
                })],
            [.. s.SubSections.Select(Section)]);

        var deleted = withDeleted
            ? draft.Sections.SelectMany(s => s.Paragraphs).Where(p => p.IsWithdrawn && paragraphs.ContainsKey(p.ParagraphId))
                .Select(p => ParagraphView.From(paragraphs[p.ParagraphId], null, withAuthorship)).ToList()
            : null;
        return new DraftView(draft.Id, draft.GroupId, draft.Title, draft.ProvisionalSymbol, draft.Kind, draft.WorkstreamId, draft.Version,
            sequence, asOf, [.. outline.Sections.Select(Section)], DraftBracketCounts.PerSection(draft, paragraphs), deleted)
        {
            OpenAmendments = counts is null ? null : outline.ParagraphNumbers.Keys.Concat(outline.Points.Keys).Sum(counts.AmendmentsOn),
            OpenComments = counts is null ? null : outline.ParagraphNumbers.Keys.Concat(outline.Points.Keys).Sum(counts.CommentsOn),
            WorkingLanguage = draft.WorkingLanguage,
            TranslationLanguages = draft.TranslationLanguages,
        };
    }

    private static ParagraphView WithCounts(ParagraphView view, OpenItemCounts? counts) =>
        counts is null ? view : view with { OpenAmendments = counts.AmendmentsOn(view.Id), OpenComments = counts.CommentsOn(view.Id) };
}

/// <summary>Submitted amendments and open comment threads per paragraph.</summary>
public sealed record OpenItemCounts(IReadOnlyDictionary<Guid, int> Amendments, IReadOnlyDictionary<Guid, int> Comments)
{
    public int AmendmentsOn(Guid paragraphId) => Amendments.GetValueOrDefault(paragraphId);

    public int CommentsOn(Guid paragraphId) => Comments.GetValueOrDefault(paragraphId);
}

public sealed record DraftSummary(Guid Id, string Title, string? ProvisionalSymbol, DraftKind Kind, Guid? WorkstreamId, long Version);

public sealed record WorkstreamView(Guid Id, string Title, string Mandate, string? Label, Guid DraftId, long Version)
{
    public static WorkstreamView From(Workstream w) => new(w.Id, w.Title, w.Mandate, w.Label, w.DraftId, w.Version);
}
