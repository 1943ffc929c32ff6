namespace GgeWorkspace.Api.Drafts;

[JsonConverter(typeof(JsonStringEnumConverter<DraftKind>))]
public enum DraftKind
{
    /// <summary>The draft text of one workstream (one task of the group).</summary>
    WorkstreamDraft,

    /// <summary>The consolidated report.</summary>
    Report,
}

/// <summary>A paragraph's place in a section. Withdrawn (deleted) paragraphs keep their place in history but get no number.</summary>
public sealed record PlacedParagraph(Guid ParagraphId, bool IsWithdrawn, Guid? SourceDraftId, Guid? SourceParagraphId)
{
    /// <summary>Its lettered points (a), (b), ... in order; empty in a snapshot written before points existed.</summary>
    public IReadOnlyList<PlacedPoint> Points { get; init; } = [];
}

/// <summary>
/// A point's place in its paragraph (or, for a sub-point, in its point). A point is a paragraph stream of its own; withdrawn
/// (deleted) points keep their place in history but get no letter. Points nest two deep: points, then sub-points.
/// </summary>
public sealed record PlacedPoint(Guid PointId, bool IsWithdrawn)
{
    /// <summary>Its sub-points (i), (ii), ... in order; always empty for a sub-point.</summary>
    public IReadOnlyList<PlacedPoint> SubPoints { get; init; } = [];
}

/// <summary>Where a point sits: its paragraph, its parent point when it is a sub-point, and itself.</summary>
public sealed record PointPlace(PlacedParagraph Paragraph, PlacedPoint? ParentPoint, PlacedPoint Point)
{
    /// <summary>The id of what holds it: its parent point, or its paragraph.</summary>
    public Guid ParentId => ParentPoint?.PointId ?? Paragraph.ParagraphId;

    public bool IsSubPoint => ParentPoint is not null;
}

/// <summary>A section (I., II.) or, with a parent, a sub-section (A., B.). Deleted sections stay in history and get no number.</summary>
public sealed record Section(Guid Id, string Heading, Guid? ParentSectionId, bool IsDeleted, IReadOnlyList<PlacedParagraph> Paragraphs);

public sealed record DraftCreated(Guid GroupId, Guid DraftId, string Title, string? ProvisionalSymbol, DraftKind Kind, Guid? WorkstreamId) : IDraftEvent;

public sealed record DraftRetitled(Guid GroupId, Guid DraftId, string Title, string? ProvisionalSymbol) : IDraftEvent;

/// <summary>A section added among its siblings right after <see cref="AfterSectionId"/>, or first when null.</summary>
public sealed record SectionAdded(Guid GroupId, Guid DraftId, Guid SectionId, string Heading, Guid? ParentSectionId, Guid? AfterSectionId) : IDraftEvent;

public sealed record SectionRetitled(Guid GroupId, Guid DraftId, Guid SectionId, string Heading) : IDraftEvent;

/// <summary>A section moved under <see cref="ParentSectionId"/> (null: top level) right after <see cref="AfterSectionId"/>, or first when null.</summary>
public sealed record SectionMoved(Guid GroupId, Guid DraftId, Guid SectionId, Guid? ParentSectionId, Guid? AfterSectionId) : IDraftEvent;

/// <summary>An empty section was deleted (it held no live paragraphs or sub-sections).</summary>
public sealed record SectionDeleted(Guid GroupId, Guid DraftId, Guid SectionId) : IDraftEvent;

/// <summary>
/// A paragraph placed in a section right after <see cref="AfterParagraphId"/>, or first when null. A paragraph copied
/// from a workstream draft into the report names its source.
/// </summary>
public sealed record ParagraphPlaced(
    Guid GroupId, Guid DraftId, Guid ParagraphId, Guid SectionId, Guid? AfterParagraphId, Guid? SourceDraftId = null, Guid? SourceParagraphId = null)
    : IDraftEvent;

/// <summary>A paragraph moved to a section right after <see cref="AfterParagraphId"/>, or first when null.</summary>
public sealed record ParagraphMoved(Guid GroupId, Guid DraftId, Guid ParagraphId, Guid SectionId, Guid? AfterParagraphId) : IDraftEvent;

/// <summary>
/// A point (a paragraph stream of its own) placed under <see cref="ParentId"/>, a paragraph of the draft or, for a sub-point, one
/// of its points, right after the sibling <see cref="AfterPointId"/>, or first when null.
/// </summary>
public sealed record PointPlaced(Guid GroupId, Guid DraftId, Guid PointId, Guid ParentId, Guid? AfterPointId) : IDraftEvent;

/// <summary>A point moved under <see cref="ParentId"/> (a paragraph, or a point for a sub-point) right after <see cref="AfterPointId"/>, or first when null.</summary>
public sealed record PointMoved(Guid GroupId, Guid DraftId, Guid PointId, Guid ParentId, Guid? AfterPointId) : IDraftEvent;

/// <summary>A deleted paragraph (or point) no longer gets a number; it keeps its place in history.</summary>
public sealed record ParagraphWithdrawnFromNumbering(Guid GroupId, Guid DraftId, Guid ParagraphId) : IDraftEvent;

/// <summary>A restored paragraph (or point) is numbered again, in the place it kept.</summary>
public sealed record ParagraphReturnedToNumbering(Guid GroupId, Guid DraftId, Guid ParagraphId) : IDraftEvent;

/// <summary>The Chair or Secretariat chose the language the draft is written in, while it had no translations.</summary>
public sealed record DraftWorkingLanguageChanged(Guid GroupId, Guid DraftId, string Language) : IDraftEvent;

/// <summary>The draft's first translation into <see cref="Language"/> was started: its working language is fixed from now on.</summary>
public sealed record DraftTranslationLanguageAdded(Guid GroupId, Guid DraftId, string Language) : IDraftEvent;

/// <summary>
/// A draft (one stream per draft): its title, provisional symbol (e.g. "GGE/NDV/2019/CRP.1"), sections and where each paragraph
/// sits. Paragraph and section ids are stable; their numbers are positional (see <see cref="DraftOutline"/>).
/// Sections are kept in one list; siblings (same parent) are in document order within it.
/// </summary>
public sealed record Draft(
    Guid Id, Guid GroupId, string Title, string? ProvisionalSymbol, DraftKind Kind, Guid? WorkstreamId, IReadOnlyList<Section> Sections)
{
    /// <summary>The stream version this snapshot reflects; set by Marten.</summary>
    public long Version { get; set; }

    /// <summary>The language chosen for the working text, or null for the default (<see cref="OfficialLanguages.DefaultWorkingLanguage"/>).</summary>
    public string? ChosenWorkingLanguage { get; init; }

    /// <summary>The language the paragraphs are written in; translations are into the other official languages.</summary>
    [JsonIgnore]
    public string WorkingLanguage => ChosenWorkingLanguage ?? OfficialLanguages.DefaultWorkingLanguage;

    /// <summary>The languages the draft has translations in (at least one paragraph each), in the order they were started.</summary>
    public IReadOnlyList<string> TranslationLanguages { get; init; } = [];

    /// <summary>The draft a route names, only if it is in that group: anything else is 404, no hint.</summary>
    public static Draft InGroup(Draft? draft, Guid groupId) =>
        draft is not null && draft.GroupId == groupId ? draft : throw new NotFoundException("No such draft in this group.");

    /// <summary>Every event type of a draft's stream; <see cref="Evolve"/> applies each.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(DraftCreated), typeof(DraftRetitled), typeof(SectionAdded), typeof(SectionRetitled), typeof(SectionMoved), typeof(SectionDeleted),
        typeof(ParagraphPlaced), typeof(ParagraphMoved), typeof(ParagraphWithdrawnFromNumbering),
        typeof(ParagraphReturnedToNumbering), typeof(DraftWorkingLanguageChanged), typeof(DraftTranslationLanguageAdded),
        typeof(PointPlaced), typeof(PointMoved), typeof(Infrastructure.Events.UnknownStoredEvent),
    ];

    /// <summary>The one way a draft changes by an event: Marten's snapshot, the writers, exports and as-of reads all use it.</summary>
    [JasperFx.Core.JasperFxIgnore] // Marten calls it through EvolveProjection, not as a self-aggregating Evolve.
    public static Draft? Evolve(Draft? state, object e) => (state, e) switch
    {
        (null, DraftCreated x) => From(x),
        // Nothing to change before the stream's first event.
        (null, _) => null,
        (not null, DraftRetitled x) => state.With(x),
        (not null, SectionAdded x) => state.With(x),
        (not null, SectionRetitled x) => state.With(x),
        (not null, SectionMoved x) => state.With(x),
        (not null, SectionDeleted x) => state.With(x),
        (not null, ParagraphPlaced x) => state.With(x),
        (not null, ParagraphMoved x) => state.With(x),
        (not null, ParagraphWithdrawnFromNumbering x) => state.With(x),
        (not null, ParagraphReturnedToNumbering x) => state.With(x),
        (not null, DraftWorkingLanguageChanged x) => state with { ChosenWorkingLanguage = x.Language },
        (not null, DraftTranslationLanguageAdded x) => state with { TranslationLanguages = [.. state.TranslationLanguages.Append(x.Language).Distinct()] },
        (not null, PointPlaced x) => state.With(x),
        (not null, PointMoved x) => state.With(x),
        // A row of a type no process knows changes nothing here; it is recorded as damage of the stream (Events/).
        (not null, Infrastructure.Events.UnknownStoredEvent or DraftCreated) => state,
        _ => throw new Infrastructure.Marten.UnexpectedEventException(typeof(Draft), e),
    };

    /// <summary>A draft's stored event in a replay of history: one that cannot be read answers as damage of the draft's stream, naming it.</summary>
    public static Draft? Replay(Draft? state, Guid streamId, long sequence, object data) =>
        Infrastructure.Events.UnreadableEvents.Of(data) is { } unreadable
            ? throw new Infrastructure.Errors.StreamDamagedException(streamId, sequence, $"{unreadable.Type}: {unreadable.Reason}")
            : Evolve(state, data);

    public static Draft From(DraftCreated e) => new(e.DraftId, e.GroupId, e.Title, e.ProvisionalSymbol, e.Kind, e.WorkstreamId, []);

    public Draft With(DraftRetitled e) => this with { Title = e.Title, ProvisionalSymbol = e.ProvisionalSymbol };

    public Draft With(SectionAdded e) =>
        this with { Sections = InsertSection(Sections, new Section(e.SectionId, e.Heading, e.ParentSectionId, false, []), e.AfterSectionId) };

    public Draft With(SectionRetitled e) => WithSection(e.SectionId, s => s with { Heading = e.Heading });

    public Draft With(SectionMoved e)
    {
        var section = SectionFor(e.SectionId)! with { ParentSectionId = e.ParentSectionId };
        return this with { Sections = InsertSection([.. Sections.Where(s => s.Id != e.SectionId)], section, e.AfterSectionId) };
    }

    public Draft With(SectionDeleted e) => WithSection(e.SectionId, s => s with { IsDeleted = true });

    public Draft With(ParagraphPlaced e) =>
        WithSection(e.SectionId, s => s with
        {
            Paragraphs = InsertParagraph(s.Paragraphs, new PlacedParagraph(e.ParagraphId, false, e.SourceDraftId, e.SourceParagraphId), e.AfterParagraphId),
        });

    public Draft With(ParagraphMoved e)
    {
        var (from, placed) = Find(e.ParagraphId)!.Value;
        return WithSection(from.Id, s => s with { Paragraphs = [.. s.Paragraphs.Where(p => p.ParagraphId != e.ParagraphId)] })
            .WithSection(e.SectionId, s => s with { Paragraphs = InsertParagraph(s.Paragraphs, placed, e.AfterParagraphId) });
    }

    public Draft With(ParagraphWithdrawnFromNumbering e) => Numbered(e.ParagraphId, false);

    public Draft With(ParagraphReturnedToNumbering e) => Numbered(e.ParagraphId, true);

    public Draft With(PointPlaced e) => WithPointUnder(e.ParentId, new PlacedPoint(e.PointId, false), e.AfterPointId);

    public Draft With(PointMoved e)
    {
        var point = FindPoint(e.PointId)!.Point;
        return WithoutPoint(e.PointId).WithPointUnder(e.ParentId, point, e.AfterPointId);
    }

    /// <summary>A paragraph or point withdrawn from numbering (<paramref name="numbered"/> false) or numbered again.</summary>
    private Draft Numbered(Guid id, bool numbered)
    {
        if (Find(id) is var (section, _))
            return WithSection(section.Id, s => s with
            {
                Paragraphs = [.. s.Paragraphs.Select(p => p.ParagraphId == id ? p with { IsWithdrawn = !numbered } : p)],
            });
        var place = FindPoint(id)!;
        return WithPlaced(place.Paragraph.ParagraphId, p => p with { Points = MapPoints(p.Points, x => x.PointId == id ? x with { IsWithdrawn = !numbered } : x) });
    }

    public Section? SectionFor(Guid sectionId) => Sections.FirstOrDefault(s => s.Id == sectionId);

    /// <summary>The live sections under <paramref name="parentSectionId"/> (null: top level), in order.</summary>
    public IEnumerable<Section> SectionsUnder(Guid? parentSectionId) =>
        Sections.Where(s => s.ParentSectionId == parentSectionId && !s.IsDeleted);

    /// <summary>The section holding a paragraph and its placement, or null when it is not in this draft.</summary>
    public (Section Section, PlacedParagraph Placed)? Find(Guid paragraphId)
    {
        foreach (var section in Sections)
            foreach (var placed in section.Paragraphs)
                if (placed.ParagraphId == paragraphId) return (section, placed);
        return null;
    }

    /// <summary>Where a point sits, or null when it is not a point of this draft.</summary>
    public PointPlace? FindPoint(Guid pointId)
    {
        foreach (var section in Sections)
            foreach (var paragraph in section.Paragraphs)
                foreach (var point in paragraph.Points)
                {
                    if (point.PointId == pointId) return new PointPlace(paragraph, null, point);
                    foreach (var sub in point.SubPoints)
                        if (sub.PointId == pointId) return new PointPlace(paragraph, point, sub);
                }
        return null;
    }

    /// <summary>The paragraph a paragraph or point belongs to (itself for a paragraph), or null when it is not in this draft.</summary>
    public Guid? ParagraphOf(Guid id) => Find(id) is not null ? id : FindPoint(id)?.Paragraph.ParagraphId;

    /// <summary>Every point and sub-point of a paragraph (withdrawn ones too), in document order.</summary>
    public IReadOnlyList<Guid> PointsOf(Guid paragraphId) =>
        Find(paragraphId) is var (_, placed) ? [.. placed.Points.SelectMany(p => (IEnumerable<Guid>)[p.PointId, .. p.SubPoints.Select(s => s.PointId)])] : [];

    /// <summary>Every paragraph and point placed in the draft, withdrawn ones too.</summary>
    public IEnumerable<Guid> AllPlacedIds() =>
        Sections.SelectMany(s => s.Paragraphs).SelectMany(p => (IEnumerable<Guid>)[p.ParagraphId, .. PointsOf(p.ParagraphId)]);

    private Draft WithPlaced(Guid paragraphId, Func<PlacedParagraph, PlacedParagraph> change)
    {
        var (section, _) = Find(paragraphId)!.Value;
        return WithSection(section.Id, s => s with { Paragraphs = [.. s.Paragraphs.Select(p => p.ParagraphId == paragraphId ? change(p) : p)] });
    }

    private Draft WithPointUnder(Guid parentId, PlacedPoint point, Guid? afterPointId) =>
        Find(parentId) is not null
            ? WithPlaced(parentId, p => p with { Points = InsertPoint(p.Points, point, afterPointId) })
            : WithPlaced(FindPoint(parentId)!.Paragraph.ParagraphId, p => p with
            {
                Points = MapPoints(p.Points, x => x.PointId == parentId ? x with { SubPoints = InsertPoint(x.SubPoints, point, afterPointId) } : x),
            });

    private Draft WithoutPoint(Guid pointId) =>
        WithPlaced(FindPoint(pointId)!.Paragraph.ParagraphId, p => p with
        {
            Points = [.. p.Points.Where(x => x.PointId != pointId).Select(x => x with { SubPoints = [.. x.SubPoints.Where(s => s.PointId != pointId)] })],
        });

    /// <summary>The points with <paramref name="change"/> applied to each, points and sub-points alike.</summary>
    private static List<PlacedPoint> MapPoints(IReadOnlyList<PlacedPoint> points, Func<PlacedPoint, PlacedPoint> change) =>
        [.. points.Select(p => change(p with { SubPoints = [.. p.SubPoints.Select(change)] }))];

    private static List<PlacedPoint> InsertPoint(IReadOnlyList<PlacedPoint> points, PlacedPoint point, Guid? afterPointId)
    {
        var list = points.ToList();
        list.Insert(afterPointId is { } after ? list.FindIndex(p => p.PointId == after) + 1 : 0, point);
        return list;
    }

    private Draft WithSection(Guid sectionId, Func<Section, Section> change) =>
        this with { Sections = [.. Sections.Select(s => s.Id == sectionId ? change(s) : s)] };

    private static List<Section> InsertSection(IReadOnlyList<Section> sections, Section section, Guid? afterSectionId)
    {
        var list = sections.ToList();
        var index = afterSectionId is { } after
            ? list.FindIndex(s => s.Id == after) + 1
            : list.FindIndex(s => s.ParentSectionId == section.ParentSectionId) is var first and >= 0 ? first : list.Count;
        list.Insert(index, section);
        return list;
    }

    private static List<PlacedParagraph> InsertParagraph(IReadOnlyList<PlacedParagraph> paragraphs, PlacedParagraph placed, Guid? afterParagraphId)
    {
        var list = paragraphs.ToList();
        list.Insert(afterParagraphId is { } after ? list.FindIndex(p => p.ParagraphId == after) + 1 : 0, placed);
        return list;
    }
}
