using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Postgres;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Npgsql;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// The administrative commands run by an operator against the embedded cluster the running service uses: a real
/// service process and real command processes on one data directory.
/// </summary>
public sealed class SharedClusterTests
{
    private const string Issuer = "gge-workspace-shared-cluster-tests";
    private const string SigningKey = "shared-cluster-tests-signing-key-0123456789abcdef";

    private static Dictionary<string, string?> Production(string dataDirectory) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["EmbeddedPostgres__DataDirectory"] = dataDirectory,
        ["EmbeddedPostgres__BinDirectory"] = Environment.GetEnvironmentVariable("GGE_POSTGRES_BIN"),
        ["Auth__Issuer"] = Issuer,
        ["Auth__SigningKey"] = SigningKey,
        ["Auth__RequireHttpsMetadata"] = "false",
        ["Demo__Seed"] = "false",
        ["Logging__Console__FormatterName"] = "simple",
    };

    private static HttpClient ClientFor(Uri baseAddress, string sub)
    {
        var demo = DevelopmentTokens.Cast.First(u => u.Sub == sub);
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            DevelopmentTokens.IssueToken(demo, new AuthOptions { Issuer = Issuer, SigningKey = SigningKey }, TimeProvider.System));
        return client;
    }

    private static string PostmasterPid(string dataDirectory) => Path.Combine(dataDirectory, "pgdata", "postmaster.pid");

    /// <summary>Polls readiness while a command runs; every answer is kept.</summary>
    private sealed class ReadinessWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _polling;

        public ReadinessWatch(Uri baseAddress) => _polling = PollAsync(baseAddress);

        public List<HttpStatusCode> Answers { get; } = [];

        private async Task PollAsync(Uri baseAddress)
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            while (!_stop.IsCancellationRequested)
            {
                HttpStatusCode answer;
                try
                {
                    using var response = await http.GetAsync("/health/ready");
                    answer = response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    answer = 0;
                }
                lock (Answers) Answers.Add(answer);
                try { await Task.Delay(100, _stop.Token); }
                catch (OperationCanceledException) { }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _polling;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Operator_commands_share_the_running_services_embedded_cluster_and_the_service_stays_ready()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"gge-shared-cluster-{Guid.NewGuid():N}");
        var port = ServiceProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var exported = Path.Combine(Path.GetTempPath(), $"gge-shared-cluster-{Guid.NewGuid():N}.docx");
        try
        {
            await using (var service = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], Production(dataDirectory)))
            {
                await service.UntilAnswersAsync(new Uri(baseAddress, "/health/ready"));
                using var secretariat = ClientFor(baseAddress, "demo-secretariat");
                using var chair = ClientFor(baseAddress, "demo-chair");

                async Task<string> RunWhileServingAsync(bool mustSucceed, params string[] command)
                {
                    await using var cli = ServiceProcess.Start(command, Production(dataDirectory));
                    int exitCode;
                    List<HttpStatusCode> answers;
                    await using (var watch = new ReadinessWatch(baseAddress))
                    {
                        exitCode = await cli.ExitCodeAsync();
                        answers = watch.Answers;
                    }
                    var what = $"`{string.Join(' ', command)}` (exit {exitCode}):\n{cli.Output}\nService:\n{service.Output[^Math.Min(4000, service.Output.Length)..]}";
                    Assert.True(answers.Count > 0 && answers.All(a => a == HttpStatusCode.OK),
                        $"Readiness while {what}\nanswered {string.Join(", ", answers.Distinct())}");
                    Assert.False(service.HasExited, what);
                    Assert.Equal(HttpStatusCode.OK, (await secretariat.GetAsync("/api/groups")).StatusCode);
                    Assert.True(File.Exists(PostmasterPid(dataDirectory)), $"The cluster stopped after {what}");
                    return exitCode == 0 || !mustSucceed ? cli.Output : throw new Xunit.Sdk.XunitException($"Failed: {what}");
                }

                await RunWhileServingAsync(true, "demo", "seed");
                // What the command wrote is what the running service reads.
                var drafts = await chair.GetFromJsonAsync<JsonElement>($"/api/groups/{DemoWorkspace.GroupId}/drafts");
                var draftId = drafts.EnumerateArray().First().GetProperty("id").GetGuid();

                await RunWhileServingAsync(true, "exports", "export", "--group", DemoWorkspace.GroupId.ToString(), "--draft", draftId.ToString(), "--output", exported);
                Assert.True(new FileInfo(exported).Length > 0);
                var migrations = await RunWhileServingAsync(true, "migrations", "apply");
                Assert.Contains("0 migration(s) applied", migrations);
                Assert.Contains("already running for another process", migrations);
                // Whether the invariants hold is the checker's own tests' concern; here: it leaves the service's database running.
                await RunWhileServingAsync(false, "invariants", "check");
                Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync($"/api/groups/{DemoWorkspace.GroupId}/drafts/{draftId}")).StatusCode);
            }

            // The service, the last to let go of the cluster, stopped it when it shut down.
            Assert.False(File.Exists(PostmasterPid(dataDirectory)), "The cluster still runs after every process using it ended.");
        }
        finally
        {
            File.Delete(exported);
            await ServiceProcess.RemoveDataDirectoryAsync(dataDirectory);
        }
    }

    private static EmbeddedPostgresOptions ServiceLike(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        BinDirectory = Environment.GetEnvironmentVariable("GGE_POSTGRES_BIN"),
    };

    private static async Task<int> SelectOneAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select 1", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_second_user_joins_the_running_cluster_and_only_the_last_to_let_go_stops_it()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"gge-joined-cluster-{Guid.NewGuid():N}");
        try
        {
            var first = await EmbeddedPostgres.StartAsync(ServiceLike(dataDirectory));
            var second = await EmbeddedPostgres.StartAsync(ServiceLike(dataDirectory));
            Assert.False(first.Attached);
            Assert.True(second.Attached);
            Assert.Equal(first.Port, second.Port);

            await first.DisposeAsync();
            Assert.True(File.Exists(PostmasterPid(dataDirectory)), "The first user stopped the cluster the second still uses.");
            Assert.Equal(1, await SelectOneAsync(second.ConnectionString));

            await second.DisposeAsync();
            Assert.False(File.Exists(PostmasterPid(dataDirectory)), "The last user left the cluster running.");
        }
        finally
        {
            await ServiceProcess.RemoveDataDirectoryAsync(dataDirectory);
        }
    }

    [Fact]
    public async Task The_service_keeps_serving_from_a_cluster_another_process_started_when_that_process_lets_go()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"gge-handed-cluster-{Guid.NewGuid():N}");
        var port = ServiceProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            // This test process plays the command that started the cluster before the service came up.
            var command = await EmbeddedPostgres.StartAsync(ServiceLike(dataDirectory));
            await using (var service = ServiceProcess.Start(["--urls", $"http://127.0.0.1:{port}"], Production(dataDirectory)))
            {
                await service.UntilAnswersAsync(new Uri(baseAddress, "/health/ready"));
                Assert.Contains("already running for another process", service.Output);

                await command.DisposeAsync();

                Assert.True(File.Exists(PostmasterPid(dataDirectory)), "The process that started the cluster stopped it under the running service.");
                using var secretariat = ClientFor(baseAddress, "demo-secretariat");
                var created = await secretariat.PostAsJsonAsync("/api/groups", new { name = "GGE on ICT security", mandateReference = "A/RES/73/266" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                using var http = new HttpClient { BaseAddress = baseAddress };
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            }
            Assert.False(File.Exists(PostmasterPid(dataDirectory)), "The service, the last user, left the cluster running.");
        }
        finally
        {
            await ServiceProcess.RemoveDataDirectoryAsync(dataDirectory);
        }
    }

    [Fact]
    public async Task A_command_with_no_service_running_starts_the_cluster_itself_and_stops_it_afterwards()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"gge-command-cluster-{Guid.NewGuid():N}");
        try
        {
            await using var cli = ServiceProcess.Start(["migrations", "apply"], Production(dataDirectory));
            Assert.Equal(0, await cli.ExitCodeAsync());
            Assert.Matches("[1-9][0-9]* migration\\(s\\) applied", cli.Output);
            Assert.DoesNotContain("already running for another process", cli.Output);
            Assert.False(File.Exists(PostmasterPid(dataDirectory)), $"The command left the cluster it started running:\n{cli.Output}");
        }
        finally
        {
            await ServiceProcess.RemoveDataDirectoryAsync(dataDirectory);
        }
    }
}
