using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Reliability;

public sealed partial class FaultTests
{
    private const string CountListeners = "select count(*) from pg_stat_activity where application_name like 'gge-membership-%'";

    [Fact]
    public async Task Removed_member_receives_nothing_after_the_removal_while_the_membership_listener_is_down()
    {
        // The listener stays down for 3 s after its backend is terminated, and the periodic recheck is off: only the
        // removal itself can withdraw the member in that time.
        await using var harness = await FaultHarness.StartAsync(new Dictionary<string, string>
        {
            ["Membership__ListenRetryMs"] = "3000",
            ["Membership__RecheckIntervalMs"] = "600000",
        });
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(BaseText);
        var watch = Stopwatch.StartNew();
        await using var load = await MarkerLoad.StartAsync(harness, groupId, draftId, paragraphId, writers: 2);

        await using var removed = harness.HubFor("demo-expert-mex");
        await using var remaining = harness.HubFor("demo-observer");
        var removedTraffic = LiveTraffic.Record(removed);
        var remainingTraffic = LiveTraffic.Record(remaining);
        string removedTab = "";
        foreach (var (connection, isRemoved) in new[] { (removed, true), (remaining, false) })
        {
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinGroup, groupId);
            var joined = await connection.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);
            if (isRemoved) removedTab = joined.GetProperty("tabId").GetString()!;
        }
        await Wait.UntilAsync(() => !removedTraffic.OperationVersions.IsEmpty, "the member receives the writers' operations before the removal");

        var terminated = Convert.ToInt64(await harness.SqlAsync(
            "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'gge-membership-%') t"),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, terminated);
        var secretariat = harness.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        var removal = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/demo-expert-mex").WithIfMatch(version));
        Assert.Equal(HttpStatusCode.NoContent, removal.StatusCode);
        Assert.Equal(0L, Convert.ToInt64(await harness.SqlAsync(CountListeners), System.Globalization.CultureInfo.InvariantCulture));

        // Marks: whatever is committed or made from here on must not reach the removed connection.
        var (_, textVersionAtRemoval) = await harness.ParagraphAsync(groupId, draftId, paragraphId);
        var sequenceAtRemoval = Convert.ToInt64(await harness.SqlAsync("select max(seq_id) from mt_events"), System.Globalization.CultureInfo.InvariantCulture);
        var ackedAtRemoval = load.AcknowledgedCount;

        // For the next 5 seconds: the writers keep typing, a new tab joins the draft and moves, the group changes.
        var window = Stopwatch.StartNew();
        await using var late = harness.HubFor("demo-expert-usa");
        await late.StartAsync();
        await late.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinGroup, groupId);
        var lateTab = (await late.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId)).GetProperty("tabId").GetString()!;
        var added = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{groupId}/members")
        {
            Content = JsonContent.Create(new { sub = "joined-after-the-removal", role = "Observer" }, options: Json.Options),
        }.WithIfMatch(removal.Version()));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        for (var caret = 0; window.Elapsed < TimeSpan.FromSeconds(5); caret++)
        {
            await late.InvokeAsync(DraftingHubProtocol.UpdatePresence, new PresenceUpdate(groupId, draftId, paragraphId, caret % 5, null, false));
            await Task.Delay(200);
        }
        var windowLasted = window.Elapsed;
        var ackedInWindow = load.AcknowledgedCount - ackedAtRemoval;

        // The same traffic reached a remaining member (so the window carried operations, presence and group events)...
        await Wait.UntilAsync(() => remainingTraffic.OperationVersions.Any(v => v > textVersionAtRemoval), "operations after the removal reach the others");
        await Wait.UntilAsync(() => remainingTraffic.PresenceTabs.Contains(lateTab), "the new tab's presence reaches the others");
        await Wait.UntilAsync(() => remainingTraffic.GroupEvents.Any(e => e.Sequence > sequenceAtRemoval && e.Type == "member_added"), "group events after the removal reach the others");
        await Wait.UntilAsync(() => remainingTraffic.PresenceLeftTabs.Contains(removedTab), "the removed member's presence leaves the others");
        // ...and none of it reached the removed member, who was told and can no longer join.
        Assert.Empty(removedTraffic.After(textVersionAtRemoval, sequenceAtRemoval, [lateTab]));
        Assert.Equal(new[] { groupId }, removedTraffic.Removals.ToArray());
        var refused = await Assert.ThrowsAsync<HubException>(() => removed.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId));
        Assert.Contains("404", refused.Message);

        await Wait.UntilAsync(async () => Convert.ToInt64(await harness.SqlAsync(CountListeners), System.Globalization.CultureInfo.InvariantCulture), n => n == 1,
            "the membership listener reconnects");
        var result = await load.StopAndConvergeAsync(Converge);
        await AfterFaultAsync(harness);
        output.WriteLine($"RESULT listener backend terminated, member removed at once: {watch.Elapsed.TotalSeconds:0.0} s; " +
            $"{ackedInWindow} markers acknowledged in the {windowLasted.TotalSeconds:0.0} s after the removal ({result.Acknowledged} in all), " +
            $"{remainingTraffic.OperationVersions.Count(v => v > textVersionAtRemoval)} later text versions delivered to a remaining member, 0 to the removed connection; " +
            $"presence and group events after the removal: 0 to the removed connection; the listener was down at the removal (retry after 3 s)");
    }
}
