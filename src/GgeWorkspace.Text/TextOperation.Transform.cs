namespace GgeWorkspace.Text;

public sealed partial class TextOperation
{
    /// <summary>
    /// Transforms <paramref name="operation"/> against a concurrent <paramref name="other"/> on the same base text, so that
    /// <c>Apply(Apply(s, other), Transform(operation, other, side))</c> equals
    /// <c>Apply(Apply(s, operation), Transform(other, operation, mirrored side))</c>. <paramref name="tieBreak"/> says whose
    /// insert goes first where both insert at the same position. The same algorithm as ot-text-unicode's
    /// <c>transform(operation, other, side)</c>, run on the operations without their trailing retains.
    /// </summary>
    public static TextOperation Transform(TextOperation operation, TextOperation other, TieBreak tieBreak)
    {
        if (operation.BaseLength != other.BaseLength)
            throw Mismatch($"Concurrent operations must apply to the same text: {operation.BaseLength} and {other.BaseLength} characters.",
                operation.BaseLength, other.BaseLength);

        var result = new Builder();
        var mine = new Taker(operation.components);
        foreach (var c in Trimmed(other.components))
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    for (var length = r.Count; length > 0;)
                    {
                        var taken = mine.Take(length, keepInsertsWhole: true);
                        result.Add(taken);
                        if (taken is not TextComponent.Insert) length -= taken.Length;
                    }
                    break;
                case TextComponent.Insert i:
                    if (tieBreak == TieBreak.ThisFirst && mine.Peek is TextComponent.Insert) result.Add(mine.TakeWhole()!);
                    result.Add(new TextComponent.Retain(i.Length));
                    break;
                case TextComponent.Delete d:
                    for (var length = d.Count; length > 0;)
                    {
                        var taken = mine.Take(length, keepInsertsWhole: true);
                        if (taken is TextComponent.Insert) result.Add(taken);
                        else length -= taken.Length;
                    }
                    break;
            }
        }
        while (mine.TakeWhole() is { } rest) result.Add(rest);
        return result.PaddedTo(other.TargetLength);
    }

    /// <summary>Transforms both concurrent operations at once (ot.js style); <paramref name="first"/> wins ties.</summary>
    public static (TextOperation FirstPrime, TextOperation SecondPrime) TransformPair(TextOperation first, TextOperation second) =>
        (Transform(first, second, TieBreak.ThisFirst), Transform(second, first, TieBreak.OtherFirst));

    /// <summary>
    /// Where position <paramref name="index"/> (0..BaseLength) of the base text ends up after <paramref name="operation"/>
    /// (docs/live-editing.md, 3.9). A run of deletes and inserts between two retained code points replaces a range of the
    /// base text; a position at either edge of that range or inside it lands before the inserted text, or after it when
    /// <paramref name="stickToRight"/>. So the answer never depends on the order of the deletes and inserts in the run.
    /// Without <paramref name="stickToRight"/> it is ot-text-unicode's <c>transformPosition</c> for operations that write
    /// each run's deletes before its inserts.
    /// </summary>
    public static int TransformPosition(int index, TextOperation operation, bool stickToRight = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, operation.BaseLength);
        int at = 0, shift = 0;
        for (var i = 0; i < operation.components.Length;)
        {
            if (operation.components[i] is TextComponent.Retain r)
            {
                if (index < at + r.Count) return index + shift;
                at += r.Count;
                i++;
                continue;
            }
            int deleted = 0, inserted = 0;
            for (; i < operation.components.Length && operation.components[i] is not TextComponent.Retain; i++)
            {
                if (operation.components[i] is TextComponent.Delete d) deleted += d.Count;
                else inserted += operation.components[i].Length;
            }
            if (index <= at + deleted) return at + shift + (stickToRight ? inserted : 0);
            at += deleted;
            shift += inserted - deleted;
        }
        return index + shift;
    }
}
