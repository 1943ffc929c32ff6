namespace GgeWorkspace.Api.Drafts;

/// <summary>Keeps who-wrote-what in step with the text: runs cover the text exactly, adjacent runs differ in author or time.</summary>
public static class AuthorshipRuns
{
    /// <summary>All of <paramref name="text"/> by one author.</summary>
    public static IReadOnlyList<AuthorshipRun> Initial(string text, string authorSub, string? authorState, DateTimeOffset at)
    {
        var length = CodePoints.Length(text);
        return length == 0 ? [] : [new AuthorshipRun(0, length, authorSub, authorState, at)];
    }

    /// <summary>The runs after <paramref name="operation"/>: retained text keeps its author, inserted text is the given author's.</summary>
    public static IReadOnlyList<AuthorshipRun> Transform(
        IReadOnlyList<AuthorshipRun> runs, TextOperation operation, string authorSub, string? authorState, DateTimeOffset at)
    {
        var result = new List<AuthorshipRun>();
        var index = 0;
        var usedOfRun = 0;

        void Walk(int count, bool keep)
        {
            while (count > 0)
            {
                var run = runs[index];
                var take = Math.Min(count, run.Length - usedOfRun);
                if (keep) result.Add(run with { Length = take });
                usedOfRun += take;
                count -= take;
                if (usedOfRun == run.Length) { index++; usedOfRun = 0; }
            }
        }

        foreach (var component in operation.Components)
        {
            switch (component)
            {
                case TextComponent.Retain r: Walk(r.Count, keep: true); break;
                case TextComponent.Delete d: Walk(d.Count, keep: false); break;
                case TextComponent.Insert i: result.Add(new AuthorshipRun(0, i.Length, authorSub, authorState, at)); break;
            }
        }
        return Normalize(result);
    }

    /// <summary>Drops empty runs, merges neighbours with the same author and time, and recomputes starts.</summary>
    public static IReadOnlyList<AuthorshipRun> Normalize(IEnumerable<AuthorshipRun> runs)
    {
        var result = new List<AuthorshipRun>();
        var start = 0;
        foreach (var run in runs)
        {
            if (run.Length <= 0) continue;
            if (result.Count > 0 && SameAuthorship(result[^1], run))
                result[^1] = result[^1] with { Length = result[^1].Length + run.Length };
            else
                result.Add(run with { Start = start });
            start += run.Length;
        }
        return result;
    }

    /// <summary>True when the runs are contiguous from 0 and cover exactly <paramref name="textLength"/> code points.</summary>
    public static bool Covers(IReadOnlyList<AuthorshipRun> runs, int textLength)
    {
        var at = 0;
        foreach (var run in runs)
        {
            if (run.Start != at || run.Length <= 0) return false;
            at += run.Length;
        }
        return at == textLength;
    }

    private static bool SameAuthorship(AuthorshipRun a, AuthorshipRun b) =>
        a.AuthorSub == b.AuthorSub && a.AuthorState == b.AuthorState && a.At == b.At;
}
