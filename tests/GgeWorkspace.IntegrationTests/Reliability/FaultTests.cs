using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// Fault tests: the service as a separate process on its own durable PostgreSQL, under load from the .NET client
/// (<see cref="DraftingSession"/>), with the service killed, PostgreSQL stopped immediately, backends terminated and
/// clients coming back from stale versions. After each: every acknowledged operation is in the server's text exactly
/// once, every client converged to it, projections caught up, and the invariant checker holds.
/// </summary>
[Collection(nameof(FaultTests))]
[CollectionDefinition(nameof(FaultTests), DisableParallelization = true)]
public sealed partial class FaultTests(ITestOutputHelper output)
{
    private const string BaseText = "Base text.";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Service_killed_mid_load_and_restarted_loses_no_acknowledged_operation()
    {
        await using var harness = await FaultHarness.StartAsync();
        await AssertDurableAsync(harness);
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var watch = Stopwatch.StartNew();
        await using var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 3);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var ackedBeforeFault = load.AcknowledgedCount;
        await harness.KillServiceAsync();
        var killedAt = watch.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await harness.StartServiceAsync();
        var downFor = watch.Elapsed - killedAt;
        var ackedAtRestart = load.AcknowledgedCount;
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await load.StopAndConvergeAsync(Converge);
        Assert.True(result.Acknowledged > ackedAtRestart, "Edits flow again after the restart.");
        await AfterFaultAsync(harness);
        Report("kill -9 of the service", watch.Elapsed, result,
            $"acknowledged before the kill {ackedBeforeFault}; service down {downFor.TotalSeconds:0.0} s (kill to ready)");
    }

    [Fact]
    public async Task Service_down_while_every_writer_buffers_more_than_one_message_cuts_no_marker_in_two()
    {
        await using var harness = await FaultHarness.StartAsync();
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var watch = Stopwatch.StartNew();
        await using var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 3);

        await Task.Delay(TimeSpan.FromSeconds(2));
        await harness.KillServiceAsync();
        // Markers are at most 8 code points: this many typed while down buffers more than one message per writer, so
        // every writer sends its buffer in parts after the restart while the others append and insert between them.
        var typedAtKill = load.TypedBy();
        var enough = ParagraphDocument.MaxInsertedPerMessage / 8 + 10;
        await Wait.UntilAsync(() => load.TypedBy().Zip(typedAtKill).All(t => t.First - t.Second >= enough), "every writer to buffer more than one message");
        await harness.StartServiceAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await load.StopAndConvergeAsync(Converge);
        Assert.True(load.LargestInsertAcknowledged > ParagraphDocument.MaxInsertedPerMessage / 2, "The buffers were sent in large parts.");
        await AfterFaultAsync(harness);
        Report("kill -9 while every writer buffers more than one message", watch.Elapsed, result,
            $"each writer typed at least {enough} markers while down; largest operation acknowledged {load.LargestInsertAcknowledged} code points " +
            $"(limit {ParagraphDocument.MaxInsertedPerMessage} per message)");
    }

    [Fact]
    public async Task Postgres_stopped_immediately_mid_load_answers_503_then_recovers_by_itself()
    {
        await using var harness = await FaultHarness.StartAsync();
        await AssertDurableAsync(harness);
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var watch = Stopwatch.StartNew();
        await using var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 3);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var ackedBeforeFault = load.AcknowledgedCount;
        await harness.Postgres.CrashAsync();
        var stoppedAt = watch.Elapsed;
        var status = await harness.ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await harness.ReadyAsync());
        var ackedWhileDown = load.AcknowledgedCount;
        await harness.Postgres.RestartAsync();
        var restartedAt = watch.Elapsed;
        await harness.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var readyAfter = watch.Elapsed - restartedAt;
        var ackedAtReady = load.AcknowledgedCount;
        await Task.Delay(TimeSpan.FromSeconds(3));

        var result = await load.StopAndConvergeAsync(Converge);
        Assert.True(result.Acknowledged > ackedAtReady, "Edits flow again after PostgreSQL is back.");
        await AfterFaultAsync(harness);
        Report("PostgreSQL stopped with -m immediate", watch.Elapsed, result,
            $"acknowledged before the stop {ackedBeforeFault}, while down {ackedWhileDown - ackedBeforeFault} (acks of commits made before the stop); " +
            $"/health/ready 503 while down; down {(restartedAt - stoppedAt).TotalSeconds:0.0} s; ready again {readyAfter.TotalSeconds:0.0} s after the restart");
    }

    [Fact]
    public async Task Database_backends_terminated_mid_load_lose_no_acknowledged_operation()
    {
        await using var harness = await FaultHarness.StartAsync();
        await AssertDurableAsync(harness);
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var watch = Stopwatch.StartNew();
        await using var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 3);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var terminated = 0L;
        for (var i = 0; i < 4; i++)
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(harness.ConnectionString).Database!;
            terminated += Convert.ToInt64(await harness.SqlAsync(
                $"select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}' and pid <> pg_backend_pid()) t"),
                System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }
        var ackedAfterFaults = load.AcknowledgedCount;
        await harness.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var result = await load.StopAndConvergeAsync(Converge);
        Assert.True(terminated > 0, "Backends were terminated.");
        Assert.True(result.Acknowledged > ackedAfterFaults, "Edits flow again after the terminations.");
        await AfterFaultAsync(harness);
        Report("backends terminated (4 rounds)", watch.Elapsed, result, $"backends terminated {terminated}");
    }

    [Fact]
    public async Task Stale_clients_catch_up_exactly_and_duplicates_apply_once_across_faults()
    {
        await using var harness = await FaultHarness.StartAsync();
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var watch = Stopwatch.StartNew();

        // A stale client: joins, then sees nothing while others write and the service is killed and restarted.
        await using var raw = harness.HubFor("demo-expert-mex");
        await raw.StartAsync();
        await raw.InvokeAsync<System.Text.Json.JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);

        await using (var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 2))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await load.StopAndConvergeAsync(Converge);
        }
        var (textBefore, versionBefore) = await harness.ParagraphAsync(groupId, draftId, paragraphId);

        // A duplicate client operation id, submitted before a kill -9 and again (from a stale base) after the restart.
        var marker = "[dup-1]";
        var submit = new SubmitOperation(groupId, draftId, paragraphId, versionBefore, "demo-expert-mex:dup-1",
            TextOperation.Empty.Insert(marker).Retain(CodePoints.Length(textBefore)));
        var first = await raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, submit);
        Assert.False(first.Duplicate);
        await harness.KillServiceAsync();
        await harness.StartServiceAsync();
        await WaitConnectedAsync(raw);
        await raw.InvokeAsync<System.Text.Json.JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);
        var again = await raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, submit);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Version, again.Version);

        // The same id twice at once after another restart: one applies, the other is its duplicate.
        var twin = submit with { ClientOperationId = "demo-expert-mex:dup-2", BaseVersion = first.Version,
            Operation = TextOperation.Empty.Insert("[dup-2]").Retain(CodePoints.Length(textBefore) + marker.Length) };
        var twins = await Task.WhenAll(
            raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, twin), raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, twin));
        Assert.Single(twins, a => !a.Duplicate);
        Assert.Equal(twins[0].Version, twins[1].Version);

        // An operation whose commit fails with PostgreSQL down is resent with the same id after the restart: applied once.
        var (textNow, versionNow) = await harness.ParagraphAsync(groupId, draftId, paragraphId);
        var third = submit with { ClientOperationId = "demo-expert-mex:dup-3", BaseVersion = versionNow,
            Operation = TextOperation.Empty.Insert("[dup-3]").Retain(CodePoints.Length(textNow)) };
        await harness.Postgres.CrashAsync();
        await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, third));
        await harness.Postgres.RestartAsync();
        await harness.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var resent = await RetryAsync(() => raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, third));
        var resentAgain = await raw.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, third);
        Assert.True(resentAgain.Duplicate);
        Assert.Equal(resent.Version, resentAgain.Version);

        // An idempotency key reused after a kill -9: one paragraph, the same answer.
        var chair = new DraftingApi(harness.ClientFor("demo-chair"), groupId);
        var section = (await chair.Draft(draftId)).Sections[0].Id;
        var key = $"fault-{Guid.NewGuid():N}";
        var created = await DraftingApi.Read<ParagraphView>(
            await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId = section, text = "Idempotent paragraph." }, idempotencyKey: key));
        await harness.KillServiceAsync();
        await harness.StartServiceAsync();
        var replayed = await DraftingApi.Read<ParagraphView>(
            await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs", new { sectionId = section, text = "Idempotent paragraph." }, idempotencyKey: key));
        Assert.Equal(created.Id, replayed.Id);
        var paragraphs = (await chair.Draft(draftId)).Sections.SelectMany(s => s.Paragraphs).Where(p => p.Text == "Idempotent paragraph.").ToList();
        Assert.Single(paragraphs);

        // The stale client catches up from its old version: exactly the missing operations, in order, giving the server's text.
        var (finalText, finalVersion) = await harness.ParagraphAsync(groupId, draftId, paragraphId);
        foreach (var marked in new[] { "[dup-1]", "[dup-2]", "[dup-3]" }) Assert.Single(Regex.Matches(finalText, Regex.Escape(marked)));
        var all = await raw.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, groupId, draftId, paragraphId, 0L);
        Assert.Null(all.Text);
        Assert.Equal(finalVersion, all.Version);
        Assert.Equal(Enumerable.Range(1, (int)finalVersion).Select(v => (long)v), all.Operations.Select(o => o.Version));
        Assert.Equal(finalText, all.Operations.Aggregate(BaseText, (text, op) => TextOperation.Apply(text, op.Operation)));
        var middle = finalVersion / 2;
        var fromMiddle = await raw.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, groupId, draftId, paragraphId, middle);
        Assert.Equal(all.Operations.Skip((int)middle).Select(o => (o.Version, o.ClientOperationId)), fromMiddle.Operations.Select(o => (o.Version, o.ClientOperationId)));
        var current = await raw.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, groupId, draftId, paragraphId, finalVersion);
        Assert.Empty(current.Operations);

        await AfterFaultAsync(harness);
        output.WriteLine($"RESULT stale catch-up and duplicates: {watch.Elapsed.TotalSeconds:0.0} s; {finalVersion} versions, catch-up from 0 and from {middle} exact; " +
            $"3 duplicate client ids applied once across a kill -9, a concurrent twin and a PostgreSQL stop; idempotency key replayed after a kill -9: one paragraph");
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (HubException) when (attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task WaitConnectedAsync(HubConnection connection)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (connection.State != HubConnectionState.Connected)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The hub connection did not reconnect.");
            await Task.Delay(50);
        }
    }

    private static async Task AssertDurableAsync(FaultHarness harness)
    {
        var (fsync, synchronousCommit) = await harness.DurabilityAsync();
        Assert.Equal("on", fsync);
        Assert.Equal("on", synchronousCommit);
    }

    [Fact]
    public async Task A_corrupted_row_damages_one_paragraph_under_live_load_and_the_repair_command_restores_it()
    {
        await using var harness = await FaultHarness.StartAsync();
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var chair = new DraftingApi(harness.ClientFor("demo-chair"), groupId);
        var section = (await chair.Draft(draftId)).Sections[0].Id;
        var neighbour = await chair.AddParagraph(draftId, section, "Verification builds trust: التحقق يبني الثقة، 核查建立信任 🔍.");
        var replaced = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Put, $"/drafts/{draftId}/paragraphs/{neighbour.Id}/text",
            new { text = neighbour.Text + " Replaced." }, neighbour.TextVersion));
        var watch = Stopwatch.StartNew();
        await using var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 3);

        await Task.Delay(TimeSpan.FromSeconds(2));
        // The neighbour's last text change copied as its next event, with a float for a count: the service's daemon reads it next.
        var sequence = Convert.ToInt64(await harness.SqlAsync(Sql.AppendLastTextChangeWithAFloatCount($"'{neighbour.Id}'")),
            System.Globalization.CultureInfo.InvariantCulture);
        var corruptedAt = watch.Elapsed;
        var read = await Wait.UntilAsync(() => chair.Client.GetAsync($"/api/groups/{groupId}/drafts/{draftId}/paragraphs/{neighbour.Id}"),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "the damaged paragraph to answer 503");
        var damagedAfter = watch.Elapsed - corruptedAt;
        Assert.Equal(sequence, (await read.ProblemAsync()).GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await harness.ReadyAsync());
        var ackedAtDamage = load.AcknowledgedCount;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(load.AcknowledgedCount > ackedAtDamage, "Live editing of the other paragraph goes on while one is damaged.");

        var repair = await OperatorCommand.RunAsync(harness.ConnectionString, output,
            "events", "repair", "--paragraph", neighbour.Id.ToString(), "--reason", "Row edited by hand");
        Assert.True(repair.ExitCode == 0, repair.Output);
        var repairedAt = watch.Elapsed;
        var restored = await chair.Paragraph(draftId, neighbour.Id);
        Assert.Equal(replaced.Text, restored.Text);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var result = await load.StopAndConvergeAsync(Converge);
        await AfterFaultAsync(harness);
        Report("corrupted row of another paragraph", watch.Elapsed, result,
            $"damaged event {sequence} answered 503 after {damagedAfter.TotalSeconds:0.0} s; readiness 200 while damaged; {ackedAtDamage} acknowledged at the damage; " +
            $"`events repair` done {(repairedAt - corruptedAt).TotalSeconds:0.0} s after the corruption");
    }

    private static async Task AfterFaultAsync(FaultHarness harness)
    {
        await harness.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await harness.WaitForProjectionsAsync(TimeSpan.FromSeconds(60));
        await harness.AssertInvariantsAsync();
    }

    private void Report(string scenario, TimeSpan elapsed, LoadResult result, string details) =>
        output.WriteLine($"RESULT {scenario}: {elapsed.TotalSeconds:0.0} s; {result.Sent} markers typed, {result.Acknowledged} acknowledged, " +
            $"all {result.Acknowledged} present once; {result.InText} in the final text (version {result.FinalVersion}), none twice; " +
            $"{result.Clients} clients converged in {result.ConvergedAfter.TotalSeconds:0.0} s; {details}");

    internal sealed record LoadResult(int Sent, int Acknowledged, int InText, long FinalVersion, int Clients, TimeSpan ConvergedAfter);

    [GeneratedRegex(@"\[c\d+-\d+\]")]
    private static partial Regex Marker();

    /// <summary>
    /// A few members typing unique markers ("[c2-17]") at random marker boundaries of one paragraph, each every ~40 ms,
    /// through <see cref="DraftingSession"/> (client OT, one operation in flight, buffer composed). A marker counts as
    /// acknowledged when the SubmitOperation carrying it returned.
    /// </summary>
    private sealed class MarkerLoad : IAsyncDisposable
    {
        private readonly FaultHarness _harness;
        private readonly Guid _groupId;
        private readonly Guid _draftId;
        private readonly Guid _paragraphId;
        private readonly List<DraftingSession> _sessions = [];
        private readonly ConcurrentDictionary<string, bool> _acknowledged = new();
        private readonly ConcurrentDictionary<string, bool> _sent = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _typists = [];

        private MarkerLoad(FaultHarness harness, Guid groupId, Guid draftId, Guid paragraphId)
        {
            _harness = harness;
            _groupId = groupId;
            _draftId = draftId;
            _paragraphId = paragraphId;
        }

        public int AcknowledgedCount => _acknowledged.Count;

        /// <summary>The most code points one acknowledged operation inserted.</summary>
        public int LargestInsertAcknowledged => _largestInsert;

        private int _largestInsert;

        /// <summary>How many markers each writer has typed so far.</summary>
        public int[] TypedBy() => [.. Enumerable.Range(1, _sessions.Count).Select(c => _sent.Keys.Count(m => m.StartsWith($"[c{c}-", StringComparison.Ordinal)))];

        public static async Task<MarkerLoad> StartAsync(FaultHarness harness, Guid groupId, Guid draftId, Guid paragraphId, int writers)
        {
            var load = new MarkerLoad(harness, groupId, draftId, paragraphId);
            string[] subs = ["demo-chair", "demo-expert-can", "demo-expert-chn", "demo-expert-usa"];
            for (var i = 0; i < writers; i++)
            {
                var session = new DraftingSession(harness.HubFor(subs[i]), groupId, draftId, subs[i]);
                session.Acknowledged += (_, pending, _) =>
                {
                    var inserted = pending.Operation.InsertedLength;
                    for (var largest = load._largestInsert; inserted > largest; largest = load._largestInsert)
                        Interlocked.CompareExchange(ref load._largestInsert, inserted, largest);
                    foreach (var component in pending.Operation.Components)
                        if (component is TextComponent.Insert insert)
                            foreach (Match m in Marker().Matches(insert.Text)) load._acknowledged[m.Value] = true;
                };
                load._sessions.Add(session);
                await session.JoinAsync();
                session.Open(paragraphId);
            }
            for (var i = 0; i < writers; i++)
            {
                var client = i + 1;
                var session = load._sessions[i];
                load._typists.Add(Task.Run(() => load.TypeAsync(session, client)));
            }
            return load;
        }

        private async Task TypeAsync(DraftingSession session, int client)
        {
            var random = new Random(client * 7919);
            for (var n = 1; !_stop.IsCancellationRequested; n++)
            {
                var marker = $"[c{client}-{n}]";
                session.Edit(_paragraphId, text =>
                {
                    // Only at a marker boundary, so concurrent inserts never split a marker.
                    var boundaries = new List<int> { 0, text.Length };
                    for (var i = 0; i < text.Length; i++) if (text[i] == ']') boundaries.Add(i + 1);
                    var at = boundaries[random.Next(boundaries.Count)];
                    return TextOperation.Empty.Retain(at).Insert(marker).Retain(text.Length - at);
                });
                _sent[marker] = true;
                try
                {
                    await Task.Delay(random.Next(25, 55), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        /// <summary>Stops typing, waits until every client is synchronized with the server's text, and checks the markers.</summary>
        public async Task<LoadResult> StopAndConvergeAsync(TimeSpan timeout)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_typists);
            var watch = Stopwatch.StartNew();
            string serverText;
            long serverVersion;
            while (true)
            {
                (serverText, serverVersion) = await TryParagraphAsync();
                var snapshots = _sessions.Select(s => s.Snapshot(_paragraphId)).ToList();
                if (serverVersion >= 0 && snapshots.All(s => s.Synchronized && s.Version == serverVersion && s.Text == serverText)) break;
                if (watch.Elapsed > timeout)
                    throw new Xunit.Sdk.XunitException(
                        $"Clients did not converge: server v{serverVersion}; clients {string.Join(", ", snapshots.Select(s => $"v{s.Version} sync={s.Synchronized} same={s.Text == serverText}"))}; " +
                        $"errors: {string.Join(" | ", _sessions.SelectMany(s => s.Errors).TakeLast(5).Select(e => e.Message))}\n{_harness.ServiceLog()}");
                await Task.Delay(100);
            }
            var converged = watch.Elapsed;

            var inText = Marker().Matches(serverText).Select(m => m.Value).ToList();
            var twice = inText.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"Markers twice in the text: {string.Join(", ", twice)}");
            var missing = _acknowledged.Keys.Where(m => !inText.Contains(m)).ToList();
            Assert.True(missing.Count == 0, $"Acknowledged markers missing from the server's text: {string.Join(", ", missing)}");
            var unknown = inText.Where(m => !_sent.ContainsKey(m)).ToList();
            Assert.True(unknown.Count == 0, $"Markers nobody typed: {string.Join(", ", unknown)}");
            Assert.True(BaseText.Length + inText.Sum(m => m.Length) == serverText.Length,
                $"The server's text (v{serverVersion}, {serverText.Length} code units) is not the base text plus {inText.Count} whole markers " +
                $"({BaseText.Length + inText.Sum(m => m.Length)}): {Fragments(serverText)}; client versions {string.Join(", ", _sessions.Select(s => $"{s.Sub} v{s.Snapshot(_paragraphId).Version}"))}");
            return new LoadResult(_sent.Count, _acknowledged.Count, inText.Count, serverVersion, _sessions.Count, converged);
        }

        /// <summary>
        /// Every run of text that is neither a whole marker nor the base text (markers go in at marker boundaries only, so
        /// the base text stays whole), with its surroundings and the typed markers missing from the text that it could
        /// belong to: a marker cut by another insert shows as its two halves on either side of that insert.
        /// </summary>
        private string Fragments(string text)
        {
            var missing = _sent.Keys.Where(m => !text.Contains(m, StringComparison.Ordinal)).ToList();
            var runs = new List<string>();
            var at = 0;
            foreach (var m in Marker().Matches(text).Append(null))
            {
                var end = m?.Index ?? text.Length;
                if (end > at && text[at..end] != BaseText)
                {
                    var run = text[at..end];
                    var owners = missing.Where(k => k.StartsWith(run, StringComparison.Ordinal) || k.EndsWith(run, StringComparison.Ordinal)).Take(5);
                    runs.Add($"\"{run}\" at {at} in \"{text[Math.Max(0, at - 30)..at]}|{run}|{text[end..Math.Min(text.Length, end + 30)]}\" (part of {string.Join(" or ", owners)})");
                }
                if (m is not null) at = m.Index + m.Length;
            }
            return runs.Count == 0 ? "no stray fragment" : string.Join("; ", runs.Take(10));
        }

        private async Task<(string, long)> TryParagraphAsync()
        {
            try
            {
                return await _harness.ParagraphAsync(_groupId, _draftId, _paragraphId);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                return ("", -1);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            foreach (var session in _sessions) await session.DisposeAsync();
            _stop.Dispose();
        }
    }
}
