using System.Text.Json;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Foundation;

public sealed class HubConnectionTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_hub_connection_without_a_token_is_refused()
    {
        await using var connection = api.HubFor(null);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
        Assert.Contains("401", error.Message);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_hub_connection_with_a_token_is_accepted_and_knows_its_caller()
    {
        await using var connection = api.HubFor("demo-expert-chn");
        await connection.StartAsync();
        Assert.Equal("demo-expert-chn", await connection.InvokeAsync<string>("WhoAmI"));
    }

    [Fact]
    public async Task Joining_a_group_over_the_hub_checks_membership_like_the_rest_api()
    {
        var groupId = await api.CreateDemoGroupAsync();

        await using var member = api.HubFor("demo-observer");
        await member.StartAsync();
        var view = await member.InvokeAsync<GroupView>("JoinGroup", groupId);
        Assert.Equal(MemberRole.Observer, view.MyRole);

        await using var stranger = api.HubFor("a-stranger");
        await stranger.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<GroupView>("JoinGroup", groupId));
        var problem = JsonDocument.Parse(refused.Message[(refused.Message.IndexOf('{'))..]).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }
}

public sealed class HubOriginTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task The_hub_refuses_pages_from_other_origins_and_accepts_its_own()
    {
        var client = api.ClientFor("demo-chair");
        var foreign = new HttpRequestMessage(HttpMethod.Post, "/hubs/drafting/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        var refused = await client.SendAsync(foreign);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);

        var own = new HttpRequestMessage(HttpMethod.Post, "/hubs/drafting/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", "http://localhost");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(own)).StatusCode);

        var native = await client.PostAsync("/hubs/drafting/negotiate?negotiateVersion=1", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, native.StatusCode);
    }
}
