using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Text;
using JasperFx.Events;

namespace GgeWorkspace.UnitTests.Drafts;

public sealed class ParagraphHistoryEntriesTests
{
    private static readonly Guid Group = Guid.CreateVersion7();
    private static readonly Guid Draft = Guid.CreateVersion7();
    private static readonly Guid ParagraphId = Guid.CreateVersion7();

    private static Event<ParagraphTextEdited> Keystroke(long sequence, long baseVersion, string sub) =>
        new Event<ParagraphTextEdited>(new ParagraphTextEdited(Group, Draft, ParagraphId, TextOperation.FromDiff("a", "ab"), baseVersion, sub, null,
            DateTimeOffset.UnixEpoch, $"op-{sequence}"))
        { Sequence = sequence, Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(sequence) };

    private static List<ParagraphHistoryEntry> Read(params IEvent[] newestFirst)
    {
        var entries = new List<ParagraphHistoryEntry>();
        foreach (var e in newestFirst) ParagraphHistoryEntries.Add(entries, e, null);
        return entries;
    }

    [Fact]
    public void Consecutive_live_edits_by_one_member_are_one_edited_text_entry_with_their_version_range()
    {
        var entries = Read(Keystroke(13, 2, "expert"), Keystroke(12, 1, "expert"), Keystroke(11, 0, "expert"));

        var edited = Assert.Single(entries);
        Assert.Equal(ParagraphHistoryEntries.TextEdited, edited.Kind);
        Assert.Equal((3, 0L, 3L, 11L, 13L), (edited.EditCount!.Value, edited.FromTextVersion!.Value, edited.ToTextVersion!.Value, edited.FirstSequence, edited.Sequence));
        Assert.Equal("expert", edited.Member.Sub);
        Assert.Equal(ParagraphId, edited.Concerns.ParagraphId);
    }

    [Fact]
    public void Live_edits_by_another_member_start_another_edited_text_entry()
    {
        var entries = Read(Keystroke(13, 2, "expert"), Keystroke(12, 1, "chair"), Keystroke(11, 0, "expert"));

        Assert.Equal(["expert", "chair", "expert"], entries.Select(e => e.Member.Sub));
        Assert.All(entries, e => Assert.Equal(1, e.EditCount));
    }
}
