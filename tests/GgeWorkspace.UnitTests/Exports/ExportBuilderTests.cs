using FluentValidation;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Revisions;
using RedlineSegment = GgeWorkspace.Api.Exports.RedlineSegment;

namespace GgeWorkspace.UnitTests.Exports;

public sealed class ExportBuilderTests
{
    private static readonly Guid GroupId = Guid.Parse("0190c000-0000-7000-8000-000000000001");
    private static readonly Guid DraftId = Guid.Parse("0190c000-0000-7000-8000-000000000002");
    private static readonly Guid Introduction = Guid.Parse("0190c000-0000-7000-8000-000000000003");
    private static readonly Guid P1 = Guid.Parse("0190c000-0000-7000-8000-000000000011");
    private static readonly Guid P2 = Guid.Parse("0190c000-0000-7000-8000-000000000012");
    private static readonly Guid P3 = Guid.Parse("0190c000-0000-7000-8000-000000000013");
    private static readonly Guid AmendmentId = Guid.Parse("0190c000-0000-7000-8000-000000000021");

    /// <summary>A group, its report and what happened to it, as the event store would hand them over.</summary>
    private sealed class Story
    {
        private readonly List<ExportEvent> _events = [];
        private DateTimeOffset _clock = new(2019, 1, 14, 9, 0, 0, TimeSpan.Zero);

        public long Sequence { get; private set; }

        public DateTimeOffset Now => _clock;

        public long Append(Guid stream, object data, string? actor = null, string? actorName = null)
        {
            _clock = _clock.AddHours(1);
            _events.Add(new ExportEvent(++Sequence, _clock, stream, data, actor, actorName));
            return Sequence;
        }

        public DraftHistory History => new(GroupId, DraftId, [.. _events]);

        public RevisionIssued IssueRevision(int number, long? contentSequence = null)
        {
            Draft? draft = null;
            var paragraphs = new Dictionary<Guid, Paragraph>();
            foreach (var e in _events.Where(e => e.Sequence <= (contentSequence ?? Sequence)))
            {
                if (e.StreamId == DraftId) draft = Draft.Evolve(draft, e.Data);
                else if (e.Data is IParagraphEvent && Paragraph.Evolve(paragraphs.GetValueOrDefault(e.StreamId), e.Data) is { } p) paragraphs[e.StreamId] = p;
            }
            var issued = new RevisionIssued(GroupId, DraftId, Guid.NewGuid(), number, RevisionLog.LabelFor(number), _clock.AddMinutes(30), contentSequence ?? Sequence, null,
                RevisionSnapshot.From(draft!, paragraphs));
            Append(RevisionLog.StreamIdFor(DraftId), issued, "demo-chair", "Ingrid Halvorsen");
            return issued;
        }

        public void ChangeText(Guid paragraphId, string from, string to, long baseVersion, string sub, string? state, string name) =>
            Append(paragraphId, new ParagraphTextChanged(GroupId, DraftId, paragraphId, TextOperation.FromDiff(from, to), baseVersion,
                TextChangeKind.Replaced, sub, state, _clock.AddMinutes(59)), sub, name);
    }

    private static Story Report()
    {
        var story = new Story();
        story.Append(GroupId, new GroupCreated(GroupId, "Group of Governmental Experts on nuclear disarmament verification", "A/RES/71/67", "Europe/Zurich"));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-secretariat", "Daniel Okafor", MemberRole.Secretariat, null, ContributionAttribution.Personal));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-chair", null, MemberRole.Chair, "NOR", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-expert-can", "Claire Tremblay", MemberRole.Expert, "CAN", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-expert-chn", "李明 (Li Ming)", MemberRole.Expert, "CHN", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-expert-mex", "Sofía Hernández", MemberRole.Expert, "MEX", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-expert-personal", "Amira Haddad", MemberRole.Expert, "EGY", ContributionAttribution.Personal));
        story.Append(GroupId, new MemberAdded(GroupId, "demo-observer", "Elena Petrova", MemberRole.Observer, null, ContributionAttribution.Personal));

        story.Append(DraftId, new DraftCreated(GroupId, DraftId, "Report of the Group", "GGE/NDV/2019/CRP.1", DraftKind.Report, null), "demo-chair", "Ingrid Halvorsen");
        story.Append(DraftId, new SectionAdded(GroupId, DraftId, Introduction, "Introduction", null, null), "demo-chair", "Ingrid Halvorsen");
        Propose(story, P1, "The Group met in Geneva.", null, "demo-chair", "NOR", "Ingrid Halvorsen");
        Propose(story, P2, "Verification must be effective.", P1, "demo-expert-can", "CAN", "Claire Tremblay");
        return story;
    }

    private static void Propose(Story story, Guid id, string text, Guid? after, string sub, string? state, string name)
    {
        story.Append(id, new ParagraphProposed(GroupId, DraftId, id, text, sub, state, story.Now.AddMinutes(59)), sub, name);
        story.Append(DraftId, new ParagraphPlaced(GroupId, DraftId, id, Introduction, after), sub, name);
    }

    private static ExportDocument Build(Story story, ExportVariant variant, int? revision = null, long? asOf = null, int? against = null) =>
        ExportBuilder.Build(story.History, new ExportRequest(variant, revision, asOf, against)).Document;

    private static IReadOnlyList<ExportParagraph> Paragraphs(ExportDocument document) => [.. document.AllParagraphs()];

    [Fact]
    public void A_revision_exports_the_text_its_snapshot_recorded_dated_when_it_was_issued()
    {
        var story = Report();
        var zero = story.IssueRevision(0);
        story.ChangeText(P1, "The Group met in Geneva.", "The Group met in New York.", 0, "demo-chair", "NOR", "Ingrid Halvorsen");

        var document = Build(story, ExportVariant.Clean, revision: 0);

        Assert.Equal(["The Group met in Geneva.", "Verification must be effective."], Paragraphs(document).Select(p => p.Text));
        Assert.Equal([1, 2], Paragraphs(document).Select(p => p.Number));
        Assert.Equal(zero.IssuedAt, document.Date);
        Assert.Equal(ExportVersion.ZeroDraft, document.Version);
        Assert.Equal(story.History.Events.Single(e => e.Data is DraftCreated).Timestamp, document.CreatedAt);
        Assert.Equal("Group of Governmental Experts on nuclear disarmament verification", document.GroupName);
        Assert.Equal("A/RES/71/67", document.MandateReference);
        Assert.Equal("GGE/NDV/2019/CRP.1", document.ProvisionalSymbol);
    }

    [Fact]
    public void As_of_a_sequence_the_export_shows_the_text_then_and_is_the_same_file_every_time()
    {
        var story = Report();
        var before = story.Sequence;
        story.ChangeText(P1, "The Group met in Geneva.", "The Group met in New York.", 0, "demo-chair", "NOR", "Ingrid Halvorsen");

        var document = Build(story, ExportVariant.Negotiation, asOf: before);

        Assert.Equal("The Group met in Geneva.", Paragraphs(document)[0].Text);
        Assert.Equal(story.History.Events.Single(e => e.Sequence == before).Timestamp, document.Date);
        // 23:00 UTC is midnight in Geneva (the group's Europe/Zurich) in January.
        Assert.Equal(new ExportVersion("Draft as of 15 January 2019 00:00", null, before), document.Version);
        Assert.Equal("15 January 2019", document.LongDate);
        Assert.Equal(before, document.Sequence);
        foreach (var format in DocumentExporter.Formats)
            Assert.Equal(DocumentExporter.Export(document, format).Content, DocumentExporter.Export(Build(story, ExportVariant.Negotiation, asOf: before), format).Content);
    }

    [Fact]
    public void The_draft_now_is_named_after_its_last_revision_and_the_time_of_its_last_change_in_the_group_time_zone()
    {
        var story = Report();
        story.IssueRevision(0);
        Assert.Equal("Zero draft", Build(story, ExportVariant.Clean).Version.Label);

        story.ChangeText(P1, "The Group met in Geneva.", "The Group met in New York.", 0, "demo-chair", "NOR", "Ingrid Halvorsen");
        var changed = Build(story, ExportVariant.Clean);

        // The change is stored at 01:00 UTC on 15 January 2019: 02:00 in Geneva.
        Assert.Equal("Zero draft + changes to 15 January 2019 02:00", changed.Version.Label);
        Assert.Equal(story.Sequence, changed.Sequence);
        foreach (var format in new[] { ExportFormat.Markdown, ExportFormat.Html, ExportFormat.AkomaNtoso })
        {
            var text = System.Text.Encoding.UTF8.GetString(DocumentExporter.Export(changed, format).Content);
            var label = format == ExportFormat.Markdown ? MarkdownExporter.Escape(changed.Version.Label) : changed.Version.Label;
            Assert.Contains(label, text, StringComparison.Ordinal);
            Assert.DoesNotContain("as of sequence", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Now_is_the_state_as_of_the_last_event_so_exporting_as_of_it_gives_the_same_document()
    {
        var story = Report();
        story.ChangeText(P1, "The Group met in Geneva.", "The Group met in New York.", 0, "demo-chair", "NOR", "Ingrid Halvorsen");

        var now = ExportBuilder.Build(story.History, new ExportRequest(ExportVariant.Clean));

        Assert.Equal(story.Sequence, now.Sequence);
        Assert.Equal("The Group met in New York.", Paragraphs(now.Document)[0].Text);
        Assert.Equal(DocumentExporter.Export(now.Document, ExportFormat.Docx).Content,
            DocumentExporter.Export(Build(story, ExportVariant.Clean, asOf: now.Sequence), ExportFormat.Docx).Content);
    }

    [Fact]
    public void The_compilation_attributes_open_amendments_to_States_and_the_Chairs_text_names_no_one()
    {
        var story = Report();
        var amendment = AmendmentId;
        story.Append(amendment, new AmendmentProposed(GroupId, DraftId, amendment, P2, AmendmentKind.ReplaceText, "Verification must be effective and credible.",
            null, 0, "Verification must be effective.", "demo-expert-can", "CAN", story.Now));
        story.Append(amendment, new AmendmentSupported(GroupId, DraftId, amendment, "demo-expert-mex", "MEX", story.Now));
        story.Append(amendment, new AmendmentSupported(GroupId, DraftId, amendment, "demo-expert-personal", null, story.Now));
        story.Append(amendment, new AmendmentObjectedTo(GroupId, DraftId, amendment, "demo-expert-chn", "CHN", "Too vague.", story.Now));

        var compilation = Assert.Single(Paragraphs(Build(story, ExportVariant.Compilation))[1].Proposals);
        Assert.Equal("Proposed by Canada; supported by Mexico, Amira Haddad; objected to by China", compilation.Attribution);
        Assert.Equal("Verification must be effective and credible.", compilation.Text);

        var chairs = Assert.Single(Paragraphs(Build(story, ExportVariant.ChairsText))[1].Proposals);
        Assert.Equal("Verification must be effective and credible.", chairs.Text);
        Assert.Equal("", chairs.ProposedBy);
        Assert.Empty(chairs.SupportedBy);
        Assert.Empty(chairs.ObjectedBy);

        story.Append(amendment, new AmendmentWithdrawn(GroupId, DraftId, amendment, story.Now));
        Assert.Empty(Paragraphs(Build(story, ExportVariant.Compilation))[1].Proposals);
    }

    [Fact]
    public void Reservations_held_at_that_point_become_footnotes_of_their_paragraph()
    {
        var story = Report();
        var positions = ConsensusStreams.PositionsOf(P2);
        story.Append(positions, new PositionStated(GroupId, DraftId, P2, "demo-expert-chn", "CHN", Position.Reservation("China reads this as voluntary."), story.Now));
        var reserved = story.Sequence;
        story.Append(positions, new PositionStated(GroupId, DraftId, P2, "demo-expert-personal", null, Position.Reservation("In a personal capacity."), story.Now));
        story.Append(positions, new PositionStated(GroupId, DraftId, P2, "demo-expert-chn", "CHN", Position.JoinConsensus(), story.Now));

        Assert.Equal([new ExportReservation("China", "China reads this as voluntary.")], Paragraphs(Build(story, ExportVariant.Clean, asOf: reserved))[1].Reservations);
        Assert.Equal([new ExportReservation("Amira Haddad", "In a personal capacity.")], Paragraphs(Build(story, ExportVariant.Clean))[1].Reservations);
    }

    [Fact]
    public void A_revision_exports_everything_up_to_the_event_that_issued_it_and_a_reservation_stated_just_before_is_a_footnote()
    {
        var story = Report();
        var content = story.Sequence;
        story.Append(ConsensusStreams.PositionsOf(P2), new PositionStated(GroupId, DraftId, P2, "demo-expert-chn", "CHN",
            Position.Reservation("China reads this as voluntary."), story.Now), "demo-expert-chn", "李明 (Li Ming)");
        story.IssueRevision(0, content);

        Assert.Equal([new ExportReservation("China", "China reads this as voluntary.")], Paragraphs(Build(story, ExportVariant.Clean, revision: 0))[1].Reservations);
    }

    [Fact]
    public void A_redline_credits_an_Experts_change_to_their_State_the_Chairs_to_the_Chairs_office_and_never_dates_a_change_before_its_base()
    {
        var story = Report();
        var zero = story.IssueRevision(0);
        story.Append(P1, new ParagraphTextChanged(GroupId, DraftId, P1, TextOperation.FromDiff("The Group met in Geneva.", "The Group met in Vienna."), 0,
            TextChangeKind.AmendmentAccepted, "demo-expert-can", "CAN", zero.IssuedAt.AddSeconds(-2)), "demo-chair", "Ingrid Halvorsen");
        story.Append(P2, new ParagraphTextChanged(GroupId, DraftId, P2, TextOperation.FromDiff("Verification must be effective.", "Verification must be credible."), 0,
            TextChangeKind.Replaced, "demo-chair", "NOR", story.Now), "demo-chair", "Ingrid Halvorsen");
        story.IssueRevision(1);

        var paragraphs = Paragraphs(Build(story, ExportVariant.Redline, revision: 1, against: 0));

        var byCanada = paragraphs[0].Change!.Segments.Where(s => s.Kind != SegmentKind.Unchanged).ToList();
        Assert.Equal(["Geneva", "Vienna"], byCanada.Select(s => s.Text));
        Assert.All(byCanada, s => Assert.Equal(("Canada", (DateTimeOffset?)zero.IssuedAt), (s.Author, s.At)));
        Assert.All(paragraphs[1].Change!.Segments.Where(s => s.Kind != SegmentKind.Unchanged), s => Assert.Equal("Chair (Ingrid Halvorsen)", s.Author));
    }

    [Fact]
    public void A_redline_against_the_zero_draft_names_who_inserted_and_deleted_and_when_and_maps_the_numbers()
    {
        var story = Report();
        story.IssueRevision(0);
        story.ChangeText(P1, "The Group met in Geneva.", "The Group met in New York.", 0, "demo-chair", "NOR", "Ingrid Halvorsen");
        var chairAt = ((ParagraphTextChanged)story.History.Events[^1].Data).ChangedAt;
        story.ChangeText(P2, "Verification must be effective.", "Verification must be credible.", 0, "demo-secretariat", null, "Daniel Okafor");
        var secretariatAt = ((ParagraphTextChanged)story.History.Events[^1].Data).ChangedAt;
        Propose(story, P3, "A new first paragraph.", null, "demo-expert-can", "CAN", "Claire Tremblay");
        story.IssueRevision(1);

        var document = Build(story, ExportVariant.Redline, revision: 1, against: 0);

        var paragraphs = Paragraphs(document);
        Assert.Equal([P3, P1, P2], paragraphs.Select(p => p.Id));
        Assert.Equal(ParagraphChangeKind.Added, paragraphs[0].Change!.Kind);
        var p1 = paragraphs[1].Change!;
        Assert.Equal(ParagraphChangeKind.Changed, p1.Kind);
        Assert.Equal(1, p1.PreviousNumber);
        Assert.Contains(new RedlineSegment(SegmentKind.Deleted, "Geneva", "Chair (Ingrid Halvorsen)", chairAt), p1.Segments);
        Assert.Contains(new RedlineSegment(SegmentKind.Inserted, "New York", "Chair (Ingrid Halvorsen)", chairAt), p1.Segments);
        Assert.Contains(new RedlineSegment(SegmentKind.Deleted, "effective", "Secretariat (Daniel Okafor)", secretariatAt), paragraphs[2].Change!.Segments);
        Assert.Equal(ExportVersion.ZeroDraft, document.Against);
        Assert.Equal(
            [new ExportNumberMapping(P3, null, 1), new ExportNumberMapping(P1, 1, 2), new ExportNumberMapping(P2, 2, 3)],
            document.Renumbering);
    }

    [Fact]
    public void A_paragraph_removed_since_the_earlier_revision_shows_as_deleted_where_it_stood()
    {
        var story = Report();
        story.IssueRevision(0);
        story.Append(P1, new ParagraphDeleted(GroupId, DraftId, P1, "Redundant"), "demo-chair", "Ingrid Halvorsen");
        story.Append(DraftId, new ParagraphWithdrawnFromNumbering(GroupId, DraftId, P1), "demo-chair", "Ingrid Halvorsen");

        var paragraphs = Paragraphs(Build(story, ExportVariant.Redline, against: 0));

        Assert.Equal([P1, P2], paragraphs.Select(p => p.Id));
        Assert.Equal(ParagraphStatus.Deleted, paragraphs[0].Status);
        Assert.Null(paragraphs[0].Number);
        Assert.Equal((ParagraphChangeKind.Removed, (int?)1), (paragraphs[0].Change!.Kind, paragraphs[0].Change!.PreviousNumber));
        Assert.Equal("Chair (Ingrid Halvorsen)", paragraphs[0].Change!.By!.Author);
        Assert.All(paragraphs[0].Change!.Segments, s => Assert.Equal("Chair (Ingrid Halvorsen)", s.Author));
        Assert.Equal(1, paragraphs[1].Number);
    }

    [Fact]
    public void A_draft_is_marked_not_final_until_adopted_and_its_workflow_follows_the_events()
    {
        var story = Report();
        story.IssueRevision(0);
        Assert.False(Build(story, ExportVariant.Clean).Adopted);

        story.Append(ConsensusStreams.AdoptionOf(DraftId), new DraftAdopted(GroupId, DraftId, "demo-chair", story.Now, 2), "demo-chair", "Ingrid Halvorsen");
        var adopted = Build(story, ExportVariant.Clean);

        Assert.True(adopted.Adopted);
        Assert.Equal(["Draft created", "Zero draft issued", "Adopted"], adopted.Workflow.Select(s => s.What));
        Assert.All(adopted.Workflow, s => Assert.Equal("demo-chair", s.ActorId));
        Assert.False(Build(story, ExportVariant.Clean, revision: 0).Adopted);
    }

    [Fact]
    public void Participants_are_the_States_contributions_are_attributed_to_and_the_Chair_and_Experts_by_name()
    {
        var document = Build(Report(), ExportVariant.Negotiation);

        // The Expert from Egypt speaks in a personal capacity: Egypt is not a participant.
        Assert.Equal(["CAN", "CHN", "MEX", "NOR"], document.Participants.Where(p => p.Kind == ParticipantKind.State).Select(p => p.Id));
        Assert.Equal("Canada", document.Participants.Single(p => p.Id == "CAN").Name);
        Assert.Equal(
            ["Ingrid Halvorsen", "Claire Tremblay", "李明 (Li Ming)", "Sofía Hernández", "Amira Haddad"],
            document.Participants.Where(p => p.Kind == ParticipantKind.Expert).Select(p => p.Name));
        Assert.DoesNotContain(document.Participants, p => p.Id is "demo-observer" or "demo-secretariat");
    }

    [Fact]
    public void A_Chair_presiding_in_a_personal_capacity_brings_no_State_among_the_participants()
    {
        var story = Report();
        story.Append(GroupId, new MemberNominationChanged(GroupId, "demo-chair", "NOR", ContributionAttribution.Personal));

        var document = Build(story, ExportVariant.Negotiation);

        Assert.Equal(["CAN", "CHN", "MEX"], document.Participants.Where(p => p.Kind == ParticipantKind.State).Select(p => p.Id));
        Assert.Contains(document.Participants, p => p.Kind == ParticipantKind.Expert && p.Id == "demo-chair");
    }

    [Fact]
    public void A_missing_revision_is_not_found_and_a_redline_against_a_later_one_is_refused()
    {
        var story = Report();
        story.IssueRevision(0);
        story.IssueRevision(1);

        Assert.Throws<NotFoundException>(() => Build(story, ExportVariant.Clean, revision: 2));
        Assert.Throws<NotFoundException>(() => Build(story, ExportVariant.Redline, against: 5));
        Assert.Throws<ValidationException>(() => Build(story, ExportVariant.Redline, revision: 0, against: 1));
        Assert.Throws<NotFoundException>(() => Build(story, ExportVariant.Clean, asOf: 3));
    }

    [Theory]
    [InlineData("يؤكد الفريق على أهمية التحقق.", "ar")]
    [InlineData("专家组强调核查的作用。", "zh")]
    [InlineData("Группа подчеркивает роль проверки.", "ru")]
    [InlineData("The Group stresses verification (see 专家组).", null)]
    public void A_paragraph_in_another_script_carries_its_language(string text, string? language) =>
        Assert.Equal(language, ExportBuilder.LanguageOf(text));
}
