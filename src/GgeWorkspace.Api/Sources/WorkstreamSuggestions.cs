using System.Reflection;
using System.Text.RegularExpressions;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// A task the replies suggest for the group, kept as data (Data/workstream-rules.json): its key, English title,
/// the label the proposer gives it ("(a)", "gap analysis"), who proposed it, the mandate, and the Chinese
/// patterns (regular expressions) whose match in a sentence of a reply paragraph counts as suggesting it.
/// </summary>
public sealed record WorkstreamRule(string Key, string Title, string Label, string ProposedBy, string Mandate, IReadOnlyList<string> Patterns);

/// <summary>A reply paragraph that suggests a workstream, with the sentence that does so.</summary>
public sealed record WorkstreamEvidence(string Code, string Submitter, int Ordinal, string Sentence);

public sealed record SuggestedWorkstream(WorkstreamRule Rule, IReadOnlyList<WorkstreamEvidence> Evidence);

/// <summary>Matches the workstream rules on the text of the replies' paragraphs, never on line numbers.</summary>
public static partial class WorkstreamSuggestions
{
    public const string EmbeddedResourceName = "sources/workstream-rules.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<WorkstreamRule> EmbeddedRules()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The resource {EmbeddedResourceName} is missing from the assembly.");
        return JsonSerializer.Deserialize<List<WorkstreamRule>>(stream, Json)
            ?? throw new InvalidOperationException($"The resource {EmbeddedResourceName} holds no rules.");
    }

    public static IReadOnlyList<SuggestedWorkstream> Suggest(SourceDocument document, IReadOnlyList<WorkstreamRule> rules) =>
        [.. rules.Select(rule => new SuggestedWorkstream(rule, EvidenceIn(document, rule)))];

    private static List<WorkstreamEvidence> EvidenceIn(SourceDocument document, WorkstreamRule rule) =>
        [.. from reply in document.Replies
            from paragraph in reply.Paragraphs
            let sentence = Evidence(rule, paragraph.Text)
            where sentence is not null
            select new WorkstreamEvidence(reply.Code, reply.Submitter, paragraph.Ordinal, sentence)];

    /// <summary>The first sentence of the text that matches one of the rule's patterns, or null.</summary>
    public static string? Evidence(WorkstreamRule rule, string text)
    {
        var patterns = rule.Patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToList();
        return SentenceEnd().Split(text)
            .Select(s => s.Trim())
            .FirstOrDefault(s => s.Length > 0 && patterns.Any(p => p.IsMatch(s)));
    }

    [GeneratedRegex(@"(?<=[。！？；])")]
    private static partial Regex SentenceEnd();
}
