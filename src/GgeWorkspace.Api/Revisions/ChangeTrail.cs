namespace GgeWorkspace.Api.Revisions;

/// <summary>
/// What the text changes between two versions of a paragraph did to each code point: the older text's code points and every
/// one inserted since, in one sequence (deleted ones stay where they stood), each knowing the change that inserted it and the
/// one that deleted it. A redline word is credited from it to the change that made it final: the latest change that inserted
/// or deleted a code point inside the word (or right beside it, for a deletion that left the word changed).
/// </summary>
public sealed class ChangeTrail
{
    private sealed record Cell(int Origin, int InsertedBy, int DeletedBy)
    {
        public bool Alive => DeletedBy < 0;
    }

    private readonly IReadOnlyList<IParagraphTextChange> _chain;
    private readonly List<Cell> _cells;
    private readonly int[] _olderAt;
    private readonly int[] _newerAt;

    private ChangeTrail(IReadOnlyList<IParagraphTextChange> chain, List<Cell> cells, int olderLength)
    {
        _chain = chain;
        _cells = cells;
        _olderAt = new int[olderLength];
        var newer = new List<int>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Origin >= 0) _olderAt[cells[i].Origin] = i;
            if (cells[i].Alive) newer.Add(i);
        }
        _newerAt = [.. newer];
    }

    /// <summary>
    /// Replays <paramref name="changes"/> from <paramref name="before"/>'s text version to <paramref name="after"/>'s; null when
    /// they do not form that unbroken chain (then nobody can be credited from them).
    /// </summary>
    public static ChangeTrail? Of(SnapshotParagraph before, SnapshotParagraph after, IReadOnlyList<IParagraphTextChange> changes)
    {
        var chain = changes
            .Where(c => c.BaseTextVersion >= before.TextVersion && c.BaseTextVersion < after.TextVersion)
            .OrderBy(c => c.BaseTextVersion)
            .ToList();
        if (chain.Count != after.TextVersion - before.TextVersion || chain.Where((c, i) => c.BaseTextVersion != before.TextVersion + i).Any())
            return null;

        var olderLength = CodePoints.Length(before.Text);
        var cells = Enumerable.Range(0, olderLength).Select(i => new Cell(i, -1, -1)).ToList();
        var alive = olderLength;
        for (var index = 0; index < chain.Count; index++)
        {
            var operation = chain[index].Operation;
            if (operation.BaseLength != alive) return null;
            var next = new List<Cell>(cells.Count + operation.TargetLength - operation.BaseLength + 8);
            var at = 0;

            void Walk(int count, bool delete)
            {
                while (count > 0)
                {
                    var cell = cells[at++];
                    if (!cell.Alive) { next.Add(cell); continue; }
                    next.Add(delete ? cell with { DeletedBy = index } : cell);
                    count--;
                }
            }

            foreach (var component in operation.Components)
            {
                switch (component)
                {
                    case TextComponent.Retain r: Walk(r.Count, delete: false); break;
                    case TextComponent.Delete d: Walk(d.Count, delete: true); alive -= d.Count; break;
                    case TextComponent.Insert i:
                        for (var k = 0; k < i.Length; k++) next.Add(new Cell(-1, index, -1));
                        alive += i.Length;
                        break;
                }
            }
            while (at < cells.Count) next.Add(cells[at++]);
            cells = next;
        }
        return alive == CodePoints.Length(after.Text) ? new ChangeTrail(chain, cells, olderLength) : null;
    }

    /// <summary>The change that made the newer text's code points [<paramref name="start"/>, <paramref name="end"/>) what they are; null when none touched them.</summary>
    public IParagraphTextChange? InsertedCredit(int start, int end)
    {
        if (end <= start) return null;
        var (from, to) = (_newerAt[start], _newerAt[end - 1]);
        return Latest(from, to) ?? Latest(Widened(from, to)) ?? (_chain.Count > 0 ? _chain[^1] : null);
    }

    /// <summary>
    /// The change that deleted the older text's code points [<paramref name="start"/>, <paramref name="end"/>) as a word: the latest
    /// that deleted any of them, else the latest that changed the word around its letters.
    /// </summary>
    public IParagraphTextChange? DeletedCredit(int start, int end)
    {
        if (end <= start) return null;
        var latest = -1;
        for (var i = start; i < end; i++) latest = Math.Max(latest, _cells[_olderAt[i]].DeletedBy);
        if (latest >= 0) return _chain[latest];
        // Every letter is still there, but no longer as this word (text was inserted into it, or it was cut from its neighbours).
        var (from, to) = (_olderAt[start], _olderAt[end - 1]);
        return Latest(from, to) ?? Latest(Widened(from, to)) ?? (_chain.Count > 0 ? _chain[^1] : null);
    }

    /// <summary>The range widened over deleted code points right beside it: a deletion at a word's edge changed that word.</summary>
    private (int From, int To) Widened(int from, int to)
    {
        while (from > 0 && !_cells[from - 1].Alive) from--;
        while (to < _cells.Count - 1 && !_cells[to + 1].Alive) to++;
        return (from, to);
    }

    private IParagraphTextChange? Latest((int From, int To) range) => Latest(range.From, range.To);

    private IParagraphTextChange? Latest(int from, int to)
    {
        var latest = -1;
        for (var i = from; i <= to; i++) latest = Math.Max(latest, Math.Max(_cells[i].InsertedBy, _cells[i].DeletedBy));
        return latest >= 0 ? _chain[latest] : null;
    }
}
