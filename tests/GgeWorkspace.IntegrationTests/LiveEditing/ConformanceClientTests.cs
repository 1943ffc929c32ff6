using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>
/// The service on Kestrel, driven by the conformance client in tests/conformance: a Node program written from the
/// protocol's documentation alone, with the official SignalR JavaScript client and ot-text-unicode's own transform and
/// compose. Independent clients that follow the documentation converge with the service, and read its refusals.
/// </summary>
public sealed class ConformanceClientTests(ConformanceClientTests.KestrelHost host) : IClassFixture<ConformanceClientTests.KestrelHost>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Three_clients_written_from_the_protocol_alone_converge_with_the_service(int seed)
    {
        var summary = await ConformanceClient.RunAsync("converge", "--url", host.BaseUrl, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(string.Empty, string.Join('\n', summary.GetProperty("findings").EnumerateArray().Select(f => f.GetString())));
        Assert.True(summary.GetProperty("converged").GetBoolean());
        Assert.Equal(3, summary.GetProperty("clients").GetInt32());
        Assert.True(summary.GetProperty("version").GetInt64() > 0);
        Assert.Equal(0, summary.GetProperty("resyncs").GetInt32());
        Assert.True(summary.GetProperty("hashesChecked").GetInt32() > 0, "every acknowledgement and broadcast carries the text hash");
        Assert.Equal(2, summary.GetProperty("protocolVersion").GetInt32());
    }

    [Fact]
    public async Task A_client_written_from_the_protocol_alone_reads_every_refusal_as_a_problem_document()
    {
        var summary = await ConformanceClient.RunAsync("refusals", "--url", host.BaseUrl);
        var cases = summary.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("case").GetString()!);

        AssertProblem(cases["submit-before-joining"], 409, "draft-not-joined");
        AssertProblem(cases["malformed-operation"], 400, "invalid-operation");
        // The JavaScript client adds no prefix of its own: its Error's message is the server's text as it is.
        Assert.StartsWith("An unexpected error occurred invoking 'SubmitOperation' on the server. HubException: {",
            cases["malformed-operation"].GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertProblem(cases["count-beyond-int32"], 400, "invalid-operation");
        AssertProblem(cases["group-id-not-a-guid"], 400, "malformed-request");
        AssertProblem(cases["unknown-method"], 404, "not-found");
        AssertProblem(cases["protocol-outdated"], 426, "protocol-outdated");
        AssertProblem(cases["protocol-missing"], 426, "protocol-outdated");
        Assert.Equal(2, summary.GetProperty("protocolVersion").GetInt32());
    }

    [Fact]
    public async Task Every_hub_method_called_with_wrong_missing_or_extra_arguments_is_answered_or_refused_with_a_problem_a_client_can_act_on()
    {
        var summary = await ConformanceClient.RunAsync("refusals", "--url", host.BaseUrl);
        var probes = summary.GetProperty("probes").EnumerateArray().ToList();

        Assert.True(probes.Count > 300, $"only {probes.Count} probes ran");
        var unclear = probes
            .Where(p => !p.TryGetProperty("answered", out _))
            .Where(p => p.GetProperty("status").ValueKind != JsonValueKind.Number
                || p.GetProperty("type").GetString()?.StartsWith("tag:gge-workspace,2026:problem:", StringComparison.Ordinal) != true)
            .Select(p => p.ToString())
            .ToList();
        Assert.Equal(string.Empty, string.Join('\n', unclear));
        var refusedWithoutJoining = probes.Where(p => p.GetProperty("case").GetString()!.StartsWith("SubmitOperation ", StringComparison.Ordinal)
            && p.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == 409).ToList();
        Assert.All(refusedWithoutJoining, p => Assert.Equal("tag:gge-workspace,2026:problem:draft-not-joined", p.GetProperty("type").GetString()));
        Assert.All(probes.Where(p => p.GetProperty("case").GetString()!.Contains("another group's", StringComparison.Ordinal)
                && !p.GetProperty("case").GetString()!.StartsWith("Leave", StringComparison.Ordinal)
                && !p.GetProperty("case").GetString()!.StartsWith("Unfollow", StringComparison.Ordinal)),
            p => Assert.Equal(404, p.GetProperty("status").GetInt32()));
        Assert.All(probes.Where(p => p.GetProperty("case").GetString()!.StartsWith("unknown method", StringComparison.Ordinal)),
            p => Assert.Equal(404, p.GetProperty("status").GetInt32()));
        var streamed = probes.Where(p => p.GetProperty("case").GetString()!.Contains("stream", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, streamed.Count);
        Assert.All(streamed, p => Assert.Equal("tag:gge-workspace,2026:problem:malformed-request", p.GetProperty("type").GetString()));
    }

    private static void AssertProblem(JsonElement refusal, int status, string type)
    {
        Assert.False(refusal.TryGetProperty("answered", out _), $"{refusal} was answered, not refused");
        Assert.Equal(status, refusal.GetProperty("status").GetInt32());
        Assert.Equal("tag:gge-workspace,2026:problem:" + type, refusal.GetProperty("type").GetString());
    }

    /// <summary>The real service on a free loopback port, in Development so the demo sign-in exists.</summary>
    public sealed class KestrelHost : GgeApiFactory
    {
        private readonly int _port = FreePort();

        public string BaseUrl => $"http://127.0.0.1:{_port}";

        public override async Task InitializeAsync()
        {
            ConnectionString = await TestDatabase.CreateDatabaseAsync();
            UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
            StartServer();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

/// <summary>
/// Runs tests/conformance/client.js with Node. Its packages are installed once per test process with <c>npm ci</c> from
/// the committed lock file, skipped when node_modules was installed from the same lock file.
/// </summary>
internal static class ConformanceClient
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool _installed;

    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return Path.Combine(dir.FullName, "tests", "conformance");
            throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
        }
    }

    public static async Task<JsonElement> RunAsync(params string[] args)
    {
        await InstallAsync();
        var (code, output, errors) = await RunProcessAsync("node", ["client.js", .. args], TimeSpan.FromMinutes(3));
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"The conformance client printed nothing (exit {code}):\n{errors}");
        var summary = JsonDocument.Parse(last).RootElement.Clone();
        if (summary.TryGetProperty("error", out var error)) throw new Xunit.Sdk.XunitException($"The conformance client failed: {error}\n{errors}");
        return summary;
    }

    private static async Task InstallAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (_installed) return;
            var stamp = Path.Combine(Folder, "node_modules", ".installed-from");
            var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
            if (!File.Exists(stamp) || await File.ReadAllTextAsync(stamp) != lockHash)
            {
                var (code, output, errors) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                if (code != 0) throw new Xunit.Sdk.XunitException($"npm ci failed with {code}:\n{output}\n{errors}");
                await File.WriteAllTextAsync(stamp, lockHash);
            }
            _installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int Code, string Output, string Errors)> RunProcessAsync(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{file} {string.Join(' ', args)} did not end within {timeout}:\n{await output}\n{await errors}");
        }
        return (process.ExitCode, await output, await errors);
    }
}
