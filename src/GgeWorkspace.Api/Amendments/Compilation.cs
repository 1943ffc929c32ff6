namespace GgeWorkspace.Api.Amendments;

/// <summary>
/// A proposal as shown under its paragraph: "Proposal n" (numbered per paragraph in the order proposed), what it proposes,
/// and, in the compilation only, who proposed, supported and objected to it. In the Chair's text the parties are empty and
/// <see cref="Attribution"/> is null.
/// </summary>
public sealed record CompiledProposal(
    Guid AmendmentId, int Number, string Label, AmendmentKind Kind, string? Text, string? Attribution,
    string? ProposedBy, IReadOnlyList<string> SupportedBy, IReadOnlyList<string> ObjectedToBy);

public sealed record CompiledParagraph(Guid ParagraphId, int Number, string Text, ParagraphStatus Status, IReadOnlyList<CompiledProposal> Proposals);

public sealed record CompiledSection(
    Guid SectionId, string Number, string Heading, int Level, IReadOnlyList<CompiledParagraph> Paragraphs, IReadOnlyList<CompiledSection> SubSections);

/// <summary>The compilation text (with attribution) or the Chair's text (without): the same material, for exporters and the API.</summary>
public sealed record CompilationText(string Title, string? ProvisionalSymbol, bool WithAttribution, IReadOnlyList<CompiledSection> Sections);

public static class Compilation
{
    /// <summary>
    /// Each numbered paragraph of <paramref name="draft"/> with its text and its submitted amendments, attributed:
    /// "Proposed by Canada; supported by Japan, Mexico; objected to by China". A delegation is named by the English name of
    /// the State recorded with its position (see <see cref="StateNames"/>), or, for an Expert whose contributions are
    /// attributed to them alone, by their display name from <paramref name="members"/> (else their sub).
    /// </summary>
    public static CompilationText WithAttribution(
        Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, IEnumerable<Amendment> amendments, IEnumerable<Member> members) =>
        Build(draft, paragraphs, amendments, members, true);

    /// <summary>The Chair's text: the same paragraphs and proposals as the compilation, without attribution.</summary>
    public static CompilationText ChairsText(Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, IEnumerable<Amendment> amendments) =>
        Build(draft, paragraphs, amendments, [], false);

    /// <summary>"Proposed by Canada; supported by Japan, Mexico; objected to by China", leaving out empty parts.</summary>
    public static string AttributionLine(string proposedBy, IReadOnlyList<string> supportedBy, IReadOnlyList<string> objectedToBy)
    {
        var parts = new List<string> { $"Proposed by {proposedBy}" };
        if (supportedBy.Count > 0) parts.Add($"supported by {string.Join(", ", supportedBy)}");
        if (objectedToBy.Count > 0) parts.Add($"objected to by {string.Join(", ", objectedToBy)}");
        return string.Join("; ", parts);
    }

    private static CompilationText Build(
        Draft draft, IReadOnlyDictionary<Guid, Paragraph> paragraphs, IEnumerable<Amendment> amendments, IEnumerable<Member> members, bool attributed)
    {
        var outline = DraftOutline.Of(draft);
        var names = members.ToDictionary(m => m.Sub, m => m.DisplayName ?? m.Sub);
        var open = amendments
            .Where(a => a.State == AmendmentState.Submitted && a.DraftId == draft.Id)
            .OrderBy(a => a.ProposedAt).ThenBy(a => a.Id)
            .ToLookup(a => a.ParagraphId);

        string Party(string sub, string? state) => state is not null ? StateNames.Of(state) : names.GetValueOrDefault(sub, sub);

        CompiledProposal Proposal(Amendment a, int number)
        {
            if (!attributed) return new CompiledProposal(a.Id, number, $"Proposal {number}", a.Kind, a.Text, null, null, [], []);
            var proposedBy = Party(a.ProposerSub, a.ProposerState);
            List<string> supportedBy = [.. a.Supporters.Select(s => Party(s.Sub, s.State))];
            List<string> objectedToBy = [.. a.Objections.Select(o => Party(o.Sub, o.State))];
            return new CompiledProposal(a.Id, number, $"Proposal {number}", a.Kind, a.Text,
                AttributionLine(proposedBy, supportedBy, objectedToBy), proposedBy, supportedBy, objectedToBy);
        }

        CompiledParagraph Paragraph(OutlineParagraph placed)
        {
            var p = paragraphs.TryGetValue(placed.ParagraphId, out var found)
                ? found
                : throw new ArgumentException($"Paragraph {placed.ParagraphId} of the draft is missing.", nameof(paragraphs));
            return new CompiledParagraph(p.Id, placed.Number, p.Text, p.Status, [.. open[p.Id].Select((a, i) => Proposal(a, i + 1))]);
        }

        CompiledSection Section(OutlineSection s) =>
            new(s.SectionId, s.Number, s.Heading, s.Level, [.. s.Paragraphs.Select(Paragraph)], [.. s.SubSections.Select(Section)]);

        return new CompilationText(draft.Title, draft.ProvisionalSymbol, attributed, [.. outline.Sections.Select(Section)]);
    }
}
