using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.Foundation;

public sealed class ProjectionHealthTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{

    [Fact]
    public async Task A_stopped_async_projection_on_the_lock_holder_makes_the_instance_unready_until_it_runs_again()
    {
        var client = api.Anonymous();
        await Wait.UntilAsync(() => client.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, "ready at start");
        var daemon = api.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var agent = await Wait.UntilAsync(() => Task.FromResult(daemon.CurrentAgents().FirstOrDefault(a => a.Status == AgentStatus.Running)),
            a => a is not null, "the lock holder runs the activity projection");

        await daemon.StopAgentAsync(agent!.Name.Identity);

        var unready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        var body = await unready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("async-projections").GetProperty("status").GetString());

        await Wait.UntilAsync(() => client.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, "ready again after the restart");

        var groupId = await api.CreateDemoGroupAsync();
        var feed = await Wait.UntilAsync(
            () => api.ClientFor("demo-chair").GetFromJsonAsync<List<ActivityEntry>>($"/api/groups/{groupId}/activity", Json.Options),
            f => f!.Count > 0, "the restarted projection projects new events");
        Assert.Contains(feed!, e => e.Kind == "group_created");
    }
}
