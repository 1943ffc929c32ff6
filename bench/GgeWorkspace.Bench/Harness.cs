using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Postgres;
using Npgsql;

namespace GgeWorkspace.Bench;

public sealed record BenchOptions(bool Quick, HashSet<string> Scenarios, HashSet<string> Systems, double? Secs, bool WriteDocs, string Arguments);

public static class Harness
{
    private static readonly JsonSerializerOptions JsonOut = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string InitialText = "The Group recalled that verification is essential to nuclear disarmament.";

    /// <summary>Limits raised for the run (the service's defaults would refuse a benchmark's volume).</summary>
    public static readonly Dictionary<string, string> RaisedLimits = new()
    {
        ["Limits__RequestsPerMinutePerUser"] = "10000000",
        ["Limits__MaxParagraphCodePoints"] = "5000000",
        ["LiveEditing__MaxMessageBytes"] = "1048576",
    };

    public static async Task<int> RunAsync(BenchOptions o)
    {
        ThreadPool.SetMinThreads(64, 64);
        var repo = FindRepository();
        var started = DateTimeOffset.UtcNow;
        var results = new List<Dictionary<string, object?>>();
        void Emit(Dictionary<string, object?> r)
        {
            results.Add(r);
            Console.WriteLine(JsonSerializer.Serialize(r, JsonOut));
        }

        var apiDll = Path.Combine(repo, "src/GgeWorkspace.Api/bin/Release/net10.0/GgeWorkspace.Api.dll");
        if (!File.Exists(apiDll)) throw new FileNotFoundException("Build the service in Release first (bash bench/run does).", apiDll);
        var logs = Path.Combine(Path.GetTempPath(), $"gge-bench-logs-{Environment.ProcessId}");
        Directory.CreateDirectory(logs);
        Console.Error.WriteLine($"Logs: {logs}");

        // One durable throwaway cluster (fsync and synchronous_commit on: PostgreSQL defaults) for both systems.
        await using var pg = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), $"gge-bench-pg-{Guid.NewGuid():N}"),
            Throwaway = true,
            Durable = true,
            Database = "gge_bench",
        });
        await using (var conn = new NpgsqlConnection(pg.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')", conn);
            Console.Error.WriteLine($"PostgreSQL fsync, synchronous_commit, full_page_writes: {await cmd.ExecuteScalarAsync()}");
        }
        var sharedbDb = await pg.CreateDatabaseAsync("sharedb_bench");
        var rawDb = await pg.CreateDatabaseAsync("marten_raw_bench");
        var rebuildDb = await pg.CreateDatabaseAsync("p7_bench");

        // The service as its own process, Production, schema from the migrations.
        var auth = new AuthOptions { Issuer = "gge-bench", SigningKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) };
        var port = ChildProcess.FreePort();
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // PostgreSQL allows 100 connections; the service's pool is capped below that so the peer keeps its 20.
            ["ConnectionStrings__Marten"] = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { MaxPoolSize = 60 }.ConnectionString,
            ["Auth__Issuer"] = auth.Issuer!,
            ["Auth__SigningKey"] = auth.SigningKey!,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in RaisedLimits) env[k] = v;
        await using (var migrate = ChildProcess.Start("migrations", "dotnet", ["exec", apiDll, "migrations", "apply"], env, repo, Path.Combine(logs, "migrations.log")))
        {
            await migrate.Process.WaitForExitAsync();
            if (migrate.Process.ExitCode != 0) throw new InvalidOperationException("Applying the migrations failed; see migrations.log.");
        }
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var service = ChildProcess.Start("service", "dotnet", ["exec", apiDll, "--urls", baseUrl], env, repo, Path.Combine(logs, "service.log"));
        await ChildProcess.WaitForHttpAsync($"{baseUrl}/health/ready", service, TimeSpan.FromSeconds(90));

        // The ShareDB peer on the same PostgreSQL server, its own database.
        ChildProcess? sharedb = null;
        var peerDir = Path.Combine(repo, "bench/peers/sharedb");
        var peerPort = ChildProcess.FreePort();
        var pgb = new NpgsqlConnectionStringBuilder(sharedbDb);
        if (o.Systems.Contains("sharedb"))
        {
            sharedb = ChildProcess.Start("sharedb", "node", ["server.js", "--port", peerPort.ToString(), "--db", $"postgres://{pgb.Username}@{pgb.Host}:{pgb.Port}/{pgb.Database}"],
                new Dictionary<string, string>(), peerDir, Path.Combine(logs, "sharedb.log"));
            await ChildProcess.WaitForHttpAsync($"http://127.0.0.1:{peerPort}/health", sharedb, TimeSpan.FromSeconds(30));
        }

        try
        {
            var group = await BenchGroup.CreateAsync(new Uri(baseUrl + "/"), auth, 40);
            double Secs(double full) => o.Secs ?? (o.Quick ? Math.Min(2, full) : full);
            var settle = o.Quick ? 30 : 90;

            async Task<Dictionary<string, object?>> RunBoth(CoEditingScenario s, string system)
            {
                var server = system == "gge" ? service : sharedb!;
                var cpu0 = server.CpuSeconds();
                Dictionary<string, object?> r;
                try
                {
                    r = system == "gge"
                        ? await GgeCoEditing.RunAsync(group, s, InitialText, settle)
                        : await RunSharedbClientAsync(peerDir, peerPort, s, settle);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($"{s.Name} on {system} failed: {e}");
                    r = new() { ["system"] = system, ["scenario"] = s.Name, ["clients"] = s.TotalClients, ["writers"] = s.TotalWriters,
                        ["interval_ms"] = s.IntervalMs, ["secs"] = s.Secs, ["error"] = e.Message.Split('\n')[0] };
                }
                r["server_cpu_s"] = Math.Round(server.CpuSeconds() - cpu0, 2);
                r["server_rss_mb"] = Math.Round(server.RssMb());
                Emit(r);
                await Task.Delay(o.Quick ? 500 : 3000); // let both servers settle between runs
                return r;
            }

            // Warm-up (not reported): JIT, connection pools and PostgreSQL caches of both servers.
            var warmup = new CoEditingScenario("warm-up", 10, 5, 50, o.Quick ? 1 : 3);
            foreach (var system in new[] { "gge", "sharedb" }.Where(o.Systems.Contains))
            {
                if (system == "gge") await GgeCoEditing.RunAsync(group, warmup, InitialText, settle);
                else await RunSharedbClientAsync(peerDir, peerPort, warmup, settle);
            }

            var coEditing = new List<CoEditingScenario>();
            if (o.Scenarios.Contains("p1")) coEditing.Add(new("P1", 25, 5, 50, Secs(10)));
            if (o.Scenarios.Contains("p2")) coEditing.Add(new("P2", 25, 25, 20, Secs(10)));
            if (o.Scenarios.Contains("p2plus")) coEditing.Add(new("P2+", 25, 25, 10, Secs(10)));
            if (o.Scenarios.Contains("p3")) coEditing.Add(new("P3", 4, 2, 250, Secs(10), Paragraphs: 100));
            foreach (var s in coEditing)
                foreach (var system in new[] { "gge", "sharedb" }.Where(o.Systems.Contains))
                    await RunBoth(s, system);

            if (o.Scenarios.Contains("sweep"))
            {
                // Upward from one edit per 5 ms per writer until p99 passes 250 ms, each system on its own.
                foreach (var system in new[] { "gge", "sharedb" }.Where(o.Systems.Contains))
                    foreach (var interval in new[] { 5, 2, 1 })
                    {
                        var r = await RunBoth(new CoEditingScenario($"P2+ sweep {interval} ms", 25, 25, interval, Secs(10)), system);
                        if (r["p99_ms"] is null or > 250.0 || r["converged"] is false) break;
                    }
            }

            if (o.Scenarios.Contains("p4") && o.Systems.Contains("gge"))
            {
                var secs = o.Quick ? 2 : 10;
                var raw = await CommandPath.RawMartenAsync(rawDb, 8, secs);
                Emit(raw);
                var cpu0 = service.CpuSeconds();
                var rest = await CommandPath.RestAsync(group, 8, secs);
                rest["server_cpu_s"] = Math.Round(service.CpuSeconds() - cpu0, 2);
                rest["ratio_to_raw"] = Math.Round(Convert.ToDouble(rest["ops_per_s"], CultureInfo.InvariantCulture) / Convert.ToDouble(raw["ops_per_s"], CultureInfo.InvariantCulture), 2);
                Emit(rest);
            }

            if (o.Scenarios.Contains("p6") && o.Systems.Contains("gge"))
                foreach (var r in await ExportScenario.RunAsync(group, o.Quick ? 20 : 200, o.Quick ? 50 : 500, o.Quick ? 2 : 5))
                    Emit(r);

            // P5 and P8: presence fan-out at 1,000 connections, and the service's memory meanwhile (GGE only: the ShareDB
            // peer here has no presence).
            if ((o.Scenarios.Contains("p5") || o.Scenarios.Contains("p8")) && o.Systems.Contains("gge"))
            {
                var scenario = new PresenceScenario("P5", Drafts: 10, PerDraft: 100, MoversPerDraft: 10, IntervalMs: 1000, Secs(10));
                var cpu0 = service.CpuSeconds();
                try
                {
                    var p5 = await PresenceFanOut.RunAsync(group, scenario, service.RssMb);
                    p5["server_cpu_s"] = Math.Round(service.CpuSeconds() - cpu0, 2);
                    if (o.Scenarios.Contains("p5")) Emit(p5);
                    if (o.Scenarios.Contains("p8"))
                        Emit(new()
                        {
                            ["system"] = "gge", ["scenario"] = "P8", ["clients"] = scenario.Connections,
                            ["server_rss_mb"] = p5["server_rss_mb_connected"], ["server_rss_mb_peak"] = p5["server_rss_mb_peak"],
                            ["server_rss_mb_before"] = p5["server_rss_mb_before"],
                        });
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($"P5 failed: {e}");
                    Emit(new() { ["system"] = "gge", ["scenario"] = "P5", ["clients"] = scenario.Connections, ["error"] = e.Message.Split('\n')[0] });
                }
            }

            if (o.Scenarios.Contains("p7") && o.Systems.Contains("gge"))
                foreach (var r in await ProjectionRebuild.RunAsync(rebuildDb, paragraphs: o.Quick ? 40 : 200, editsPerParagraph: o.Quick ? 49 : 99))
                    Emit(r);
        }
        finally
        {
            if (sharedb is not null) await sharedb.DisposeAsync();
        }

        if (o.WriteDocs)
        {
            var jsonl = string.Join('\n', results.Select(r => JsonSerializer.Serialize(r, JsonOut))) + "\n";
            await File.WriteAllTextAsync(Path.Combine(repo, "docs/benchmarks.jsonl"), jsonl);
            await Report.WriteAsync(Path.Combine(repo, "docs/benchmarks.md"), results, started, o);
            Console.Error.WriteLine("Rewrote docs/benchmarks.jsonl and the results in docs/benchmarks.md");
        }
        return 0;
    }

    private static async Task<Dictionary<string, object?>> RunSharedbClientAsync(string peerDir, int port, CoEditingScenario s, double settle)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = peerDir };
        foreach (var a in new[]
        {
            "client.js", "--url", $"ws://127.0.0.1:{port}", "--http", $"http://127.0.0.1:{port}", "--scenario", s.Name.Replace(' ', '_'),
            "--clients", s.Clients.ToString(), "--writers", s.Writers.ToString(), "--interval", s.IntervalMs.ToString(),
            "--secs", s.Secs.ToString(CultureInfo.InvariantCulture), "--paragraphs", s.Paragraphs.ToString(), "--settle", settle.ToString(CultureInfo.InvariantCulture),
            "--run", Guid.NewGuid().ToString("N")[..8], "--text", InitialText,
        }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (p.ExitCode != 0 || line is null) throw new InvalidOperationException($"The ShareDB client failed ({p.ExitCode}): {await stderr}");
        var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!;
        var r = parsed.ToDictionary(kv => kv.Key, kv => (object?)(kv.Value.ValueKind switch
        {
            JsonValueKind.Number => kv.Value.GetDouble(),
            JsonValueKind.String => kv.Value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        }));
        r["scenario"] = s.Name;
        return r;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }
}
