using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

public sealed class LiveUpdatesTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private sealed record Listener(HubConnection Connection, Channel<JsonElement> Events, Channel<Guid> Removals) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();

        /// <summary>The next event of a type (about a member, when given), skipping earlier traffic still in flight.</summary>
        public async Task<JsonElement> Next(string type, string? sub = null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var e = await Events.Reader.ReadAsync(timeout.Token);
                if (e.GetProperty("type").GetString() == type
                    && (sub is null || e.GetProperty("data").GetProperty("sub").GetString() == sub)) return e;
            }
        }
    }

    private async Task<Listener> Listen(string sub)
    {
        var connection = api.HubFor(sub);
        var events = Channel.CreateUnbounded<JsonElement>();
        var removals = Channel.CreateUnbounded<Guid>();
        connection.On<JsonElement>("GroupEvent", e => events.Writer.TryWrite(e));
        connection.On<Guid>("RemovedFromGroup", g => removals.Writer.TryWrite(g));
        await connection.StartAsync();
        return new Listener(connection, events, removals);
    }

    private async Task<HttpResponseMessage> AddMember(Guid groupId, string sub)
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        return await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{groupId}/members")
        {
            Content = JsonContent.Create(new { sub, role = "Expert" }, options: Json.Options),
        }.WithIfMatch(version));
    }

    [Fact]
    public async Task Members_who_joined_receive_every_committed_event_of_their_group_and_strangers_receive_nothing()
    {
        await api.WaitForDaemonAsync();
        var groupId = await api.CreateDemoGroupAsync();
        await using var chair = await Listen("demo-chair");
        await using var stranger = await Listen("a-stranger");
        await chair.Connection.InvokeAsync<GroupView>("JoinGroup", groupId);
        await Assert.ThrowsAsync<HubException>(() => stranger.Connection.InvokeAsync<GroupView>("JoinGroup", groupId));

        (await AddMember(groupId, "a-new-expert")).EnsureSuccessStatusCode();

        var received = await chair.Next("member_added", "a-new-expert");
        Assert.Equal(groupId, received.GetProperty("groupId").GetGuid());
        Assert.Equal("a-new-expert", received.GetProperty("data").GetProperty("sub").GetString());
        Assert.Equal("demo-secretariat", received.GetProperty("actor").GetString());
        Assert.False(stranger.Events.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_removed_member_stops_receiving_the_group_at_once()
    {
        await api.WaitForDaemonAsync();
        var groupId = await api.CreateDemoGroupAsync();
        await using var chair = await Listen("demo-chair");
        await using var expert = await Listen("demo-expert-mex");
        await chair.Connection.InvokeAsync<GroupView>("JoinGroup", groupId);
        await expert.Connection.InvokeAsync<GroupView>("JoinGroup", groupId);

        var secretariat = api.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        (await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/demo-expert-mex")
            .WithIfMatch(version))).EnsureSuccessStatusCode();

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            Assert.Equal(groupId, await expert.Removals.Reader.ReadAsync(timeout.Token));
        await chair.Next("member_removed", "demo-expert-mex");
        while (expert.Events.Reader.TryRead(out _)) { }

        (await AddMember(groupId, "after-removal")).EnsureSuccessStatusCode();
        var afterwards = await chair.Next("member_added", "after-removal");
        Assert.Equal("after-removal", afterwards.GetProperty("data").GetProperty("sub").GetString());
        Assert.False(expert.Events.Reader.TryRead(out _));

        await Assert.ThrowsAsync<HubException>(() => expert.Connection.InvokeAsync<GroupView>("JoinGroup", groupId));
    }
}

public sealed class DraftLiveUpdatesTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task Every_committed_draft_event_reaches_members_who_joined_and_no_one_else()
    {
        await api.WaitForDaemonAsync();
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Gap analysis", "gap analysis");
        var section = await chair.AddSection(workstream.DraftId, "Gap analysis");

        var received = Channel.CreateUnbounded<JsonElement>();
        var strangerReceived = Channel.CreateUnbounded<JsonElement>();
        await using var member = api.HubFor("demo-expert-usa");
        await using var stranger = api.HubFor("a-stranger");
        member.On<JsonElement>("GroupEvent", e => received.Writer.TryWrite(e));
        stranger.On<JsonElement>("GroupEvent", e => strangerReceived.Writer.TryWrite(e));
        await member.StartAsync();
        await stranger.StartAsync();
        await member.InvokeAsync<GroupView>("JoinGroup", groupId);
        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<GroupView>("JoinGroup", groupId));

        var proposed = await new DraftingApi(api.ClientFor("demo-expert-mex"), groupId).AddParagraph(workstream.DraftId, section, "Texto propuesto por México — 墨西哥");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement e;
        do e = await received.Reader.ReadAsync(timeout.Token);
        while (e.GetProperty("type").GetString() != "paragraph_proposed");
        Assert.Equal(proposed.Id, e.GetProperty("streamId").GetGuid());
        Assert.Equal("Texto propuesto por México — 墨西哥", e.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("demo-expert-mex", e.GetProperty("actor").GetString());
        Assert.False(strangerReceived.Reader.TryRead(out _));
    }
}
