using System.Net.Http.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>One of several service instances sharing a database and a Redis (backplane and presence).</summary>
public sealed class ScaledInstance(string connectionString, string channelPrefix, IReadOnlyDictionary<string, string?>? settings = null) : GgeApiFactory
{
    public override Task InitializeAsync()
    {
        ConnectionString = connectionString;
        return Task.CompletedTask;
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
    {
        ["ConnectionStrings:Redis"] = TestRedis.ConnectionString,
        ["Redis:ChannelPrefix"] = channelPrefix,
    };
}

public sealed class ScaleOutTests
{

    [Fact]
    public async Task Two_instances_with_Redis_share_edits_and_presence()
    {
        var database = await TestDatabase.CreateDatabaseAsync();
        var prefix = $"gge-test-{Guid.NewGuid():N}:";
        await using var first = new ScaledInstance(database, prefix);
        await using var second = new ScaledInstance(database, prefix);
        await first.InitializeAsync();
        await second.InitializeAsync();

        var groupId = await first.CreateDemoGroupAsync();
        var chair = new DraftingApi(first.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Gap analysis", "gap analysis");
        var section = await chair.AddSection(workstream.DraftId, "Gap analysis");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, "Shared text");
        var ready = await second.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

        await using var onFirst = new DraftingSession(first.HubFor("demo-expert-can"), groupId, workstream.DraftId, "demo-expert-can");
        await using var onSecond = new DraftingSession(second.HubFor("demo-expert-chn"), groupId, workstream.DraftId, "demo-expert-chn");
        await onFirst.JoinAsync();
        await onSecond.JoinAsync();
        await Wait.UntilAsync(() => onFirst.Presence.Values.Any(e => e.Sub == "demo-expert-chn"), "presence from the other instance arrives");

        onFirst.Open(paragraph.Id);
        onSecond.Open(paragraph.Id);
        for (var i = 0; i < 10; i++)
        {
            onFirst.Edit(paragraph.Id, t => TextOperation.Empty.Insert("C").Retain(CodePoints.Length(t)));
            onSecond.Edit(paragraph.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert("中"));
            await Task.Delay(5);
        }
        await Wait.UntilAsync(() => onFirst.Snapshot(paragraph.Id).Synchronized && onSecond.Snapshot(paragraph.Id).Synchronized, "both committed");
        var server = await new DraftingApi(second.ClientFor("demo-observer"), groupId).Paragraph(workstream.DraftId, paragraph.Id);
        await Wait.UntilAsync(() => onFirst.Snapshot(paragraph.Id).Version == server.TextVersion && onSecond.Snapshot(paragraph.Id).Version == server.TextVersion,
            "both instances delivered every operation");
        Assert.Equal(server.Text, onFirst.Snapshot(paragraph.Id).Text);
        Assert.Equal(server.Text, onSecond.Snapshot(paragraph.Id).Text);
        Assert.Equal(10, server.Text.Count(c => c == 'C'));
        Assert.Equal(10, server.Text.Count(c => c == '中'));

        // A late joiner on the first instance sees who is on the second.
        await using var late = new DraftingSession(first.HubFor("demo-observer"), groupId, workstream.DraftId, "demo-observer");
        await late.JoinAsync();
        Assert.Contains(late.Presence.Values, e => e.Sub == "demo-expert-chn");

        // Removed through the first instance, the member connected to the second loses the group at once.
        var removed = new System.Collections.Concurrent.ConcurrentQueue<Guid>();
        using var subscription = onSecond.Connection.On<Guid>(DraftingHubProtocol.RemovedFromGroup, g => removed.Enqueue(g));
        var secretariat = first.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        (await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/demo-expert-chn")
            .WithIfMatch(version))).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => removed.Contains(groupId), "the second instance withdraws the removed member");
        await Wait.UntilAsync(() => late.Presence.Values.All(e => e.Sub != "demo-expert-chn"), "the removed member's presence goes everywhere");
        var before = onSecond.Snapshot(paragraph.Id).Version;
        onFirst.Edit(paragraph.Id, t => TextOperation.Empty.Insert("after").Retain(CodePoints.Length(t)));
        await Wait.UntilAsync(() => onFirst.Snapshot(paragraph.Id).Synchronized, "an edit after the removal");
        await Task.Delay(300);
        Assert.Equal(before, onSecond.Snapshot(paragraph.Id).Version);
    }
}
