using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Postgres;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// The service as a real separate process (<c>dotnet GgeWorkspace.Api.dll</c>, Production) on its own durable throwaway
/// PostgreSQL cluster (fsync and synchronous_commit on), so a test can kill either and start it again without touching
/// other tests. Loopback only; everything is stopped and deleted on dispose.
/// </summary>
public sealed class FaultHarness : IAsyncDisposable
{
    private const string SigningKey = "fault-tests-signing-key-0123456789abcdef-0123";
    private const string Issuer = "gge-workspace-fault-tests";
    private static readonly AuthOptions Tokens = new() { Issuer = Issuer, SigningKey = SigningKey };

    private readonly StringBuilder _log = new();
    private readonly List<HttpClient> _clients = [];
    private Process? _service;
    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    private FaultHarness(EmbeddedPostgres postgres, int port)
    {
        Postgres = postgres;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public EmbeddedPostgres Postgres { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string ConnectionString => Postgres.ConnectionString;

    public int ServiceStarts { get; private set; }

    /// <summary>The test's own connections never come from a pool a crash or a termination has left stale.</summary>
    private string Unpooled => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    /// <summary>Starts PostgreSQL and the service; <paramref name="settings"/> are extra configuration (environment variables, <c>Section__Key</c>).</summary>
    public static async Task<FaultHarness> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            BinDirectory = Environment.GetEnvironmentVariable("GGE_POSTGRES_BIN"),
            DataDirectory = Path.Combine(Path.GetTempPath(), $"gge-faults-{Environment.ProcessId}-{Guid.NewGuid():N}"),
            Throwaway = true,
            Durable = true,
        });
        var harness = new FaultHarness(postgres, FreePort()) { _settings = settings ?? new Dictionary<string, string>() };
        try
        {
            await harness.StartServiceAsync();
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>The fsync and synchronous_commit settings the cluster runs with.</summary>
    public async Task<(string Fsync, string SynchronousCommit)> DurabilityAsync()
    {
        await using var conn = new NpgsqlConnection(Unpooled);
        await conn.OpenAsync();
        await using var fsync = new NpgsqlCommand("show fsync", conn);
        var f = (string)(await fsync.ExecuteScalarAsync())!;
        await using var sync = new NpgsqlCommand("show synchronous_commit", conn);
        return (f, (string)(await sync.ExecuteScalarAsync())!);
    }

    public static string ApiAssembly()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "GgeWorkspace.Api.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "GgeWorkspace.Api.runtimeconfig.json"))) return local;
        throw new InvalidOperationException($"GgeWorkspace.Api.dll and its runtimeconfig are not in {AppContext.BaseDirectory}.");
    }

    public async Task StartServiceAsync(TimeSpan? timeout = null)
    {
        if (_service is { HasExited: false }) throw new InvalidOperationException("The service is running.");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in new[] { ApiAssembly(), "--urls", $"http://127.0.0.1:{Port}" }) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment.Remove("DOTNET_ENVIRONMENT");
        psi.Environment["ConnectionStrings__Marten"] = ConnectionString;
        psi.Environment["Auth__Issuer"] = Issuer;
        psi.Environment["Auth__SigningKey"] = SigningKey;
        psi.Environment["Auth__RequireHttpsMetadata"] = "false";
        psi.Environment["Demo__Seed"] = "false";
        psi.Environment["Projections__LeadershipPollingMs"] = "1000";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in _settings) psi.Environment[key] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the service.");
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _service = process;
        ServiceStarts++;
        await WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(90));
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            if (_log.Length > 400_000) _log.Remove(0, 200_000);
            _log.AppendLine(line);
        }
    }

    public string ServiceLog(int lastChars = 6000)
    {
        lock (_log)
        {
            var text = _log.ToString();
            return text.Length <= lastChars ? text : text[^lastChars..];
        }
    }

    /// <summary>kill -9: no shutdown, no flush, connections dropped.</summary>
    public async Task KillServiceAsync()
    {
        if (_service is null) return;
        _service.Kill(entireProcessTree: true);
        await _service.WaitForExitAsync();
        _service.Dispose();
        _service = null;
    }

    public async Task<HttpStatusCode> ReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync("/health/ready");
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await ReadyAsync() != HttpStatusCode.OK)
        {
            if (_service is { HasExited: true }) throw new InvalidOperationException($"The service exited with {_service.ExitCode}:\n{ServiceLog()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The service was not ready within {timeout}:\n{ServiceLog()}");
            await Task.Delay(100);
        }
    }

    public static string TokenFor(string sub)
    {
        var demo = DevelopmentTokens.Cast.FirstOrDefault(u => u.Sub == sub);
        return DevelopmentTokens.IssueToken(new DemoUser(sub, demo?.Name ?? sub, "", demo?.IsSecretariat ?? false), Tokens, TimeProvider.System);
    }

    public HttpClient ClientFor(string sub)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(sub));
        _clients.Add(client);
        return client;
    }

    /// <summary>A hub connection that reconnects every 250 ms for up to two minutes (a restart takes a few seconds).</summary>
    public HubConnection HubFor(string sub)
    {
        var token = TokenFor(sub);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "hubs/drafting"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .WithAutomaticReconnect(new SteadyRetry(TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2)))
            .Build();
    }

    private sealed class SteadyRetry(TimeSpan every, TimeSpan giveUpAfter) : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) => context.ElapsedTime < giveUpAfter ? every : null;
    }

    /// <summary>A group with the demo cast, a workstream, a section and one paragraph, made through the REST API.</summary>
    public async Task<(Guid GroupId, Guid DraftId, Guid ParagraphId)> CreateParagraphAsync(string text)
    {
        var secretariat = ClientFor("demo-secretariat");
        var created = await secretariat.PostAsJsonAsync("/api/groups", new { name = "GGE on ICT security", mandateReference = "A/RES/73/266" });
        var group = await DraftingApi.Read<GroupView>(created);
        var version = group.Version;
        foreach (var (sub, role, state, attribution) in GgeApiFactory.DemoMembers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{group.Id}/members")
            {
                Content = JsonContent.Create(new { sub, role, nominatingState = state, attribution }, options: Json.Options),
            }.WithIfMatch(version);
            var added = await secretariat.SendAsync(request);
            if (!added.IsSuccessStatusCode) throw new Xunit.Sdk.XunitException($"{(int)added.StatusCode}: {await added.Content.ReadAsStringAsync()}");
            version = added.Version();
        }
        var chair = new DraftingApi(ClientFor("demo-chair"), group.Id);
        var workstream = await chair.CreateWorkstream("International law", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Norms");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, text);
        return (group.Id, workstream.DraftId, paragraph.Id);
    }

    /// <summary>The paragraph's text and text version as the server holds them (REST read of the inline snapshot).</summary>
    public async Task<(string Text, long Version)> ParagraphAsync(Guid groupId, Guid draftId, Guid paragraphId)
    {
        var api = new DraftingApi(ClientFor("demo-chair"), groupId);
        var p = await api.Paragraph(draftId, paragraphId);
        return (p.Text, p.TextVersion);
    }

    /// <summary>Runs <paramref name="sql"/> on the service's database (e.g. terminating its backends).</summary>
    public async Task<object?> SqlAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Unpooled);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Waits until every async projection and subscription of the service has caught up with the last event.</summary>
    public async Task WaitForProjectionsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        const string Behind = """
            select count(*) from mt_event_progression p
            where p.name not like 'HighWater%' and p.last_seq_id < (select coalesce(max(seq_id), 0) from mt_events)
            """;
        while (Convert.ToInt64(await SqlAsync(Behind), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The async projections did not catch up within {timeout}: {await ProgressAsync()}\n{ServiceLog()}");
            await Task.Delay(200);
        }
    }

    private async Task<string> ProgressAsync() =>
        (string)(await SqlAsync("""
            select string_agg(name || '=' || last_seq_id, ', ') || '; max seq ' || (select coalesce(max(seq_id), 0) from mt_events)
            from mt_event_progression
            """))!;

    /// <summary>The invariant checker (no version gaps, read models equal rebuilds) on the service's database, in-process.</summary>
    public async Task AssertInvariantsAsync()
    {
        await using var app = WorkspaceHost.Build([
            "--environment=Production", $"--ConnectionStrings:Marten={Unpooled}", "--Demo:Seed=false",
            $"--Auth:Issuer={Issuer}", $"--Auth:SigningKey={SigningKey}", "--Logging:LogLevel:Default=Warning",
        ]);
        var violations = await InvariantCheck.RunAsync(app.Services.GetRequiredService<IDocumentStore>(), app.Services);
        if (violations.Count == 0) return;
        var details = new StringBuilder();
        foreach (Match m in Regex.Matches(string.Join('\n', violations.Select(v => v.What)), "Stream ([0-9a-f-]{36})"))
        {
            details.AppendLine(await SqlAsync($"select string_agg(concat_ws(' ', type, version, seq_id, timestamp, is_archived), '; ') from mt_events where stream_id = '{m.Groups[1].Value}'") as string);
            details.AppendLine(await SqlAsync($"select concat_ws(' ', type, version, created, timestamp, is_archived) from mt_streams where id = '{m.Groups[1].Value}'") as string);
        }
        Assert.Fail(string.Join(Environment.NewLine, violations.Select(v => $"invariant {v.Invariant}: {v.What}")) + "\n" + details + ServiceLog(3000));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        try
        {
            await KillServiceAsync();
        }
        finally
        {
            await Postgres.RestartAsync();
            await Postgres.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
