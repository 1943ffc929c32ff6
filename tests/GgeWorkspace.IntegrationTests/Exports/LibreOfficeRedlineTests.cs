using System.Diagnostics;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.Exports;

/// <summary>
/// A redline judged by a tool this product did not write: LibreOffice opens the DOCX, applies its own Accept All and Reject
/// All, and the text it saves must be, paragraph by paragraph with tabs, the clean export of the newer and of the older version.
/// </summary>
public sealed class LibreOfficeRedlineTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static readonly Guid GroupId = Guid.Parse("0190d000-0000-7000-8000-000000000001");
    private static readonly Guid DraftId = Guid.Parse("0190d000-0000-7000-8000-000000000002");
    private static readonly Guid[] S = [.. Enumerable.Range(1, 5).Select(i => Guid.Parse($"0190d000-0000-7000-8000-0000000001{i:D2}"))];
    private static readonly Guid[] P = [.. Enumerable.Range(1, 9).Select(i => Guid.Parse($"0190d000-0000-7000-8000-0000000002{i:D2}"))];
    private const string Arabic = "يؤكد الفريق على أهمية التحقق في نزع السلاح النووي.";
    private const string Chinese = "专家组强调核查在核裁军中的作用，并注意到技术挑战。";
    private const string Capacity = "Few States take part at present; capacity-building and dedicated funding would allow broader participation.";

    /// <summary>A group and its report as the event store hands them to an export: every event with who made it and as what.</summary>
    private sealed class Story
    {
        private readonly List<ExportEvent> _events = [];
        private readonly Dictionary<Guid, (string Text, long Version)> _texts = [];
        private DateTimeOffset _clock = new(2019, 1, 14, 9, 0, 0, TimeSpan.Zero);

        public DraftHistory History => new(GroupId, DraftId, [.. _events]);

        public void Append(Guid stream, object data, string? sub = null, MemberRole? role = null, string? state = null)
        {
            _clock = _clock.AddMinutes(7);
            _events.Add(new ExportEvent(_events.Count + 1, _clock, stream, data, sub, null, role?.ToString(), state));
        }

        public void Propose(Guid id, Guid section, string text, Guid? after, string sub, MemberRole role, string? state)
        {
            Append(id, new ParagraphProposed(GroupId, DraftId, id, text, sub, state, _clock), sub, role, state);
            Append(DraftId, new ParagraphPlaced(GroupId, DraftId, id, section, after), sub, role, state);
            _texts[id] = (text, 0);
        }

        public void Change(Guid id, string from, string to, string sub, MemberRole role, string? state)
        {
            var (text, version) = _texts[id];
            Append(id, new ParagraphTextChanged(GroupId, DraftId, id, TextOperation.FromDiff(text, text.Replace(from, to, StringComparison.Ordinal)), version,
                TextChangeKind.Replaced, sub, state, _clock.AddMinutes(7)), sub, role, state);
            _texts[id] = (text.Replace(from, to, StringComparison.Ordinal), version + 1);
        }

        public void Issue(int number)
        {
            Draft? draft = null;
            var paragraphs = new Dictionary<Guid, Paragraph>();
            foreach (var e in _events)
            {
                if (e.StreamId == DraftId) draft = Draft.Evolve(draft, e.Data);
                else if (e.Data is IParagraphEvent && e.StreamId != GroupId && Paragraph.Evolve(paragraphs.GetValueOrDefault(e.StreamId), e.Data) is { } p)
                    paragraphs[e.StreamId] = p;
            }
            var placed = draft! with
            {
                Sections = [.. draft.Sections.Select(s => s with { Paragraphs = [.. s.Paragraphs.Where(x => paragraphs.ContainsKey(x.ParagraphId))] })],
            };
            Append(RevisionLog.StreamIdFor(DraftId), new RevisionIssued(GroupId, DraftId, Guid.NewGuid(), number, RevisionLog.LabelFor(number),
                _clock.AddMinutes(7), _events.Count, null, RevisionSnapshot.From(placed, paragraphs)), "chair", MemberRole.Chair, "NOR");
        }
    }

    /// <summary>A report changed in every way between its zero draft and Rev.1, by the Chair, Experts and the Secretariat.</summary>
    private static Story EveryKindOfChange()
    {
        var story = new Story();
        story.Append(GroupId, new GroupCreated(GroupId, "Group of Governmental Experts on nuclear disarmament verification", "A/RES/71/67", "Europe/Zurich"));
        story.Append(GroupId, new MemberAdded(GroupId, "secretariat", "Daniel Okafor", MemberRole.Secretariat, null, ContributionAttribution.Personal));
        story.Append(GroupId, new MemberAdded(GroupId, "chair", "Ingrid Halvorsen", MemberRole.Chair, "NOR", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "can", "Claire Tremblay", MemberRole.Expert, "CAN", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "chn", "Li Ming", MemberRole.Expert, "CHN", ContributionAttribution.NominatingState));
        story.Append(GroupId, new MemberAdded(GroupId, "mex", "Sofía Hernández", MemberRole.Expert, "MEX", ContributionAttribution.NominatingState));
        const MemberRole chair = MemberRole.Chair, expert = MemberRole.Expert;

        story.Append(DraftId, new DraftCreated(GroupId, DraftId, "Report of the Group", "GGE/NDV/2019/CRP.1", DraftKind.Report, null), "chair", chair, "NOR");
        string[] headings = ["Introduction", "Findings", "Earlier work", "Conclusions"];
        for (var i = 0; i < headings.Length; i++)
            story.Append(DraftId, new SectionAdded(GroupId, DraftId, S[i], headings[i], null, i == 0 ? null : S[i - 1]), "chair", chair, "NOR");
        story.Propose(P[0], S[0], "The Group met in Geneva in 2018.", null, "chair", chair, "NOR");
        story.Propose(P[1], S[0], Arabic, P[0], "chair", chair, "NOR");
        story.Propose(P[2], S[0], "This paragraph is removed in Rev.1.", P[1], "can", expert, "CAN");
        story.Propose(P[3], S[1], Chinese, null, "chn", expert, "CHN");
        story.Propose(P[4], S[1], Capacity, P[3], "chair", chair, "NOR");
        story.Propose(P[5], S[1], "This paragraph moves to the front.", P[4], "mex", expert, "MEX");
        story.Propose(P[6], S[2], "This paragraph leaves a section that is then deleted.", null, "chair", chair, "NOR");
        story.Propose(P[7], S[3], "The Group recommends further work.", null, "chair", chair, "NOR");
        story.Append(ConsensusStreams.PositionsOf(P[7]), new PositionStated(GroupId, DraftId, P[7], "chn", "CHN",
            Position.Reservation("China reads this as voluntary."), DateTimeOffset.UnixEpoch), "chn", expert, "CHN");
        story.Issue(0);

        story.Change(P[0], "Geneva", "New York", "can", expert, "CAN");
        story.Change(P[4], "capacity-building and dedicated funding", "capacity-building, dedicated funding and the transfer of expertise", "mex", expert, "MEX");
        story.Change(P[4], "expertise", "technical expertise", "chair", chair, "NOR");
        story.Change(P[3], "核查", "科学核查", "chn", expert, "CHN");
        story.Change(P[1], "النووي", "النووي الشامل", "chair", chair, "NOR");
        story.Append(P[2], new ParagraphDeleted(GroupId, DraftId, P[2], "Redundant"), "chair", chair, "NOR");
        story.Append(DraftId, new ParagraphWithdrawnFromNumbering(GroupId, DraftId, P[2]), "chair", chair, "NOR");
        story.Append(DraftId, new ParagraphMoved(GroupId, DraftId, P[5], S[0], null), "chair", chair, "NOR");
        story.Append(DraftId, new ParagraphMoved(GroupId, DraftId, P[6], S[0], P[1]), "secretariat", MemberRole.Secretariat);
        story.Append(DraftId, new SectionDeleted(GroupId, DraftId, S[2]), "secretariat", MemberRole.Secretariat);
        story.Append(DraftId, new SectionRetitled(GroupId, DraftId, S[3], "Recommendations"), "chair", chair, "NOR");
        story.Append(DraftId, new SectionAdded(GroupId, DraftId, S[4], "Follow-up", null, S[3]), "chair", chair, "NOR");
        story.Propose(P[8], S[4], "The Group will meet again in 2019.", null, "can", expert, "CAN");
        story.Append(ConsensusStreams.PositionsOf(P[0]), new PositionStated(GroupId, DraftId, P[0], "can", "CAN",
            Position.Reservation("Canada would have preferred Vienna."), DateTimeOffset.UnixEpoch), "can", expert, "CAN");
        story.Issue(1);
        return story;
    }

    private static byte[] Docx(DraftHistory history, ExportRequest request) => DocxExporter.Export(ExportBuilder.Build(history, request).Document);

    [Fact]
    public void LibreOffice_accepting_every_change_of_a_redline_gives_the_newer_version_and_rejecting_every_change_the_older()
    {
        var history = EveryKindOfChange().History;
        var texts = Run(
            (Docx(history, new ExportRequest(ExportVariant.Redline, 1, null, 0)), "accept"),
            (Docx(history, new ExportRequest(ExportVariant.Redline, 1, null, 0)), "reject"),
            (Docx(history, new ExportRequest(ExportVariant.Clean, 1)), "none"),
            (Docx(history, new ExportRequest(ExportVariant.Clean, 0)), "none"));

        Assert.Equal(Body(texts[2]), Body(texts[0]));
        Assert.Equal(Body(texts[3]), Body(texts[1]));
        Assert.Contains(Body(texts[2]), line => line.StartsWith("1.\tThis paragraph moves to the front.", StringComparison.Ordinal));
        Assert.Contains(Body(texts[3]), line => line.StartsWith("III.\tEarlier work", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_change_of_a_redline_is_credited_to_who_made_it_as_recorded_when_they_made_it_and_the_docx_is_valid()
    {
        var history = EveryKindOfChange().History;
        var document = ExportBuilder.Build(history, new ExportRequest(ExportVariant.Redline, 1, null, 0)).Document;
        var sections = document.Sections.ToDictionary(s => s.Id);
        var paragraphs = document.AllParagraphs().ToLookup(p => p.Id);
        const string chair = "Chair (Ingrid Halvorsen)", secretariat = "Secretariat (Daniel Okafor)";

        Assert.Equal([S[0], S[1], S[2], S[3], S[4]], document.Sections.Select(s => s.Id));
        Assert.Equal((ParagraphChangeKind.Removed, secretariat), (sections[S[2]].Change!.Kind, sections[S[2]].Change!.By!.Author));
        Assert.Equal((ParagraphChangeKind.Changed, "Conclusions", chair), (sections[S[3]].Change!.Kind, sections[S[3]].Change!.PreviousHeading, sections[S[3]].Change!.By!.Author));
        Assert.Equal((ParagraphChangeKind.Added, chair), (sections[S[4]].Change!.Kind, sections[S[4]].Change!.By!.Author));
        Assert.Equal((ParagraphChangeKind.Removed, chair), (paragraphs[P[2]].Single().Change!.Kind, paragraphs[P[2]].Single().Change!.By!.Author));
        Assert.All(paragraphs[P[2]].Single().Change!.Segments, s => Assert.Equal(chair, s.Author));
        Assert.Equal([ParagraphChangeKind.Moved, ParagraphChangeKind.MovedAway], paragraphs[P[5]].Select(p => p.Change!.Kind));
        Assert.Equal(chair, paragraphs[P[5]].First().Change!.By!.Author);
        Assert.Equal([ParagraphChangeKind.Moved, ParagraphChangeKind.MovedAway], paragraphs[P[6]].Select(p => p.Change!.Kind));
        Assert.Equal(secretariat, paragraphs[P[6]].First().Change!.By!.Author);
        Assert.All(paragraphs[P[8]].Single().Change!.Segments, s => Assert.Equal("Canada", s.Author));
        Assert.Equal([("Geneva", "Canada"), ("New York", "Canada")], Changed(paragraphs[P[0]].Single()));
        Assert.Equal([(" and", "Mexico"), (",", "Mexico"), (" and the transfer of ", "Mexico"), ("technical ", chair), ("expertise", "Mexico")],
            Changed(paragraphs[P[4]].Single()));
        Assert.Equal([("科学", "China")], Changed(paragraphs[P[3]].Single()));
        var issuedAt = ((RevisionIssued)history.Events.Single(e => e.Data is RevisionIssued { Number: 0 }).Data).IssuedAt;
        Assert.All(document.AllParagraphs().SelectMany(p => p.Change!.Segments).Where(s => s.At is not null), s => Assert.True(s.At > issuedAt));

        using var docx = WordprocessingDocument.Open(new MemoryStream(DocxExporter.Export(document)), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(docx).Select(e => $"{e.Path?.XPath}: {e.Description}"));
    }

    private static List<(string Text, string? Author)> Changed(ExportParagraph paragraph) =>
        [.. paragraph.Change!.Segments.Where(s => s.Kind != SegmentKind.Unchanged).Select(s => (s.Text, s.Author))];

    [Fact]
    public async Task LibreOffice_accepting_and_rejecting_every_change_of_the_demo_reports_redlines_gives_their_two_versions()
    {
        var demo = api.Services.GetRequiredService<DemoWorkspace>();
        await demo.SeedAsync(null, CancellationToken.None);
        Guid draftId;
        Amendment amendment;
        await using (var session = api.Store.QuerySession())
        {
            draftId = (await session.Query<Draft>().Where(d => d.GroupId == DemoWorkspace.GroupId && d.Kind == DraftKind.Report).ToListAsync()).Single().Id;
            // The demo leaves Canada's amendment on outstanding issues open for the next revision.
            amendment = (await session.Query<Amendment>().Where(a => a.DraftId == draftId && a.ProposerSub == "demo-expert-can").ToListAsync())
                .Single(a => a.State == AmendmentState.Submitted);
        }
        await ActingAs.SendAsync(api.Services, "demo-chair", "Ingrid Halvorsen", false,
            new AcceptAmendmentIntoText(DemoWorkspace.GroupId, draftId, amendment.Id, amendment.Version), CancellationToken.None);
        await ActingAs.SendAsync(api.Services, "demo-chair", "Ingrid Halvorsen", false,
            new IssueNextRevision(DemoWorkspace.GroupId, draftId, "Rev.2"), CancellationToken.None);
        await using var scope = api.Services.CreateAsyncScope();
        var history = (await scope.ServiceProvider.GetRequiredService<IDraftHistorySource>().LoadAsync(DemoWorkspace.GroupId, draftId, null, CancellationToken.None))!;

        var texts = Run(
            (Docx(history, new ExportRequest(ExportVariant.Redline, 2, null, 0)), "accept"),
            (Docx(history, new ExportRequest(ExportVariant.Redline, 2, null, 0)), "reject"),
            (Docx(history, new ExportRequest(ExportVariant.Redline, 2, null, 1)), "reject"),
            (Docx(history, new ExportRequest(ExportVariant.Clean, 2)), "none"),
            (Docx(history, new ExportRequest(ExportVariant.Clean, 0)), "none"),
            (Docx(history, new ExportRequest(ExportVariant.Clean, 1)), "none"));

        Assert.Equal(Body(texts[3]), Body(texts[0]));
        Assert.Equal(Body(texts[4]), Body(texts[1]));
        Assert.Equal(Body(texts[5]), Body(texts[2]));
        Assert.Contains(Body(texts[3]), line => line.Contains("protection of proliferation-sensitive information", StringComparison.Ordinal));
        Assert.DoesNotContain(Body(texts[4]), line => line.Contains("protection of proliferation-sensitive information", StringComparison.Ordinal));
    }

    /// <summary>The document's paragraphs from its first section heading on (the symbol block and version line name the version).</summary>
    internal static List<string> Body(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').SkipWhile(l => !l.StartsWith("I.\t", StringComparison.Ordinal)).ToList();
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Each file through LibreOffice: accept every change, reject every change, or none; the text it saves.</summary>
    internal static string[] Run(params (byte[] Docx, string Action)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("gge-libreoffice-");
        try
        {
            var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "Exports", "libreoffice-tracked-changes.py"), Path.Combine(folder.FullName, "profile") };
            for (var i = 0; i < files.Length; i++)
            {
                File.WriteAllBytes(Path.Combine(folder.FullName, $"{i}.docx"), files[i].Docx);
                arguments.AddRange([Path.Combine(folder.FullName, $"{i}.docx"), files[i].Action, Path.Combine(folder.FullName, $"{i}.txt")]);
            }
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var python = Process.Start(start)!;
            var errors = python.StandardError.ReadToEndAsync();
            if (!python.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                python.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("LibreOffice did not finish within three minutes.");
            }
            Assert.True(python.ExitCode == 0, $"LibreOffice failed ({python.ExitCode}): {errors.Result}");
            return [.. Enumerable.Range(0, files.Length).Select(i => File.ReadAllText(Path.Combine(folder.FullName, $"{i}.txt")))];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
