namespace GgeWorkspace.Api.Drafts;

/// <summary>A paragraph with its positional number and its numbered points.</summary>
public sealed record OutlineParagraph(Guid ParagraphId, int Number)
{
    public IReadOnlyList<OutlinePoint> Points { get; init; } = [];
}

/// <summary>
/// A point with its positional number: "(a)" for a point, "(i)" for a sub-point; <see cref="Label"/> is the full reference
/// ("5 (a) (ii)"), <see cref="Path"/> the numbers from the paragraph down ("a", "ii"), and <see cref="ParagraphId"/> the paragraph it belongs to.
/// </summary>
public sealed record OutlinePoint(Guid PointId, Guid ParagraphId, string Number, string Label, IReadOnlyList<string> Path, IReadOnlyList<OutlinePoint> SubPoints);

/// <summary>A section with its positional number ("I." or "A."), its own paragraphs and its sub-sections.</summary>
public sealed record OutlineSection(
    Guid SectionId, string Number, string Heading, int Level, IReadOnlyList<OutlineParagraph> Paragraphs, IReadOnlyList<OutlineSection> SubSections);

/// <summary>
/// The numbering of a draft, derived from its structure: sections I., II., ...; sub-sections A., B., ... within each section;
/// paragraphs 1., 2., ... continuously through the whole draft in document order (a section's own paragraphs, then its
/// sub-sections'), skipping withdrawn (deleted) paragraphs and deleted sections. Within a paragraph, points are lettered
/// (a), (b), ... (z), (aa) and sub-points numbered (i), (ii), ... in roman numerals, skipping withdrawn points. Ids are
/// stable; numbers are positions.
/// </summary>
public sealed record DraftOutline(IReadOnlyList<OutlineSection> Sections, IReadOnlyDictionary<Guid, int> ParagraphNumbers)
{
    /// <summary>Every numbered point and sub-point by its id.</summary>
    public IReadOnlyDictionary<Guid, OutlinePoint> Points { get; init; } = new Dictionary<Guid, OutlinePoint>();

    /// <summary>The paragraph's number, or null when it is withdrawn or not in the draft.</summary>
    public int? NumberOf(Guid paragraphId) => ParagraphNumbers.TryGetValue(paragraphId, out var n) ? n : null;

    /// <summary>The point's full label ("5 (a) (ii)"), or null when it (or its paragraph) is withdrawn or not in the draft.</summary>
    public string? LabelOf(Guid pointId) => Points.TryGetValue(pointId, out var point) ? point.Label : null;

    /// <summary>A paragraph's number ("5") or a point's label ("5 (a)"), or null when it is not numbered.</summary>
    public string? ReferenceOf(Guid id) => NumberOf(id) is { } n ? n.ToString(CultureInfo.InvariantCulture) : LabelOf(id);

    public static DraftOutline Of(Draft draft)
    {
        var numbers = new Dictionary<Guid, int>();
        var points = new Dictionary<Guid, OutlinePoint>();

        IReadOnlyList<OutlinePoint> NumberPoints(Guid paragraphId, IReadOnlyList<PlacedPoint> placed, string parentLabel, IReadOnlyList<string> parentPath, bool sub) =>
        [
            .. placed.Where(p => !p.IsWithdrawn).Select((p, i) =>
            {
                var own = sub ? Roman(i + 1).ToLowerInvariant() : Letters(i + 1).ToLowerInvariant();
                var label = $"{parentLabel} ({own})";
                IReadOnlyList<string> path = [.. parentPath, own];
                var point = new OutlinePoint(p.PointId, paragraphId, $"({own})", label, path,
                    sub ? [] : NumberPoints(paragraphId, p.SubPoints, label, path, true));
                points[p.PointId] = point;
                return point;
            }),
        ];

        IReadOnlyList<OutlineParagraph> Number(Section section) =>
        [
            .. section.Paragraphs.Where(p => !p.IsWithdrawn).Select(p =>
            {
                numbers[p.ParagraphId] = numbers.Count + 1;
                var number = numbers.Count;
                return new OutlineParagraph(p.ParagraphId, number)
                {
                    Points = NumberPoints(p.ParagraphId, p.Points, number.ToString(CultureInfo.InvariantCulture), [], false),
                };
            }),
        ];

        var sections = new List<OutlineSection>();
        foreach (var (section, i) in draft.SectionsUnder(null).Select((s, i) => (s, i)))
        {
            var own = Number(section);
            var subSections = draft.SectionsUnder(section.Id)
                .Select((sub, j) => new OutlineSection(sub.Id, $"{Letters(j + 1)}.", sub.Heading, 2, Number(sub), []))
                .ToList();
            sections.Add(new OutlineSection(section.Id, $"{Roman(i + 1)}.", section.Heading, 1, own, subSections));
        }
        return new DraftOutline(sections, numbers) { Points = points };
    }

    /// <summary>1 -> I, 4 -> IV, 1994 -> MCMXCIV.</summary>
    public static string Roman(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        (int Value, string Numeral)[] table =
            [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var result = new StringBuilder();
        foreach (var (value, numeral) in table)
            for (; number >= value; number -= value) result.Append(numeral);
        return result.ToString();
    }

    /// <summary>1 -> A, 26 -> Z, 27 -> AA.</summary>
    public static string Letters(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var result = new StringBuilder();
        for (; number > 0; number = (number - 1) / 26) result.Insert(0, (char)('A' + (number - 1) % 26));
        return result.ToString();
    }
}

/// <summary>How many brackets a section holds: in its own paragraphs, and including its sub-sections.</summary>
public sealed record SectionBracketCount(Guid SectionId, string Number, int Brackets, int BracketedParagraphs, int BracketsIncludingSubSections);

public static class DraftBracketCounts
{
    /// <summary>Bracket counts for every numbered section, in document order; deleted paragraphs do not count.</summary>
    public static IReadOnlyList<SectionBracketCount> PerSection(Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs)
    {
        var outline = DraftOutline.Of(draft);
        var result = new List<SectionBracketCount>();

        (int Brackets, int Bracketed) Own(OutlineSection section)
        {
            var counts = section.Paragraphs
                .Select(p => paragraphs.TryGetValue(p.ParagraphId, out var paragraph) && !paragraph.IsDeleted ? paragraph.Brackets.Count : 0)
                .ToList();
            return (counts.Sum(), counts.Count(c => c > 0));
        }

        foreach (var section in outline.Sections)
        {
            var own = Own(section);
            var subs = section.SubSections.Select(sub => (Section: sub, Counts: Own(sub))).ToList();
            result.Add(new SectionBracketCount(section.SectionId, section.Number, own.Brackets, own.Bracketed,
                own.Brackets + subs.Sum(s => s.Counts.Brackets)));
            result.AddRange(subs.Select(s => new SectionBracketCount(s.Section.SectionId, s.Section.Number, s.Counts.Brackets, s.Counts.Bracketed, s.Counts.Brackets)));
        }
        return result;
    }
}
