namespace GgeWorkspace.Api.Revisions;

/// <summary>One change of a token diff: <see cref="DeleteCount"/> tokens of the older text from <see cref="DeleteStart"/> replaced by
/// <see cref="InsertCount"/> tokens of the newer from <see cref="InsertStart"/>.</summary>
public readonly record struct TokenChange(int DeleteStart, int DeleteCount, int InsertStart, int InsertCount);

/// <summary>
/// The fewest tokens deleted and inserted to turn one token list into another (a longest common subsequence), so a token both
/// texts keep in order is never shown as deleted and inserted. Common ends are matched first; the middle is compared in full
/// while it is small enough (up to <see cref="MaxCells"/> token pairs), else by common ends alone.
/// </summary>
public static class TokenDiff
{
    public const int MaxCells = 16_000_000;

    public static IReadOnlyList<TokenChange> Between(IReadOnlyList<string> older, IReadOnlyList<string> newer)
    {
        var prefix = 0;
        while (prefix < older.Count && prefix < newer.Count && older[prefix] == newer[prefix]) prefix++;
        var suffix = 0;
        while (suffix < older.Count - prefix && suffix < newer.Count - prefix && older[older.Count - 1 - suffix] == newer[newer.Count - 1 - suffix]) suffix++;
        int n = older.Count - prefix - suffix, m = newer.Count - prefix - suffix;
        if (n == 0 && m == 0) return [];
        if (n == 0 || m == 0 || (long)n * m > MaxCells) return [new TokenChange(prefix, n, prefix, m)];

        // lengths[i, j]: the longest common subsequence of older[prefix + i ..] and newer[prefix + j ..] (at most 20,000 tokens: fits a ushort).
        var lengths = new ushort[(n + 1) * (m + 1)];
        int At(int i, int j) => i * (m + 1) + j;
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                lengths[At(i, j)] = older[prefix + i] == newer[prefix + j]
                    ? (ushort)(lengths[At(i + 1, j + 1)] + 1)
                    : Math.Max(lengths[At(i + 1, j)], lengths[At(i, j + 1)]);

        var changes = new List<TokenChange>();
        int a = 0, b = 0, deleteFrom = -1, insertFrom = -1;
        void Close()
        {
            if (deleteFrom < 0) return;
            changes.Add(new TokenChange(prefix + deleteFrom, a - deleteFrom, prefix + insertFrom, b - insertFrom));
            deleteFrom = insertFrom = -1;
        }
        while (a < n || b < m)
        {
            if (a < n && b < m && older[prefix + a] == newer[prefix + b] && lengths[At(a, b)] == lengths[At(a + 1, b + 1)] + 1)
            {
                Close();
                a++;
                b++;
                continue;
            }
            if (deleteFrom < 0) (deleteFrom, insertFrom) = (a, b);
            if (a < n && (b == m || lengths[At(a + 1, b)] >= lengths[At(a, b + 1)])) a++;
            else b++;
        }
        Close();
        return Joined(changes, older, newer);
    }

    /// <summary>
    /// Joins two changes kept apart only by tokens a pure deletion (or insertion) could equally have taken from its other end,
    /// so ", credible" deleted from "effective, credible and" is one deletion, not "," and "credible ".
    /// </summary>
    private static List<TokenChange> Joined(List<TokenChange> changes, IReadOnlyList<string> older, IReadOnlyList<string> newer)
    {
        static bool Same(IReadOnlyList<string> tokens, int a, int b, int count)
        {
            for (var k = 0; k < count; k++)
                if (tokens[a + k] != tokens[b + k]) return false;
            return true;
        }

        for (var i = 0; i + 1 < changes.Count;)
        {
            var (a, b) = (changes[i], changes[i + 1]);
            var gap = b.DeleteStart - (a.DeleteStart + a.DeleteCount);
            var joined = (TokenChange?)null;
            if (b.InsertCount == 0 && gap <= b.DeleteCount && Same(older, a.DeleteStart + a.DeleteCount, b.DeleteStart + b.DeleteCount - gap, gap))
                joined = a with { DeleteCount = a.DeleteCount + b.DeleteCount };
            else if (b.DeleteCount == 0 && gap <= b.InsertCount && Same(newer, a.InsertStart + a.InsertCount, b.InsertStart + b.InsertCount - gap, gap))
                joined = a with { InsertCount = a.InsertCount + b.InsertCount };
            else if (a.InsertCount == 0 && gap <= a.DeleteCount && Same(older, a.DeleteStart, a.DeleteStart + a.DeleteCount, gap))
                joined = b with { DeleteStart = b.DeleteStart - a.DeleteCount, DeleteCount = a.DeleteCount + b.DeleteCount };
            else if (a.DeleteCount == 0 && gap <= a.InsertCount && Same(newer, a.InsertStart, a.InsertStart + a.InsertCount, gap))
                joined = b with { InsertStart = b.InsertStart - a.InsertCount, InsertCount = a.InsertCount + b.InsertCount };
            if (joined is { } change)
            {
                changes[i] = change;
                changes.RemoveAt(i + 1);
            }
            else i++;
        }
        return changes;
    }
}
