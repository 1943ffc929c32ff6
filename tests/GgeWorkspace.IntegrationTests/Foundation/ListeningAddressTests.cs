using System.Net;
using System.Net.Sockets;
using GgeWorkspace.Api.Infrastructure;
using GgeWorkspace.Api.Infrastructure.Http;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>Where the built service listens in Development, chosen the documented ways, and what it does when the port is taken.</summary>
public sealed class ListeningAddressTests
{
    /// <summary>Development on an existing database, without the demo seed: only the listening address is under test.</summary>
    private static async Task<Dictionary<string, string?>> DevelopmentAsync() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__Marten"] = await TestDatabase.CreateDatabaseAsync(),
        ["Demo__Seed"] = "false",
    };

    private static async Task AssertListensOnAsync(ServiceProcess service, int port)
    {
        await service.UntilAnswersAsync(new Uri($"http://127.0.0.1:{port}/health/live"));
        Assert.Contains($"GGE Workspace listens on http://", service.Output);
        Assert.Contains($":{port}", service.Output);
        Assert.DoesNotContain(":5080", service.Output);
    }

    [Fact]
    public async Task Development_listens_where_ASPNETCORE_URLS_says()
    {
        var port = ServiceProcess.FreePort();
        var environment = await DevelopmentAsync();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        await using var service = ServiceProcess.Start([], environment);
        await AssertListensOnAsync(service, port);
    }

    [Fact]
    public async Task Development_listens_where_the_urls_argument_says()
    {
        var port = ServiceProcess.FreePort();
        await using var service = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], await DevelopmentAsync());
        await AssertListensOnAsync(service, port);
    }

    [Fact]
    public async Task Development_listens_on_the_port_ASPNETCORE_HTTP_PORTS_names()
    {
        var port = ServiceProcess.FreePort();
        var environment = await DevelopmentAsync();
        environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var service = ServiceProcess.Start([], environment);
        await AssertListensOnAsync(service, port);
    }

    [Fact]
    public async Task Development_listens_on_5080_when_no_address_is_chosen_and_a_chosen_one_wins()
    {
        await using (var plain = WorkspaceHost.Build(["--environment=Development"]))
            Assert.Equal(["http://localhost:5080"], ListeningAddresses.Of(plain.Configuration));
        await using (var chosen = WorkspaceHost.Build(["--environment=Development", "--urls=http://127.0.0.1:5181"]))
            Assert.Equal(["http://127.0.0.1:5181"], ListeningAddresses.Of(chosen.Configuration));
    }

    [Fact]
    public async Task A_taken_port_ends_the_service_at_once_naming_the_port_before_any_database_is_started()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"gge-taken-port-{Guid.NewGuid():N}");

        try
        {
            // Development with the embedded cluster and the demo seed: everything a start would do after binding.
            await using var service = ServiceProcess.Start([], new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["EmbeddedPostgres__DataDirectory"] = dataDirectory,
            });

            Assert.NotEqual(0, await service.ExitCodeAsync(seconds: 60));
            Assert.Contains($"port {port} is already in use", service.Output);
            Assert.Contains("ASPNETCORE_URLS", service.Output);
            Assert.False(Directory.Exists(dataDirectory), "The service created its database folder although it could not listen.");
        }
        finally
        {
            await ServiceProcess.RemoveDataDirectoryAsync(dataDirectory);
        }
    }
}
