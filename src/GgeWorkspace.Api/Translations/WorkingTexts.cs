namespace GgeWorkspace.Api.Translations;

/// <summary>The working text of a paragraph at one of its text versions, as a translation records it.</summary>
public static class WorkingTexts
{
    /// <summary>The text of <paramref name="working"/> at <paramref name="version"/>: the current text, or replayed from its stream (409 beyond it).</summary>
    public static async Task<WorkingSource> AtAsync(IQuerySession session, Paragraph working, long version, CancellationToken ct)
    {
        TranslationDecisions.RequireSourceVersion(working, version);
        if (version == working.TextVersion) return new WorkingSource(version, working.Text);
        Paragraph? replayed = null;
        foreach (var e in await session.Events.FetchStreamAsync(working.Id, token: ct))
        {
            if (replayed is not null && e.Data is IParagraphTextChange changed && changed.BaseTextVersion >= version) break;
            replayed = Paragraph.Replay(replayed, working.Id, e.Sequence, e.Data);
        }
        return new WorkingSource(version, replayed!.Text);
    }
}
