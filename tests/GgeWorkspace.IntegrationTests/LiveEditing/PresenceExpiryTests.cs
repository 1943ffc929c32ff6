using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Consensus;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

#pragma warning disable CA1001 // disposed by xunit through IAsyncLifetime
public sealed class PresenceExpiryTests : IAsyncLifetime
{
    private readonly ClockedApiFactory api = new(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));

    public Task InitializeAsync() => api.InitializeAsync();

    public async Task DisposeAsync() => await api.DisposeAsync();


    [Fact]
    public async Task Presence_stays_while_heartbeats_come_and_is_gone_within_five_seconds_after_they_stop()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");

        await using var watcher = new DraftingSession(api.HubFor("demo-chair"), groupId, workstream.DraftId, "demo-chair");
        await using var quiet = new DraftingSession(api.HubFor("demo-expert-gbr"), groupId, workstream.DraftId, "demo-expert-gbr");
        await watcher.JoinAsync();
        await quiet.JoinAsync();
        await Wait.UntilAsync(() => watcher.Presence.Values.Any(e => e.Sub == "demo-expert-gbr"), "the expert appears", 30);

        for (var i = 0; i < 4; i++)
        {
            await quiet.HeartbeatAsync();
            api.Clock.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(50);
        }
        Assert.Contains(watcher.Presence.Values, e => e.Sub == "demo-expert-gbr");

        // The connection stays open, but no heartbeat comes: within five seconds of service time the presence is gone.
        api.Clock.Advance(TimeSpan.FromSeconds(5));
        await Wait.UntilAsync(() => watcher.Presence.Values.All(e => e.Sub != "demo-expert-gbr"), "the silent expert's presence goes", 30);
    }
}
