namespace GgeWorkspace.Api.Amendments;

/// <summary>The outcome of a three-way merge: the merged text, or a conflict.</summary>
public abstract record MergeResult
{
    private MergeResult() { }

    /// <summary>
    /// Both changes fit together. <see cref="OperationOnCurrent"/> turns the current text into <see cref="Text"/>: it is what
    /// the paragraph's sequencer applies, so the current text's authorship and brackets survive.
    /// </summary>
    public sealed record Merged(string Text, TextOperation OperationOnCurrent) : MergeResult;

    /// <summary>The changes overlap: the three texts, for the people to reconcile.</summary>
    public sealed record Conflict(string BaseText, string CurrentText, string ProposedText) : MergeResult;
}

/// <summary>
/// Three-way merge of paragraph text in code points: the change from base to current and the change from base to
/// proposed are each taken as a character diff (<see cref="TextOperation.FromDiff"/>) and split into edits, an edit being
/// the base range [Start, End) it removes and the text it puts there.
/// <para>
/// Two edits conflict when their base ranges overlap or touch: sharing a character, one ending where the other begins, or
/// both inserting at the same point. Touching edits conflict because the order of the two new texts at that point, or
/// whether an insertion next to a deletion still makes sense, is a guess; a merge must never be silently wrong. The same
/// edit made on both sides is taken once. Otherwise the proposed change is transformed over the current one and applied.
/// </para>
/// </summary>
public static class TextMerge
{
    /// <summary>A change to the base text: remove [<see cref="Start"/>, <see cref="End"/>) and put <see cref="Text"/> there.</summary>
    public sealed record Edit(int Start, int End, string Text);

    public static MergeResult Merge(string baseText, string currentText, string proposedText)
    {
        var current = TextOperation.FromDiff(baseText, currentText);
        var proposed = TextOperation.FromDiff(baseText, proposedText);
        var currentEdits = EditsOf(current);
        var proposedEdits = EditsOf(proposed);

        var remaining = new List<Edit>();
        foreach (var edit in proposedEdits)
        {
            if (currentEdits.Contains(edit)) continue;
            if (currentEdits.Any(other => Touch(edit, other))) return new MergeResult.Conflict(baseText, currentText, proposedText);
            remaining.Add(edit);
        }

        var onCurrent = TextOperation.Transform(FromEdits(CodePoints.Length(baseText), remaining), current, TieBreak.OtherFirst);
        return new MergeResult.Merged(TextOperation.Apply(currentText, onCurrent), onCurrent);
    }

    /// <summary>The edits of <paramref name="operation"/> in base positions, in order; each is a maximal run of inserts and deletes.</summary>
    public static IReadOnlyList<Edit> EditsOf(TextOperation operation)
    {
        var edits = new List<Edit>();
        var at = 0;
        Edit? open = null;
        foreach (var component in operation.Components)
        {
            switch (component)
            {
                case TextComponent.Retain r:
                    if (open is not null) edits.Add(open);
                    open = null;
                    at += r.Count;
                    break;
                case TextComponent.Insert i:
                    open = open is null ? new Edit(at, at, i.Text) : open with { Text = open.Text + i.Text };
                    break;
                case TextComponent.Delete d:
                    open = open is null ? new Edit(at, at + d.Count, "") : open with { End = open.End + d.Count };
                    at += d.Count;
                    break;
            }
        }
        if (open is not null) edits.Add(open);
        return edits;
    }

    /// <summary>The operation on a base text of <paramref name="baseLength"/> code points made of the given ordered, disjoint edits.</summary>
    public static TextOperation FromEdits(int baseLength, IEnumerable<Edit> edits)
    {
        var components = new List<TextComponent>();
        var at = 0;
        foreach (var edit in edits)
        {
            components.Add(new TextComponent.Retain(edit.Start - at));
            components.Add(new TextComponent.Insert(edit.Text));
            components.Add(new TextComponent.Delete(edit.End - edit.Start));
            at = edit.End;
        }
        components.Add(new TextComponent.Retain(baseLength - at));
        return TextOperation.Of(components);
    }

    private static bool Touch(Edit a, Edit b) => a.Start <= b.End && b.Start <= a.End;
}
