using System.Reflection;
using GgeWorkspace.Bench;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Bench;

/// <summary>The benchmark harness's limits raised as in a run, and presence expiring after one second so ghosts leave quickly.</summary>
public sealed class BenchApiFactory : GgeApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = Harness.RaisedLimits.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value);
            settings["Presence:ExpireAfterMs"] = "1000";
            return settings;
        }
    }
}

/// <summary>
/// A tiny run of the benchmark scenarios (GGE Workspace only, about a second each, against the test host) so the
/// harness never rots: it asserts delivery and convergence, never timing.
/// </summary>
public sealed class HarnessSmokeTests(BenchApiFactory api) : IClassFixture<BenchApiFactory>
{
    private Task<BenchGroup> Group() => BenchGroup.CreateAsync(api.Server.BaseAddress, GgeApiFactory.TokenOptions, 10, new BenchTransport(
        Handler: () => api.Server.CreateHandler(),
        ConnectWebSocket: (uri, ct) => api.Server.CreateWebSocketClient().ConnectAsync(uri, ct)));

    [Fact]
    public async Task P1_and_P2_deliver_every_edit_and_converge()
    {
        var group = await Group();
        foreach (var scenario in new[] { new CoEditingScenario("P1 smoke", 10, 3, 50, 1), new CoEditingScenario("P2 smoke", 10, 10, 20, 1) })
        {
            var r = await GgeCoEditing.RunAsync(group, scenario, Harness.InitialText, settleSecs: 20);
            Assert.True((long)r["edits"]! > 0, $"{scenario.Name}: no edits were made");
            Assert.Equal(100.0, (double)r["delivered_pct"]!);
            Assert.Equal(true, r["converged"]);
            Assert.Equal(0, (int)r["errors"]!);
        }
    }

    [Fact]
    public async Task Raw_driver_delivers_every_edit_and_converges()
    {
        var group = await Group();
        var r = await GgeCoEditing.RunAsync(group, new CoEditingScenario("P1 raw smoke", 10, 3, 50, 1), Harness.InitialText, settleSecs: 20, LiveDriver.Raw);
        Assert.Equal("raw", r["driver"]);
        Assert.True((long)r["edits"]! > 0, "no edits were made");
        Assert.Equal(100.0, (double)r["delivered_pct"]!);
        Assert.Equal(true, r["converged"]);
        Assert.Equal(0, (int)r["errors"]!);
        Assert.Equal(0, (int)r["divergences"]!);
    }

    [Fact]
    public async Task Raw_driver_counts_a_text_that_differs_from_the_servers_and_takes_it_whole_again_keeping_its_edits()
    {
        var group = await Group();
        var (draftId, sections) = await group.CreateDraftAsync("Divergence", 1);
        var paragraphId = (await group.AddParagraphAsync(draftId, sections[0], "Verification مرحبا"))["id"]!.GetValue<Guid>();
        await using var tampered = (RawLiveClient)await RawLiveClient.ConnectAsync(group, group.Experts[0], draftId, paragraphId);
        await using var other = await RawLiveClient.ConnectAsync(group, group.Experts[1], draftId, paragraphId);

        // Same length, other characters, as a client bug would leave it: every operation still fits, only the hash can tell.
        var document = (ParagraphDocument)typeof(RawLiveClient).GetField("_document", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(tampered)!;
        lock (document)
        {
            typeof(ParagraphDocument).GetProperty(nameof(ParagraphDocument.ServerText))!.SetValue(document, "Verifixation مرحبا");
            typeof(ParagraphDocument).GetProperty(nameof(ParagraphDocument.Text))!.SetValue(document, "Verifixation مرحبا");
        }
        other.Edit(text => TextOperation.Empty.Retain(CodePoints.Length(text)).Insert(" 核查"));
        await Wait.UntilAsync(() => tampered.Snapshot() is { Synchronized: true, Text: "Verification مرحبا 核查" }, "the tampered driver heals");
        Assert.Equal(1, tampered.Divergences);

        tampered.Edit(text => TextOperation.Empty.Insert("¶ ").Retain(CodePoints.Length(text)));
        await Wait.UntilAsync(() => other.Snapshot() is { Synchronized: true, Text: "¶ Verification مرحبا 核查" } && tampered.Snapshot().Synchronized,
            "the healed driver's edit reaches the other");
        Assert.Equal(1, tampered.Divergences);
        Assert.Equal(0, tampered.ErrorCount);
    }

    [Fact]
    public async Task Steady_edits_keep_the_length_near_its_start_and_lose_no_insert()
    {
        var group = await Group();
        var text = GgeCoEditing.Prose(600);
        foreach (var driver in new[] { LiveDriver.Session, LiveDriver.Raw })
        {
            var r = await GgeCoEditing.RunAsync(group, new CoEditingScenario("soak smoke", 10, 5, 20, 1.5, Text: text, Steady: true, BucketSecs: 0.5),
                Harness.InitialText, settleSecs: 20, driver);
            Assert.True((long)r["edits"]! > (long)r["inserts"]!, $"{driver}: no deletes were made");
            Assert.Equal(100.0, (double)r["delivered_pct"]!);
            Assert.Equal(true, r["converged"]);
            Assert.Equal(0, (int)r["errors"]!);
            Assert.InRange((int)r["final_length"]!, 550, 650);
            Assert.Equal(3, ((List<Dictionary<string, object?>>)r["buckets"]!).Count);
        }
    }

    [Fact]
    public async Task P5_delivers_every_caret_move_and_ghosts_leave()
    {
        var group = await Group();
        var r = await PresenceFanOut.RunAsync(group, new PresenceScenario("P5 smoke", Drafts: 2, PerDraft: 8, MoversPerDraft: 3, IntervalMs: 200, Secs: 1, HeartbeatMs: 300));
        Assert.True((long)r["updates"]! > 0, "no caret moved");
        Assert.Equal(100.0, (double)r["delivered_pct"]!);
        Assert.Equal(r["ghosts"], r["ghosts_gone"]);
        Assert.Equal(4, (int)r["ghosts"]!);
        Assert.Equal(true, r["converged"]);
    }
}
