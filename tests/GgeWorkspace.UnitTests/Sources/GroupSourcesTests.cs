using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Sources;

namespace GgeWorkspace.UnitTests.Sources;

public sealed class GroupSourcesTests
{
    private static readonly Guid GroupId = Guid.CreateVersion7();
    private static readonly DateTimeOffset Now = new(2018, 8, 13, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Text = SourceDocumentReader.EmbeddedText();
    private static readonly SourceDocument Document = SourceDocumentReader.Read(Text);

    private static GroupSourceDocument Imported() =>
        GroupSourceDocument.From(SourceDecisions.Import(GroupId, Document, SourceDecisions.ContentHash(Text), null, Now).Single());

    [Fact]
    public void Importing_into_a_group_stores_every_reply_with_stable_paragraph_ids()
    {
        var stored = Imported();

        Assert.Equal(GroupSourceDocument.StreamIdFor(GroupId, "A/72/304"), stored.Id);
        Assert.Equal(Document.Replies.Select(r => r.Code), stored.Replies.Select(r => r.Code));
        var canada = stored.ReplyFor("can")!;
        Assert.Equal(Document.Replies.Single(r => r.Code == "CAN").Paragraphs.Count(), canada.Paragraphs.Count);
        Assert.Equal("A/72/304:CAN:3", canada.Paragraphs[2].Id);
        Assert.Equal(canada.Paragraphs[2], stored.Find("A/72/304:CAN:3")!.Value.Paragraph);
        Assert.Null(stored.Find("A/72/304:CAN:999"));
    }

    [Fact]
    public void Importing_the_same_text_again_decides_nothing_and_a_changed_text_replaces_the_replies()
    {
        var stored = Imported();

        Assert.Empty(SourceDecisions.Import(GroupId, Document, SourceDecisions.ContentHash(Text), stored, Now.AddDays(1)));
        var changed = Text + "\n";
        Assert.Single(SourceDecisions.Import(GroupId, SourceDocumentReader.Read(changed), SourceDecisions.ContentHash(changed), stored, Now.AddDays(1)));
    }

    [Fact]
    public void Paragraph_ids_do_not_change_when_the_same_text_is_read_again()
    {
        var again = GroupSourceDocument.From(SourceDecisions.Import(GroupId, SourceDocumentReader.Read(Text), "other", null, Now).Single());
        Assert.Equal(Imported().Replies.SelectMany(r => r.Paragraphs).Select(p => p.Id), again.Replies.SelectMany(r => r.Paragraphs).Select(p => p.Id));
    }

    [Fact]
    public void A_paragraph_is_linked_to_a_workstream_once_and_only_a_link_can_be_removed()
    {
        var workstream = Workstream.From(new WorkstreamCreated(GroupId, Guid.CreateVersion7(), "Gap analysis", "Find the gaps.", "gap analysis", Guid.CreateVersion7()));
        var linked = (WorkstreamSourceLinked)Assert.Single(
            WorkstreamSourceDecisions.Link(workstream, "A/72/304:USA:8", "USA", "United States of America", "差距分析", "gap-analysis"));
        workstream = workstream.With(linked);

        Assert.Empty(WorkstreamSourceDecisions.Link(workstream, "A/72/304:USA:8", "USA", "United States of America", "again", null));
        Assert.IsType<WorkstreamSourceUnlinked>(Assert.Single(WorkstreamSourceDecisions.Unlink(workstream, "A/72/304:USA:8")));
        Assert.Empty(WorkstreamSourceDecisions.Unlink(workstream, "A/72/304:USA:9"));
    }

    [Fact]
    public void Default_evidence_is_the_first_sentence_of_the_paragraph()
    {
        Assert.Equal("第一句。", WorkstreamSourceDecisions.FirstSentence("第一句。第二句。"));
        Assert.Equal("No full stop", WorkstreamSourceDecisions.FirstSentence("No full stop"));
    }

    [Fact]
    public void A_paragraph_cites_a_source_once_and_only_a_citation_can_be_removed()
    {
        var stored = Imported();
        var (reply, source) = stored.Find("A/72/304:MEX:2")!.Value;
        var draftId = Guid.CreateVersion7();
        var paragraphId = Guid.CreateVersion7();
        var citations = DraftCitations.Empty(GroupId, draftId);

        var cited = (ParagraphCitedSource)Assert.Single(CitationDecisions.Cite(citations, paragraphId, reply, source));
        Assert.Equal(("MEX", "Mexico"), (cited.Code, cited.SubmitterEnglish));
        citations = citations.With(cited);
        Assert.Empty(CitationDecisions.Cite(citations, paragraphId, reply, source));
        Assert.Single(CitationDecisions.Cite(citations, Guid.CreateVersion7(), reply, source));
        Assert.Empty(CitationDecisions.Remove(citations, paragraphId, "A/72/304:MEX:3"));
        citations = citations.With((ParagraphCitationRemoved)CitationDecisions.Remove(citations, paragraphId, source.Id).Single());
        Assert.Empty(citations.Citations);
    }

    [Fact]
    public void Coverage_counts_live_paragraphs_only_and_lists_submitters_not_reflected()
    {
        var stored = Imported();
        var live = Guid.CreateVersion7();
        var deleted = Guid.CreateVersion7();
        Citation[] citations =
        [
            new(live, "A/72/304:CAN:1", "CAN", "Canada"),
            new(live, "A/72/304:CAN:4", "CAN", "Canada"),
            new(deleted, "A/72/304:MEX:2", "MEX", "Mexico"),
        ];

        var report = CoverageRules.Compute(Guid.CreateVersion7(), stored.Replies, citations, id => id == live ? 4 : null, new HashSet<string> { "CHN" });

        var canada = report.Submitters.Single(s => s.Code == "CAN");
        var paragraph = Assert.Single(canada.Paragraphs);
        Assert.Equal((live, 4), (paragraph.ParagraphId, paragraph.Number));
        Assert.Equal(["A/72/304:CAN:1", "A/72/304:CAN:4"], paragraph.SourceParagraphIds);
        Assert.Contains("MEX", report.NotReflected);
        Assert.Equal(stored.Replies.Count - 1, report.NotReflected.Count);
        Assert.DoesNotContain("CHN", report.NotReflectedInGroup);
        Assert.Equal(stored.Replies.Count - 2, report.NotReflectedInGroup.Count);
    }

    [Fact]
    public void Bracket_markup_gives_the_text_and_the_ranges_in_brackets()
    {
        var (text, brackets) = BracketMarkup.Parse("Agreed [not agreed] and [this].");
        Assert.Equal("Agreed not agreed and this.", text);
        Assert.Equal([(7, 17), (22, 26)], brackets);
        Assert.Throws<ArgumentException>(() => BracketMarkup.Parse("Open [bracket"));
    }
}
