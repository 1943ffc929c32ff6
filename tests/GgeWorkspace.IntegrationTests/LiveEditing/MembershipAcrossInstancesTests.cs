using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Consensus;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>
/// Two instances on one database and one Redis: a member removed through one instance while the other instance's
/// membership listener is down (its notification lost), and Chairs' dashboards sent from the instance running the daemon.
/// </summary>
public sealed class MembershipAcrossInstancesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public Task Removed_member_on_another_instance_receives_nothing_after_the_removal_answers_while_its_listener_is_down() =>
        RemoveWhileTheOtherListenerIsDownAsync(
            new Dictionary<string, string?> { ["Membership:ListenRetryMs"] = "600000", ["Membership:RecheckIntervalMs"] = "600000" },
            atOnce: true, listenersAtWithdrawal: 0);

    /// <summary>
    /// The other instance is busy applying membership (its recheck holds the one-change-at-a-time gate while it reads
    /// the database) when the removal arrives through Redis: the removal answers only once that instance has withdrawn
    /// the member, so operations the SignalR backplane delivers after the answer find them gone.
    /// </summary>
    [Fact]
    public Task Removed_member_on_a_busy_instance_receives_nothing_after_the_removal_answers() =>
        RemoveWhileTheOtherListenerIsDownAsync(
            new Dictionary<string, string?> { ["Membership:ListenRetryMs"] = "600000", ["Membership:RecheckIntervalMs"] = "600000" },
            atOnce: true, listenersAtWithdrawal: 0, secondBusyFor: TimeSpan.FromMilliseconds(1000));

    [Fact]
    public Task Without_Redis_publishing_a_removed_member_on_another_instance_is_withdrawn_when_its_listener_reconnects() =>
        RemoveWhileTheOtherListenerIsDownAsync(
            new Dictionary<string, string?>
            {
                ["Membership:ShareThroughRedis"] = "false", ["Membership:ListenRetryMs"] = "2000", ["Membership:RecheckIntervalMs"] = "600000",
            },
            atOnce: false, listenersAtWithdrawal: 1);

    [Fact]
    public Task Without_Redis_publishing_a_removed_member_on_another_instance_is_withdrawn_by_the_periodic_recheck_while_its_listener_stays_down() =>
        RemoveWhileTheOtherListenerIsDownAsync(
            new Dictionary<string, string?>
            {
                ["Membership:ShareThroughRedis"] = "false", ["Membership:ListenRetryMs"] = "600000", ["Membership:RecheckIntervalMs"] = "500",
            },
            atOnce: false, listenersAtWithdrawal: 0);

    [Fact]
    public async Task A_removal_answers_when_an_instance_that_received_it_never_acknowledges_it()
    {
        var database = await TestDatabase.CreateDatabaseAsync();
        var prefix = $"gge-test-{Guid.NewGuid():N}:";
        await using var instance = new ScaledInstance(database, prefix, new Dictionary<string, string?> { ["Membership:AckTimeoutMs"] = "500" });
        await instance.InitializeAsync();
        var groupId = await instance.CreateDemoGroupAsync();

        // A subscriber that receives membership changes as an instance would and never acknowledges them.
        await using var silent = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestRedis.ConnectionString);
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await silent.GetSubscriber().SubscribeAsync(StackExchange.Redis.RedisChannel.Literal(prefix + "membership"), (_, message) => received.Enqueue(message.ToString()));

        var secretariat = instance.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        var removal = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/demo-expert-mex").WithIfMatch(version));

        Assert.Equal(HttpStatusCode.NoContent, removal.StatusCode);
        await Wait.UntilAsync(() => !received.IsEmpty, "the silent subscriber receives the change");
        var change = JsonDocument.Parse(received.Single()).RootElement;
        Assert.True(Guid.TryParse(change.GetProperty("change").GetString(), out _));
        Assert.DoesNotContain(change.GetProperty("group").GetProperty("members").EnumerateArray(), m => m.GetProperty("sub").GetString() == "demo-expert-mex");
    }

    /// <summary>
    /// Removes, through the first instance, a member connected to the second while the second's listener is down, with a
    /// writer typing on the first. <paramref name="atOnce"/>: nothing made after the removal answered may arrive; otherwise
    /// nothing made after the second instance withdrew the member (the window the notification's loss leaves).
    /// </summary>
    private async Task RemoveWhileTheOtherListenerIsDownAsync(
        Dictionary<string, string?> settings, bool atOnce, int listenersAtWithdrawal, TimeSpan? secondBusyFor = null)
    {
        var database = await TestDatabase.CreateDatabaseAsync();
        var prefix = $"gge-test-{Guid.NewGuid():N}:";
        await using var first = new ScaledInstance(database, prefix, settings);
        await using var second = new ScaledInstance(database, prefix, settings);
        await first.InitializeAsync();
        await second.InitializeAsync();
        var listener = second.Services.GetRequiredService<MembershipNotifications>().ApplicationName;
        await Wait.UntilAsync(() => ListenersAsync(database, listener), n => n == 1, "the second instance listens");

        var groupId = await first.CreateDemoGroupAsync();
        var chair = new DraftingApi(first.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Gap analysis", "gap analysis");
        var section = await chair.AddSection(workstream.DraftId, "Gap analysis");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, "تحقق 核查 ✅");
        var draftId = workstream.DraftId;

        // A writer on the first instance types all along; the member to remove and a remaining member are on the second.
        await using var writer = new DraftingSession(first.HubFor("demo-chair"), groupId, draftId, "demo-chair");
        await writer.JoinAsync();
        writer.Open(paragraph.Id);
        using var typing = new CancellationTokenSource();
        var typist = Task.Run(async () =>
        {
            while (!typing.IsCancellationRequested)
            {
                writer.Edit(paragraph.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert("ع"));
                await Task.Delay(30);
            }
        });
        await using var removed = second.HubFor("demo-expert-mex");
        await using var remaining = second.HubFor("demo-observer");
        var removedTraffic = LiveTraffic.Record(removed);
        var remainingTraffic = LiveTraffic.Record(remaining);
        var removedTab = "";
        foreach (var (connection, isRemoved) in new[] { (removed, true), (remaining, false) })
        {
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinGroup, groupId);
            var joined = await connection.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);
            if (isRemoved) removedTab = joined.GetProperty("tabId").GetString()!;
        }
        await Wait.UntilAsync(() => !removedTraffic.OperationVersions.IsEmpty, "operations from the first instance reach the member on the second");

        Assert.Equal(1, await SqlAsync(database, $"select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = '{listener}') t"));
        var secretariat = first.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        if (secondBusyFor is { } busy)
        {
            var gate = (SemaphoreSlim)typeof(MembershipReconciliation).GetField("_gate", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .GetValue(second.Services.GetRequiredService<MembershipReconciliation>())!;
            await gate.WaitAsync();
            _ = Task.Delay(busy).ContinueWith(_ => gate.Release(), TaskScheduler.Default);
        }
        var removal = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/demo-expert-mex").WithIfMatch(version));
        Assert.Equal(HttpStatusCode.NoContent, removal.StatusCode);
        Assert.Equal(0, await ListenersAsync(database, listener));

        if (!atOnce)
        {
            await Wait.UntilAsync(() => removedTraffic.Removals.Contains(groupId), "the second instance withdraws the removed member");
            Assert.Equal(listenersAtWithdrawal, await ListenersAsync(database, listener));
        }

        // Marks: from here on nothing may reach the removed connection.
        var textVersion = (await chair.Paragraph(draftId, paragraph.Id)).TextVersion;
        var sequence = await SqlAsync(database, "select max(seq_id) from mt_events");
        await using var late = first.HubFor("demo-expert-usa");
        await late.StartAsync();
        var lateTab = (await late.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId)).GetProperty("tabId").GetString()!;
        var added = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{groupId}/members")
        {
            Content = JsonContent.Create(new { sub = "joined-after-the-removal", role = "Observer" }, options: Json.Options),
        }.WithIfMatch(removal.Version()));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        for (var caret = 0; caret < 10; caret++)
        {
            await late.InvokeAsync(DraftingHubProtocol.UpdatePresence, new PresenceUpdate(groupId, draftId, paragraph.Id, caret % 3, null, true));
            await Task.Delay(200);
        }

        await Wait.UntilAsync(() => remainingTraffic.OperationVersions.Any(v => v > textVersion), "later operations reach the remaining member");
        await Wait.UntilAsync(() => remainingTraffic.PresenceTabs.Contains(lateTab), "the new tab's presence reaches the remaining member");
        await Wait.UntilAsync(() => remainingTraffic.GroupEvents.Any(e => e.Sequence > sequence && e.Type == "member_added"), "later group events reach the remaining member");
        await Wait.UntilAsync(() => remainingTraffic.PresenceLeftTabs.Contains(removedTab), "the removed member's presence leaves");
        await typing.CancelAsync();
        await typist;
        Assert.Equal(listenersAtWithdrawal, await ListenersAsync(database, listener));

        Assert.Empty(removedTraffic.After(textVersion, sequence, [lateTab]));
        Assert.Equal(new[] { groupId }, removedTraffic.Removals.ToArray());
        await Assert.ThrowsAsync<HubException>(() => removed.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId));
        output.WriteLine($"RESULT removal across instances ({(atOnce ? "marks when the removal answered" : "marks when the member was withdrawn")}, " +
            $"listener {(listenersAtWithdrawal == 1 ? "reconnected" : "still down")}): {remainingTraffic.OperationVersions.Count(v => v > textVersion)} later text versions, " +
            $"{remainingTraffic.PresenceTabs.Count(t => t == lateTab)} presence updates and {remainingTraffic.GroupEvents.Count(e => e.Sequence > sequence)} group events " +
            $"reached a remaining member on the same instance; 0 reached the removed connection");
    }

    [Fact]
    public async Task Chairs_receive_dashboard_changes_from_the_instance_that_runs_the_daemon()
    {
        var database = await TestDatabase.CreateDatabaseAsync();
        var prefix = $"gge-test-{Guid.NewGuid():N}:";
        await using var daemon = new ScaledInstance(database, prefix);
        await using var other = new ScaledInstance(database, prefix);
        await daemon.InitializeAsync();
        await other.InitializeAsync();
        await daemon.WaitForDaemonAsync();
        _ = other.Server;

        var room = await ConsensusRoom.OpenAsync(daemon);
        var p = await room.NegotiableParagraphAsync("Pushed to the Chair on the other instance.");
        await using var chair = other.HubFor("demo-chair");
        await using var expert = other.HubFor("demo-expert-mex");
        var chairTraffic = LiveTraffic.Record(chair);
        var expertTraffic = LiveTraffic.Record(expert);
        foreach (var connection in new[] { chair, expert })
        {
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinGroup, room.GroupId);
        }

        var before = await SqlAsync(database, "select max(seq_id) from mt_events");
        (await room.StatePosition("demo-expert-chn", p.Id, new { kind = "Objection", reason = "We cannot accept this." })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => chairTraffic.DashboardSequences.Any(s => s > before), "the Chair on the other instance receives the dashboard");
        await Wait.UntilAsync(() => expertTraffic.GroupEvents.Any(e => e.Sequence > before), "the Expert on the other instance receives the group event");
        Assert.Empty(expertTraffic.DashboardSequences);

        // Another Chair takes over; the former Chair's connection leaves the Chairs' channel as the change commits.
        var secretariat = other.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{room.GroupId}")).Version();
        version = await ChangeRoleAsync(secretariat, room.GroupId, "demo-expert-usa", "Chair", version);
        await using var successor = other.HubFor("demo-expert-usa");
        var successorTraffic = LiveTraffic.Record(successor);
        await successor.StartAsync();
        await successor.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinGroup, room.GroupId);
        await ChangeRoleAsync(secretariat, room.GroupId, "demo-chair", "Expert", version);

        var demoted = await SqlAsync(database, "select max(seq_id) from mt_events");
        (await room.StatePosition("demo-expert-can", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => successorTraffic.DashboardSequences.Any(s => s > demoted), "the new Chair receives the dashboard");
        await chair.InvokeAsync<string>("WhoAmI");
        Assert.DoesNotContain(chairTraffic.DashboardSequences, s => s > demoted);
    }

    private static async Task<long> ChangeRoleAsync(HttpClient secretariat, Guid groupId, string sub, string role, long version)
    {
        var response = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/groups/{groupId}/members/{sub}")
        {
            Content = JsonContent.Create(new { role }, options: Json.Options),
        }.WithIfMatch(version));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Version();
    }

    private static Task<long> ListenersAsync(string database, string applicationName) =>
        SqlAsync(database, $"select count(*) from pg_stat_activity where application_name = '{applicationName}'");

    private static async Task<long> SqlAsync(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
