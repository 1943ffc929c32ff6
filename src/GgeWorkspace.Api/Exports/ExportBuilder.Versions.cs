namespace GgeWorkspace.Api.Exports;

/// <summary>How an export names the version it shows.</summary>
public static partial class ExportBuilder
{
    /// <summary>
    /// The draft as of <paramref name="cutoff"/> named as the Group names it: the last revision issued by then and the time of
    /// the last change to the draft after the content that revision reflects (the group's own events and the revision log are
    /// not changes to the draft).
    /// </summary>
    private static ExportVersion VersionAsOf(DraftHistory history, long cutoff, string timeZone)
    {
        var upTo = history.Events.TakeWhile(e => e.Sequence <= cutoff).ToList();
        var last = upTo.Select(e => e.Data).OfType<RevisionIssued>().Where(r => r.DraftId == history.DraftId).MaxBy(r => r.Number);
        var log = RevisionLog.StreamIdFor(history.DraftId);
        var changes = upTo.Where(e => e.StreamId != history.GroupId && e.StreamId != log && (last is null || e.Sequence > last.GlobalSequence)).ToList();
        return ExportVersion.AsOf(cutoff, last?.Number, changes.Count == 0 ? null : changes.Max(e => e.Timestamp), timeZone);
    }
}
