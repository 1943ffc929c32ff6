namespace GgeWorkspace.Text;

public sealed partial class TextOperation
{
    /// <summary>
    /// One operation with the effect of <paramref name="first"/> followed by <paramref name="second"/>: the same algorithm
    /// as ot-text-unicode's <c>compose</c>, run on the operations without their trailing retains.
    /// </summary>
    public static TextOperation Compose(TextOperation first, TextOperation second)
    {
        if (first.TargetLength != second.BaseLength)
            throw Mismatch($"The second operation applies to {second.BaseLength} characters, but the first produces {first.TargetLength}.",
                second.BaseLength, first.TargetLength);

        var result = new Builder();
        var earlier = new Taker(first.components);
        foreach (var c in Trimmed(second.components))
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    for (var length = r.Count; length > 0;)
                    {
                        var taken = earlier.Take(length, keepInsertsWhole: false);
                        result.Add(taken);
                        if (taken is not TextComponent.Delete) length -= taken.Length;
                    }
                    break;
                case TextComponent.Insert i:
                    result.Add(i);
                    break;
                case TextComponent.Delete d:
                    for (var done = 0; done < d.Count;)
                    {
                        switch (earlier.Take(d.Count - done, keepInsertsWhole: false))
                        {
                            case TextComponent.Retain kept:
                                result.Add(new TextComponent.Delete(kept.Count));
                                done += kept.Count;
                                break;
                            case TextComponent.Insert inserted:
                                done += inserted.Length;
                                break;
                            case var deleted:
                                result.Add(deleted);
                                break;
                        }
                    }
                    break;
            }
        }
        while (earlier.TakeWhole() is { } rest) result.Add(rest);
        return result.PaddedTo(first.BaseLength);
    }

    private static ReadOnlySpan<TextComponent> Trimmed(TextComponent[] components) =>
        components.Length > 0 && components[^1] is TextComponent.Retain ? components.AsSpan(0, components.Length - 1) : components;

    /// <summary>
    /// Splits an operation whose inserts exceed <paramref name="maxInserted"/> code points into a first part within the
    /// limit and the rest, which applies after it: Compose(first, rest) equals the operation. Used by clients to keep
    /// each message under the hub's size limit. The cut falls between inserts whenever one fits: an insert cut in two
    /// lets an edit of another member committed between the parts land inside it (at the end of a paragraph, where its
    /// first half ends), so only an insert longer than the limit on its own is ever cut.
    /// </summary>
    public static (TextOperation First, TextOperation? Remainder) Split(TextOperation operation, int maxInserted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInserted, 1);
        if (operation.InsertedLength <= maxInserted) return (operation, null);
        var first = new Builder();
        int baseDone = 0, targetDone = 0, budget = maxInserted;
        for (var i = 0; i < operation.components.Length; i++)
        {
            switch (operation.components[i])
            {
                case TextComponent.Retain r:
                    first.Add(r);
                    baseDone += r.Count;
                    targetDone += r.Count;
                    break;
                case TextComponent.Delete d:
                    first.Add(d);
                    baseDone += d.Count;
                    break;
                case TextComponent.Insert ins when ins.Length <= budget:
                    first.Add(ins);
                    targetDone += ins.Length;
                    budget -= ins.Length;
                    break;
                case TextComponent.Insert ins:
                    // Something is inserted already: cut before this insert rather than inside it.
                    var head = budget < maxInserted ? "" : CodePoints.Slice(ins.Text, 0, budget);
                    var tail = CodePoints.Slice(ins.Text, CodePoints.Length(head), ins.Length - CodePoints.Length(head));
                    if (head.Length > 0) first.Add(new TextComponent.Insert(head));
                    first.Add(new TextComponent.Retain(operation.BaseLength - baseDone));
                    var rest = new Builder();
                    rest.Add(new TextComponent.Retain(targetDone + CodePoints.Length(head)));
                    rest.Add(new TextComponent.Insert(tail));
                    for (var j = i + 1; j < operation.components.Length; j++) rest.Add(operation.components[j]);
                    return (first.Build(), rest.Build());
            }
        }
        return (operation, null);
    }
}
