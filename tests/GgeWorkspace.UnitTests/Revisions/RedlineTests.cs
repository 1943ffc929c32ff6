using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.UnitTests.Drafts;
using static GgeWorkspace.UnitTests.Drafts.Specs;
using static GgeWorkspace.UnitTests.Revisions.RevisionTests;

namespace GgeWorkspace.UnitTests.Revisions;

public sealed class RedlineTests
{
    // From A/72/304 (Chinese), the reply of Argentina.
    private const string Argentina1 = "从这个意义上说，从建设性角度出发，可以把核查重心放在技术方面，便于以后为政治上相互理解奠定基础。";
    private const string Argentina2 = "在联合国框架内设立一个处理核查问题的政府专家小组是可取的，以便能够在联合国机制内优先处理这些问题。";
    private const string Argentina3 = "阿根廷认为，核核查领域内的工作举措与国际社会为推动履行《不扩散核武器条约》第六条产生义务所做的努力是一致和互补的。";

    private static SnapshotParagraph Snapshot(string text, IReadOnlyList<AuthorshipRun>? authorship = null, long textVersion = 0) =>
        new(ParagraphId, 1, Introduction, text, ParagraphStatus.UnderNegotiation, textVersion, [], [], authorship ?? AuthorshipRuns.Initial(text, "unoda", null, Now));

    [Fact]
    public void The_chunker_splits_words_of_spaced_scripts_and_every_ideograph_and_grapheme_cluster_otherwise()
    {
        Assert.Equal(["The", " ", "Group", "'", "s", " ", "report", ","], RedlineChunker.Tokens("The Group's report,"));
        Assert.Equal(["核", "查", "十", "分", "重", "要", "。"], RedlineChunker.Tokens("核查十分重要。"));
        Assert.Equal(["café", " ", "👍🏽", "🇺🇳", " ", "الفريق"], RedlineChunker.Tokens("cafe\u0301 👍🏽🇺🇳 الفريق").Select(t => t.Normalize()));
        Assert.Equal(["2016", " ", "年", " ", "5", " ", "月"], RedlineChunker.Tokens("2016 年 5 月"));
    }

    [Fact]
    public void Words_are_compared_whole_in_english()
    {
        var segments = Redline.TextRedline(Snapshot("The Group welcomed the report."), Snapshot("The Group noted the report."));
        Assert.Equal("The Group [-welcomed-]{+noted+} the report.", Redline.Render(segments));
    }

    [Fact]
    public void Chinese_is_compared_character_by_character()
    {
        var newer = Argentina2.Replace("是可取的", "是必要的");
        var segments = Redline.TextRedline(Snapshot(Argentina2), Snapshot(newer));
        Assert.Equal(Argentina2.Replace("可取", "[-可取-]{+必要+}"), Redline.Render(segments));
    }

    [Fact]
    public void Insertions_are_attributed_to_their_author_from_the_newer_authorship()
    {
        var older = Snapshot(Argentina1);
        var op = TextOperation.FromDiff(Argentina1, Argentina1 + Argentina2);
        var newerRuns = AuthorshipRuns.Transform(older.Authorship, op, "expert-ar", "ARG", Now.AddHours(1));
        var segments = Redline.TextRedline(older, Snapshot(Argentina1 + Argentina2, newerRuns));

        var inserted = segments.Where(s => s.Kind == RedlineSegmentKind.Inserted).ToList();
        Assert.Equal(Argentina2, string.Concat(inserted.Select(s => s.Text)));
        Assert.All(inserted, s => Assert.Equal(("expert-ar", "ARG", (DateTimeOffset?)Now.AddHours(1)), (s.ActorSub, s.ActorState, s.At)));
    }

    [Fact]
    public void Deletions_are_attributed_to_whoever_deleted_them_when_the_changes_between_are_given_and_to_nobody_otherwise()
    {
        var older = Snapshot(Argentina1 + Argentina3, textVersion: 4);
        var change = new ParagraphTextChanged(GroupId, DraftId, ParagraphId, TextOperation.FromDiff(older.Text, Argentina3), 4,
            TextChangeKind.AmendmentAccepted, "expert-cn", "CHN", Now);
        var newer = Snapshot(Argentina3, AuthorshipRuns.Initial(Argentina3, "unoda", null, Now), textVersion: 5);

        var attributed = Redline.TextRedline(older, newer, [change]).Where(s => s.Kind == RedlineSegmentKind.Deleted).ToList();
        Assert.Equal(Argentina1, string.Concat(attributed.Select(s => s.Text)));
        Assert.All(attributed, s => Assert.Equal("expert-cn", s.ActorSub));

        Assert.All(Redline.TextRedline(older, newer).Where(s => s.Kind == RedlineSegmentKind.Deleted), s => Assert.Null(s.ActorSub));
        Assert.All(Redline.TextRedline(older, newer with { TextVersion = 6 }, [change]).Where(s => s.Kind == RedlineSegmentKind.Deleted), s => Assert.Null(s.ActorSub));
    }

    private static ParagraphTextChanged Change(string before, string after, long baseVersion, string sub, string? state, DateTimeOffset at) =>
        new(GroupId, DraftId, ParagraphId, TextOperation.FromDiff(before, after), baseVersion, TextChangeKind.LiveEdit, sub, state, at);

    [Fact]
    public void An_unchanged_phrase_is_never_shown_both_deleted_and_inserted()
    {
        const string older = "Few States take part; capacity-building and dedicated funding would allow broader participation.";
        const string newer = "Few States take part; capacity-building, dedicated funding and the transfer of technical expertise would allow broader participation.";
        var change = Change(older, newer, 0, "mex", "MEX", Now);

        var segments = Redline.TextRedline(Snapshot(older), Snapshot(newer, textVersion: 1), [change]);

        Assert.Equal("Few States take part; capacity-building[- and-]{+,+} dedicated funding{+ and the transfer of technical expertise+} would allow broader participation.",
            Redline.Render(segments));
        Assert.All(segments.Where(s => s.Kind != RedlineSegmentKind.Unchanged), s => Assert.Equal(("mex", "MEX", (DateTimeOffset?)Now), (s.ActorSub, s.ActorState, s.At)));
    }

    [Fact]
    public void A_deleted_phrase_is_one_deletion_not_pieces_around_a_kept_space()
    {
        var segments = Redline.TextRedline(Snapshot("Verification must be effective, credible and non-discriminatory."),
            Snapshot("Verification must be effective and non-discriminatory."));

        Assert.Equal("Verification must be effective[-, credible-] and non-discriminatory.", Redline.Render(segments));
    }

    [Fact]
    public void A_word_changed_by_deleting_one_letter_is_one_whole_word_credited_to_who_deleted_it()
    {
        const string older = "with dedicated funding";
        var edit = Change(older, "with edicated funding", 0, "gbr", "GBR", Now.AddHours(2));

        var segments = Redline.TextRedline(Snapshot(older), Snapshot("with edicated funding", textVersion: 1), [edit]);

        Assert.Equal("with [-dedicated-]{+edicated+} funding", Redline.Render(segments));
        Assert.All(segments.Where(s => s.Kind != RedlineSegmentKind.Unchanged), s => Assert.Equal("gbr", s.ActorSub));
    }

    [Fact]
    public void Each_changed_word_is_credited_to_the_member_whose_change_made_it_final()
    {
        const string older = "Capacity-building would help.";
        const string middle = "Capacity-building and technical expertise would help.";
        const string newer = "Capacity-building and scientific expertise would help.";
        var first = Change(older, middle, 3, "mex", "MEX", Now.AddHours(1));
        var second = Change(middle, newer, 4, "chair", "NOR", Now.AddHours(2));

        var segments = Redline.TextRedline(Snapshot(older, textVersion: 3), Snapshot(newer, textVersion: 5), [second, first]);

        Assert.Equal("Capacity-building {+and +}{+scientific+}{+ expertise +}would help.", Redline.Render(segments));
        var inserted = segments.Where(s => s.Kind == RedlineSegmentKind.Inserted).Select(s => (s.Text, s.ActorSub)).ToList();
        Assert.Equal([("and ", "mex"), ("scientific", "chair"), (" expertise ", "mex")], inserted);
    }

    [Fact]
    public void Attribution_never_splits_a_grapheme_cluster_or_a_word()
    {
        const string older = "Verification e\u0301tudes 👍🏽 work.";
        const string middle = "Verification e\u0301tudes 👍 work.";
        const string newer = "Verification e\u0301tudeX 👍 work.";
        var first = Change(older, middle, 0, "can", "CAN", Now.AddHours(1));
        var second = Change(middle, newer, 1, "chn", "CHN", Now.AddHours(2));

        var segments = Redline.TextRedline(Snapshot(older), Snapshot(newer, textVersion: 2), [first, second]);

        Assert.Equal("Verification [-e\u0301tudes-]{+e\u0301tudeX+} [-👍🏽-]{+👍+} work.", Redline.Render(segments));
        Assert.Equal(["chn", "chn", "can", "can"], segments.Where(s => s.Kind != RedlineSegmentKind.Unchanged).Select(s => s.ActorSub));
    }

    [Fact]
    public void Paragraphs_added_removed_and_moved_are_shown_with_the_map_of_old_numbers_to_new()
    {
        var older = RevisionSnapshot.From(Report((P(1), Introduction), (P(2), Introduction), (P(3), Findings), (P(4), Challenges)),
            Texts((P(1), "One."), (P(2), "Two."), (P(3), Argentina1), (P(4), "Four.")));
        var newer = RevisionSnapshot.From(Report((P(5), Introduction), (P(4), Introduction), (P(1), Introduction), (P(3), Findings)),
            Texts((P(5), "Five."), (P(1), "One."), (P(4), "Four."), (P(3), Argentina1.Replace("技术", "科学技术"))));

        var redline = Redline.Between(older, newer);

        Assert.Equal(
            [(P(5), null, 1, ParagraphRedlineKind.Added, false), (P(4), 4, 2, ParagraphRedlineKind.Unchanged, true),
             (P(1), 1, 3, ParagraphRedlineKind.Unchanged, false), (P(2), 2, null, ParagraphRedlineKind.Removed, false),
             (P(3), 3, 4, ParagraphRedlineKind.Changed, false)],
            redline.Paragraphs.Select(p => (p.ParagraphId, p.OldNumber, p.NewNumber, p.Kind, p.Moved)));
        Assert.Equal(new Dictionary<int, int?> { [1] = 3, [2] = null, [3] = 4, [4] = 2 }, redline.NumberMap);
        Assert.Equal(Argentina1.Replace("技术", "{+科学+}技术"), Redline.Render(redline.Paragraphs[^1].Segments));
    }

    [Property(MaxTest = 300)]
    public Property Applying_a_redlines_changes_to_the_older_text_gives_the_newer_text() =>
        Prop.ForAll(TextOrSeed().SelectMany(_ => Gen.Choose(0, int.MaxValue), (text, seed) => (text, seed)).ToArbitrary(), t =>
        {
            var random = new Random(t.seed);
            var older = t.text;
            var newer = older;
            for (var i = 0; i < 3; i++) newer = TextOperation.Apply(newer, RandomWordEdit(newer, random));
            var paragraph = Redline.Between(
                RevisionSnapshot.From(Report((ParagraphId, Introduction)), new Dictionary<Guid, Paragraph> { [ParagraphId] = RevisionTests.Text(ParagraphId, older) }),
                RevisionSnapshot.From(Report((ParagraphId, Introduction)), new Dictionary<Guid, Paragraph> { [ParagraphId] = RevisionTests.Text(ParagraphId, newer) }))
                .Paragraphs.Single();
            return paragraph.OldText == older && paragraph.NewText == newer
                && TextOperation.Apply(older, paragraph.ToTextOperation()) == newer;
        });

    [Property(MaxTest = 300)]
    public Property Every_change_a_chain_of_edits_leaves_is_credited_to_a_member_who_edited_and_the_texts_rebuild() =>
        Prop.ForAll(TextOrSeed().SelectMany(_ => Gen.Choose(0, int.MaxValue), (text, seed) => (text, seed)).ToArbitrary(), t =>
        {
            var random = new Random(t.seed);
            string[] authors = ["can", "chn", "mex"];
            var text = t.text;
            var changes = new List<IParagraphTextChange>();
            for (var i = 0; i < 4; i++)
            {
                var operation = RandomWordEdit(text, random);
                changes.Add(new ParagraphTextChanged(GroupId, DraftId, ParagraphId, operation, i, TextChangeKind.LiveEdit, authors[i % 3], null, Now.AddMinutes(i)));
                text = TextOperation.Apply(text, operation);
            }

            var segments = Redline.TextRedline(Snapshot(t.text), Snapshot(text, textVersion: 4), changes);
            var changed = segments.Where(s => s.Kind != RedlineSegmentKind.Unchanged).ToList();
            return string.Concat(segments.Where(s => s.Kind != RedlineSegmentKind.Inserted).Select(s => s.Text)) == t.text
                && string.Concat(segments.Where(s => s.Kind != RedlineSegmentKind.Deleted).Select(s => s.Text)) == text
                && changed.All(s => s.ActorSub is not null && authors.Contains(s.ActorSub))
                && segments.All(s => s.Text.Length > 0);
        });

    private static readonly string[] Words = ["verification", " ", "核查", "。", "、", "الفريق", "😀", "👍🏽", "e\u0301", "，", "中", "Rev.1", "\u064E"];

    private static Gen<string> TextOrSeed() => Gen.OneOf(
        TextGen.Text(),
        Gen.ListOf(Gen.Elements(Words)).Select(w => string.Concat(w)),
        Gen.Elements(Argentina1, Argentina2, Argentina3, Argentina1 + " " + Argentina2));

    private static TextOperation RandomWordEdit(string text, Random random)
    {
        var op = TextGen.RandomOperation(text, random);
        return random.Next(2) == 0 ? op : TextOperation.FromDiff(text, TextOperation.Apply(text, op) + Words[random.Next(Words.Length)]);
    }
}
