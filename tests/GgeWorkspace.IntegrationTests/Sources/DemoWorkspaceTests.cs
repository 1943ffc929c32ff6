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
}
