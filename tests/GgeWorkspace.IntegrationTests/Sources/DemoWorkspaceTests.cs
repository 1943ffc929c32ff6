using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Sources;

/// <summary>The real host with the demo workspace switched on, on a new database or on an existing one (a restart).</summary>
public sealed class DemoApiFactory : GgeApiFactory
{
    /// <summary>Set to start on a database an earlier host already used.</summary>
    public string? ExistingConnectionString { get; init; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };

    public override async Task InitializeAsync()
    {
        if (ExistingConnectionString is null) await base.InitializeAsync();
        else ConnectionString = ExistingConnectionString;
    }
}

public sealed class DemoWorkspaceTests(DemoApiFactory api) : IClassFixture<DemoApiFactory>
{
    private static readonly Guid GroupId = DemoWorkspace.GroupId;

    private async Task<(DraftingApi Chair, DraftSummary Report)> ReportAsync()
    {
        var chair = new DraftingApi(api.ClientFor("demo-chair"), GroupId);
        var drafts = await DraftingApi.Read<List<DraftSummary>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts"));
        return (chair, drafts.Single(d => d.Kind == DraftKind.Report));
    }

    private static async Task<(int Groups, long GroupVersion, int Workstreams, int Drafts, long Events)> CountAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var groups = await session.Query<Group>().CountAsync(g => g.Name == DemoWorkspace.GroupName);
        var group = await session.LoadAsync<Group>(GroupId);
        var workstreams = await session.Query<Workstream>().CountAsync(w => w.GroupId == GroupId);
        var drafts = await session.Query<Draft>().CountAsync(d => d.GroupId == GroupId);
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        return (groups, group!.Version, workstreams, drafts, events);
    }

    [Fact]
    public async Task The_demo_workspace_is_created_once_and_a_second_start_does_not_duplicate_it()
    {
        _ = api.Server;
        var before = await CountAsync(api.Store);
        Assert.Equal(1, before.Groups);
        Assert.Equal(2 + 8, before.GroupVersion); // created, its creator (the Secretariat) added, then the eight other members
        Assert.True(before.Workstreams >= 6);

        await using (var restarted = new DemoApiFactory { ExistingConnectionString = api.ConnectionString })
        {
            await restarted.InitializeAsync();
            _ = restarted.Server;
            Assert.Equal(before, await CountAsync(restarted.Store));
        }
    }

    [Fact]
    public async Task Every_demo_event_names_the_member_who_acted()
    {
        var (_, report) = await ReportAsync();
        var events = await api.Store.QuerySession().Events.FetchStreamAsync(report.Id);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.Headers?["actor"]?.ToString())));
        Assert.Equal("demo-chair", events[0].Headers!["actor"]!.ToString());
    }

    [Fact]
    public async Task The_report_reads_through_the_API_with_sections_numbers_brackets_options_and_citations()
    {
        var (chair, report) = await ReportAsync();
        var draft = await chair.Draft(report.Id);

        Assert.Equal(["Introduction", "Verification challenges", "Past work", "Lessons and outstanding issues", "Gap analysis", "Recommendations"],
            draft.Sections.Select(s => s.Heading));
        var paragraphs = draft.Sections.SelectMany(s => s.Paragraphs).ToList();
        Assert.InRange(paragraphs.Count, 12, 20);
        Assert.Equal(Enumerable.Range(1, paragraphs.Count), paragraphs.Select(p => p.Number!.Value));
        Assert.Contains(paragraphs, p => p.Status == ParagraphStatus.Agreed);
        Assert.Contains(paragraphs, p => p.Status == ParagraphStatus.AgreedAdReferendum);
        var bracketed = paragraphs.First(p => p.Brackets.Count > 0);
        Assert.Equal(ParagraphStatus.UnderNegotiation, bracketed.Status);
        Assert.Contains(paragraphs, p => p.Options.Count == 2);
        Assert.True(draft.OpenAmendments > 0);
        Assert.True(draft.OpenComments > 0);

        var citations = await DraftingApi.Read<ParagraphCitationsView>(
            await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/paragraphs/{bracketed.Id}/citations"));
        Assert.Contains(citations.Citations, c => c.Code == "GBR");

        var revisions = await DraftingApi.Read<List<RevisionSummary>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/revisions"));
        Assert.Equal(["Zero draft", "Rev.1"], revisions.Select(r => r.Label));
    }

    [Fact]
    public async Task Coverage_lists_the_submitters_the_report_reflects_and_those_it_does_not()
    {
        var (chair, report) = await ReportAsync();
        var coverage = await DraftingApi.Read<CoverageReport>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/coverage"));

        Assert.Equal(27, coverage.Submitters.Count);
        var uk = coverage.Submitters.Single(s => s.Code == "GBR");
        Assert.True(uk.Reflected);
        Assert.True(uk.Paragraphs.Count >= 3);
        Assert.All(uk.Paragraphs, p => Assert.All(p.SourceParagraphIds, id => Assert.StartsWith("A/72/304:GBR:", id)));
        Assert.Contains("BDI", coverage.NotReflected);
        Assert.Contains("UKR", coverage.NotReflectedInGroup);
        Assert.DoesNotContain("CAN", coverage.NotReflected);
    }

    [Fact]
    public async Task Every_reply_paragraph_the_report_cites_reads_in_the_unofficial_English_working_translation()
    {
        var (chair, report) = await ReportAsync();
        var document = Assert.Single(await DraftingApi.Read<List<SourceDocumentSummary>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/sources")));
        Assert.Equal(["zh", "en"], document.Languages);
        var languages = await DraftingApi.Read<List<SourceLanguageSummary>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/sources/{document.Id}/languages"));
        Assert.Equal(("en", false, 0), (languages[1].Language, languages[1].Official, languages[1].Unaligned.Count));

        var draft = await chair.Draft(report.Id);
        var texts = new List<CitedSourceText>();
        foreach (var paragraph in draft.Sections.SelectMany(s => s.Paragraphs))
            texts.AddRange((await DraftingApi.Read<ParagraphCitationsView>(await chair.Client.GetAsync(
                $"/api/groups/{GroupId}/drafts/{report.Id}/paragraphs/{paragraph.Id}/citations?language=en"))).Texts!);

        Assert.True(texts.Count >= 30);
        Assert.All(texts, t => Assert.True(t is { Missing: false, Official: false, Language: "en" } && !string.IsNullOrWhiteSpace(t.Text), t.SourceParagraphId));
        Assert.Contains(texts, t => t.SourceParagraphId == "A/72/304:CAN:5" && t.Text!.Contains("(A/70/81)", StringComparison.Ordinal));
        var mexico = await DraftingApi.Read<ReplyView>(await chair.Client.GetAsync($"/api/groups/{GroupId}/sources/{document.Id}/replies/MEX?language=en"));
        Assert.Equal(("Mexico", false), (mexico.Submitter, mexico.Official));
        Assert.Contains(mexico.Paragraphs, p => p.Missing);
    }

    [Fact]
    public async Task The_workstreams_are_those_the_replies_suggest_with_their_evidence()
    {
        var observer = new DraftingApi(api.ClientFor("demo-observer"), GroupId);
        var workstreams = await DraftingApi.Read<List<WorkstreamView>>(await observer.Client.GetAsync($"/api/groups/{GroupId}/workstreams"));
        var labels = workstreams.Select(w => w.Label).ToHashSet();
        Assert.Superset(new HashSet<string?> { "(a)", "(b)", "(c)", "(d)", "(e)", "gap analysis", "review of past UN work" }, labels);

        var challenges = workstreams.Single(w => w.Label == "(a)");
        var sources = await DraftingApi.Read<WorkstreamSourcesView>(await observer.Client.GetAsync($"/api/groups/{GroupId}/workstreams/{challenges.Id}/sources"));
        Assert.Contains(sources.Sources, s => s.Code == "GBR" && s.SuggestedBy == "verification-challenges" && s.Evidence.Contains("挑战"));
    }

    [Fact]
    public async Task The_report_recommends_concrete_steps_as_points_and_one_point_changes_between_the_zero_draft_and_Rev_1()
    {
        var (chair, report) = await ReportAsync();
        var draft = await chair.Draft(report.Id);
        var steps = draft.Sections[^1].Paragraphs[^1];
        Assert.Equal(["(a)", "(b)", "(c)"], steps.Points!.Select(p => p.Number));
        Assert.Equal([$"{steps.Number} (b) (i)"], steps.Points![1].SubPoints.Select(p => p.Label));
        Assert.Equal(DemoWorkspace.StepsPointInRev1, steps.Points![0].Text);

        async Task<string> Markdown(int revision) => await (await chair.Client.GetAsync(
            $"/api/groups/{GroupId}/drafts/{report.Id}/export?format=md&variant=clean&revision={revision}")).Content.ReadAsStringAsync();
        var (zero, rev1) = (await Markdown(0), await Markdown(1));
        Assert.Contains("\\(a\\) share their experience of verification research and of exercises;", zero);
        Assert.Contains(MarkdownExporter.Escape(DemoWorkspace.StepsPointInRev1), rev1);
        Assert.DoesNotContain(MarkdownExporter.Escape(DemoWorkspace.StepsPointInRev1), zero);
    }

    private static ParagraphView ParagraphStarting(DraftView draft, string start) =>
        draft.Sections.SelectMany(s => s.Paragraphs).Single(p => p.Text.StartsWith(start, StringComparison.Ordinal));

    private async Task<ParagraphHistoryPage> HistoryAsync(DraftingApi chair, Guid draftId, Guid paragraphId) =>
        await DraftingApi.Read<ParagraphHistoryPage>(
            await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{draftId}/paragraphs/{paragraphId}/history?limit=200"));

    [Fact]
    public async Task Rev1_differs_from_the_zero_draft_by_accepted_amendments_a_move_a_deletion_with_a_reason_and_an_addition()
    {
        var (chair, report) = await ReportAsync();
        var redline = await DraftingApi.Read<Redline>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/redline?from=0&to=1"));

        var changed = redline.Paragraphs.Where(p => p.Kind == ParagraphRedlineKind.Changed).Select(p => p.NewText).ToList();
        Assert.Contains(changed, t => t.Contains("the transfer of technical expertise", StringComparison.Ordinal));
        Assert.Contains(changed, t => t.Contains("States of all regions", StringComparison.Ordinal));
        var moved = Assert.Single(redline.Paragraphs, p => p.Moved);
        Assert.StartsWith("Experience shows", moved.NewText, StringComparison.Ordinal);
        Assert.NotEqual(moved.OldNumber, moved.NewNumber);
        var removed = Assert.Single(redline.Paragraphs, p => p.Kind == ParagraphRedlineKind.Removed);
        Assert.StartsWith("The Group held three sessions", removed.OldText, StringComparison.Ordinal);
        Assert.Null(redline.NumberMap[removed.OldNumber!.Value]);
        var added = Assert.Single(redline.Paragraphs, p => p.Kind == ParagraphRedlineKind.Added);
        Assert.Equal(DemoWorkspace.AddedParagraph, added.NewText);

        var amendments = await DraftingApi.Read<List<AmendmentListItem>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/amendments"));
        var accepted = amendments.Where(a => a.State == AmendmentState.Accepted).Select(a => a.AmendmentId).ToList();
        Assert.Equal(2, accepted.Count);
        var full = new List<Amendment>();
        foreach (var id in accepted)
            full.Add(await DraftingApi.Read<Amendment>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/amendments/{id}")));
        var overObjection = Assert.Single(full, a => a.Objections.Count > 0);
        Assert.Equal(DemoWorkspace.OverrideReason, overObjection.DecisionReason);
        Assert.Contains(amendments, a => a.State == AmendmentState.Submitted);

        var deleted = await HistoryAsync(chair, report.Id, removed.ParagraphId);
        var deletion = Assert.Single(deleted.Entries, e => e.Kind == "paragraph_deleted");
        Assert.Equal(("demo-chair", DemoWorkspace.DeletionReason), (deletion.Member.Sub, deletion.Reason));
    }

    [Fact]
    public async Task A_reservation_stated_before_Rev1_is_in_its_positions()
    {
        var (chair, report) = await ReportAsync();
        var draft = await chair.Draft(report.Id);
        var develop = ParagraphStarting(draft, "The Group recommends that States continue");
        var positions = await DraftingApi.Read<ParagraphPositionsView>(
            await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/paragraphs/{develop.Id}/positions"));
        var reservation = Assert.Single(positions.Positions, p => p.Position.Kind == PositionKind.Reservation);
        Assert.Equal(("CHN", DemoWorkspace.ReservationText), (reservation.Delegation.State, reservation.Position.ReservationText));

        var revisions = await DraftingApi.Read<List<RevisionSummary>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/revisions"));
        Assert.True(reservation.Since <= revisions.Single(r => r.Label == "Rev.1").IssuedAt);
    }

    [Fact]
    public async Task Brackets_are_held_by_delegations_of_the_group_nested_shared_and_withdrawn_from()
    {
        var (chair, report) = await ReportAsync();
        var draft = await chair.Draft(report.Id);
        var group = await DraftingApi.Read<GroupView>(await chair.Client.GetAsync($"/api/groups/{GroupId}"));
        var delegations = group.Delegations.Select(d => d.Holder).ToHashSet();
        var brackets = draft.Sections.SelectMany(s => s.Paragraphs).SelectMany(p => p.Brackets).ToList();
        Assert.All(brackets, b => Assert.NotEmpty(b.Holders));
        Assert.All(brackets.SelectMany(b => b.Holders), h => Assert.Contains(h, delegations));

        var dismantlement = ParagraphStarting(draft, "The Group identified challenges");
        Assert.Contains(dismantlement.Brackets, outer => dismantlement.Brackets.Any(inner =>
            inner.Id != outer.Id && outer.Start <= inner.Start && inner.End <= outer.End && outer.Holders.SequenceEqual(["CHN"]) && inner.Holders.SequenceEqual(["USA"])));

        var tpnw = ParagraphStarting(draft, "The Group noted that the Treaty");
        Assert.Equal(["GBR", "USA"], Assert.Single(tpnw.Brackets).Holders.Order());

        var followUp = ParagraphStarting(draft, "The Group recommends that the General Assembly");
        Assert.Equal(["CHN"], Assert.Single(followUp.Brackets).Holders);
        var withdrawal = Assert.Single((await HistoryAsync(chair, report.Id, followUp.Id)).Entries, e => e.Kind == "bracket_holder_withdrawn");
        Assert.Equal(("demo-expert-mex", "MEX", DemoWorkspace.BracketWithdrawalReason), (withdrawal.Member.Sub, withdrawal.Member.AttributedState, withdrawal.Reason));
    }

    [Fact]
    public async Task The_demo_Chair_acts_in_a_personal_capacity()
    {
        var (chair, report) = await ReportAsync();
        var group = await DraftingApi.Read<GroupView>(await chair.Client.GetAsync($"/api/groups/{GroupId}"));
        var member = group.Members.Single(m => m.Role == MemberRole.Chair);
        Assert.Equal(("demo-chair", ContributionAttribution.Personal), (member.Sub, member.Attribution));
        Assert.DoesNotContain(group.Delegations, d => d.Holder == member.NominatingState);

        var draft = await chair.Draft(report.Id);
        var parked = Assert.Single((await HistoryAsync(chair, report.Id, ParagraphStarting(draft, "The Group recalled the earlier work").Id)).Entries,
            e => e.Kind == "paragraph_parked");
        Assert.Equal(("demo-chair", null), (parked.Member.Sub, parked.Member.AttributedState));
        var redline = await DraftingApi.Read<Redline>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/redline?from=0&to=1"));
        var added = Assert.Single(redline.Paragraphs, p => p.Kind == ParagraphRedlineKind.Added);
        Assert.All(added.Segments, s => Assert.Equal(("demo-chair", null), (s.ActorSub, s.ActorState)));
    }

    [Fact]
    public async Task Paragraph_histories_show_parking_silence_broken_a_hold_lifted_and_agreement()
    {
        var (chair, report) = await ReportAsync();
        var draft = await chair.Draft(report.Id);

        var studies = ParagraphStarting(draft, "The Group recalled the earlier work");
        Assert.Equal(ParagraphStatus.UnderNegotiation, studies.Status);
        var studiesHistory = (await HistoryAsync(chair, report.Id, studies.Id)).Entries;
        Assert.Equal(DemoWorkspace.ParkReason, Assert.Single(studiesHistory, e => e.Kind == "paragraph_parked").Reason);
        Assert.Equal(DemoWorkspace.ResumeReason, Assert.Single(studiesHistory, e => e.Kind == "paragraph_resumed").Reason);

        var silences = await DraftingApi.Read<List<SilenceProcedureView>>(await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/silence"));
        var silence = Assert.Single(silences);
        Assert.Equal(SilenceProcedureStatus.Broken, silence.Status);
        var broken = Assert.Single(silence.Breaks);
        Assert.Equal(("CHN", DemoWorkspace.SilenceBreakReason), (broken.BrokenByState, broken.Reason));
        var moreStates = Assert.Single(silence.Placed).ParagraphId;
        Assert.Contains((await HistoryAsync(chair, report.Id, moreStates)).Entries, e => e.Kind == "silence_broken" && e.Reason == DemoWorkspace.SilenceBreakReason);

        var essential = ParagraphStarting(draft, "Verification is an essential element");
        Assert.Equal(ParagraphStatus.Agreed, essential.Status);
        var kinds = (await HistoryAsync(chair, report.Id, essential.Id)).Entries.Select(e => e.Kind).Reverse().ToList();
        var adRef = kinds.IndexOf("paragraph_agreed_ad_referendum");
        var hold = kinds.FindIndex(k => k == "position_stated");
        var agreed = kinds.IndexOf("paragraph_agreed");
        Assert.True(adRef >= 0 && adRef < hold && hold < agreed, string.Join(", ", kinds));
        var positions = await DraftingApi.Read<ParagraphPositionsView>(
            await chair.Client.GetAsync($"/api/groups/{GroupId}/drafts/{report.Id}/paragraphs/{essential.Id}/positions"));
        var united = Assert.Single(positions.Positions, p => p.Delegation.State == "USA");
        Assert.Equal(PositionKind.JoinConsensus, united.Position.Kind);
        Assert.Equal(2, positions.History!.Count(h => h.Type == "position_stated" && h.Actor == "demo-expert-usa"));
    }
}
