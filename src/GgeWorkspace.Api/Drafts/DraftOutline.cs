namespace GgeWorkspace.Api.Drafts;

/// <summary>A paragraph with its positional number.</summary>
public sealed record OutlineParagraph(Guid ParagraphId, int Number);

/// <summary>A section with its positional number ("I." or "A."), its own paragraphs and its sub-sections.</summary>
public sealed record OutlineSection(
    Guid SectionId, string Number, string Heading, int Level, IReadOnlyList<OutlineParagraph> Paragraphs, IReadOnlyList<OutlineSection> SubSections);

/// <summary>
/// The numbering of a draft, derived from its structure: sections I., II., ...; sub-sections A., B., ... within each section;
/// paragraphs 1., 2., ... continuously through the whole draft in document order (a section's own paragraphs, then its
/// sub-sections'), skipping withdrawn (deleted) paragraphs and deleted sections. Ids are stable; numbers are positions.
/// </summary>
public sealed record DraftOutline(IReadOnlyList<OutlineSection> Sections, IReadOnlyDictionary<Guid, int> ParagraphNumbers)
{
    /// <summary>The paragraph's number, or null when it is withdrawn or not in the draft.</summary>
    public int? NumberOf(Guid paragraphId) => ParagraphNumbers.TryGetValue(paragraphId, out var n) ? n : null;

    public static DraftOutline Of(Draft draft)
    {
        var numbers = new Dictionary<Guid, int>();

        IReadOnlyList<OutlineParagraph> Number(Section section) =>
        [
            .. section.Paragraphs.Where(p => !p.IsWithdrawn).Select(p =>
            {
                numbers[p.ParagraphId] = numbers.Count + 1;
                return new OutlineParagraph(p.ParagraphId, numbers.Count);
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
        return new DraftOutline(sections, numbers);
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
