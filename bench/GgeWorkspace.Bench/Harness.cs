using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Postgres;
using Npgsql;

namespace GgeWorkspace.Bench;

public sealed record BenchOptions(bool Quick, HashSet<string> Scenarios, HashSet<string> Systems, double? Secs, bool WriteDocs, string Arguments,
    int Repeat = 1, LiveDriver Driver = LiveDriver.Raw);

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

    /// <summary>Offered load under this share of the schedule means the driver could not keep it.</summary>
    public const double BehindBelow = 0.95;

    /// <summary>The p99 under which a sweep step counts as sustained.</summary>
    public const double SweepP99Ms = 250;

    /// <summary>Per-writer intervals of the sweep, slowest first; both systems start at P2's 20 ms.</summary>
    public static readonly int[] SweepIntervals = [1280, 640, 320, 160, 80, 40, 20, 10, 5, 2, 1];

    private sealed record Target(ChildProcess Service, BenchGroup Group);

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
        var gge = o.Systems.Contains("gge");
        var systems = new[] { "gge", "sharedb" }.Where(o.Systems.Contains).ToArray();

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
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // PostgreSQL allows 100 connections; the service's pool is capped below that so the peer keeps its 20.
            // One service process runs at a time.
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

        async Task<Target> StartServiceAsync(string name, Dictionary<string, string> serviceEnv)
        {
            var baseUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
            var process = ChildProcess.Start(name, "dotnet", ["exec", apiDll, "--urls", baseUrl], serviceEnv, repo, Path.Combine(logs, $"{name}.log"));
            try
            {
                await ChildProcess.WaitForHttpAsync($"{baseUrl}/health/ready", process, TimeSpan.FromSeconds(90));
                return new Target(process, await BenchGroup.CreateAsync(new Uri(baseUrl + "/"), auth, 40));
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }

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

        Target? main = null;
        try
        {
            double Secs(double full) => o.Secs ?? (o.Quick ? Math.Min(2, full) : full);
            var settle = o.Quick ? 30 : 90;

            async Task<Dictionary<string, object?>> RunOnce(CoEditingScenario s, string system, Target? target)
            {
                var server = system == "gge" ? target!.Service : sharedb!;
                var cpu0 = server.CpuSeconds();
                Dictionary<string, object?> r;
                try
                {
                    r = system == "gge"
                        ? await GgeCoEditing.RunAsync(target!.Group, s, InitialText, settle, o.Driver, s.BucketSecs > 0 ? server.RssMb : null)
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
                MarkOffered(r, s);
                await Task.Delay(o.Quick ? 500 : 3000); // let both servers settle between runs
                return r;
            }

            // Each scenario N times as paired runs (every system once, then again), reported as the medians.
            async Task<Dictionary<string, Dictionary<string, object?>>> Repeated(CoEditingScenario s, IReadOnlyList<string> on, Target? target)
            {
                var runs = on.ToDictionary(x => x, _ => new List<Dictionary<string, object?>>());
                for (var i = 1; i <= o.Repeat; i++)
                    foreach (var system in on)
                    {
                        var r = await RunOnce(s, system, target);
                        runs[system].Add(r);
                        if (o.Repeat > 1) Console.Error.WriteLine($"run {i}/{o.Repeat}: {JsonSerializer.Serialize(r, JsonOut)}");
                    }
                var medians = runs.ToDictionary(kv => kv.Key, kv => Summary.Median(kv.Value));
                foreach (var m in medians.Values) Emit(m);
                return medians;
            }

            async Task WarmUpAsync(Target? target)
            {
                // Not reported: JIT, connection pools and PostgreSQL caches of both servers.
                var warmup = new CoEditingScenario("warm-up", 10, 5, 50, o.Quick ? 1 : 3);
                foreach (var system in systems)
                {
                    if (system == "gge") await GgeCoEditing.RunAsync(target!.Group, warmup, InitialText, settle, o.Driver);
                    else await RunSharedbClientAsync(peerDir, peerPort, warmup, settle);
                }
            }

            // P5 and P8 first on a service process of their own, before any co-editing has grown a heap.
            if ((o.Scenarios.Contains("p5") || o.Scenarios.Contains("p8")) && gge)
            {
                var fresh = await StartServiceAsync("service-fresh", env);
                await using (fresh.Service)
                    foreach (var r in await PresenceAsync(fresh, "fresh", Secs(10), o))
                        Emit(r);
            }

            // Long text: a service with the default paragraph limit (everything else raised as in the run), short and long paragraph.
            if (o.Scenarios.Contains("longtext"))
            {
                var limited = new Dictionary<string, string>(env);
                limited.Remove("Limits__MaxParagraphCodePoints");
                var target = gge ? await StartServiceAsync("service-longtext", limited) : null;
                try
                {
                    await WarmUpAsync(target);
                    var rows = new List<Dictionary<string, Dictionary<string, object?>>>();
                    foreach (var length in LongTextLengths)
                        rows.Add(await Repeated(new CoEditingScenario($"longtext {length}", 25, 5, 50, Secs(10), Text: GgeCoEditing.Prose(length), Steady: true), systems, target));
                    foreach (var system in systems)
                        Emit(LongTextRatio(system, rows[0][system], rows[1][system]));
                }
                finally
                {
                    if (target is not null) await target.Service.DisposeAsync();
                }
            }

            if (gge) main = await StartServiceAsync("service", env);
            await WarmUpAsync(main);

            var coEditing = new List<CoEditingScenario>();
            if (o.Scenarios.Contains("p1")) coEditing.Add(new("P1", 25, 5, 50, Secs(10)));
            if (o.Scenarios.Contains("p2")) coEditing.Add(new("P2", 25, 25, 20, Secs(10)));
            if (o.Scenarios.Contains("p2plus")) coEditing.Add(new("P2+", 25, 25, 10, Secs(10)));
            if (o.Scenarios.Contains("p3")) coEditing.Add(new("P3", 4, 2, 250, Secs(10), Paragraphs: 100));
            foreach (var s in coEditing)
                await Repeated(s, systems, main);

            if (o.Scenarios.Contains("sweep"))
            {
                // Each system from P2's interval: faster while p99 stays under 250 ms, or slower until it does, so both
                // have a highest sustained rate.
                var best = new Dictionary<string, Dictionary<string, object?>?>();
                foreach (var system in systems)
                {
                    async Task<Dictionary<string, object?>> Step(int interval) =>
                        (await Repeated(new CoEditingScenario($"P2+ sweep {interval} ms", 25, 25, interval, Secs(10)), [system], main))[system];
                    var i = Array.IndexOf(SweepIntervals, 20);
                    var r = await Step(SweepIntervals[i]);
                    Dictionary<string, object?>? found = null;
                    if (Sustained(r))
                    {
                        found = r;
                        while (++i < SweepIntervals.Length && found["driver_behind"] is not true)
                        {
                            r = await Step(SweepIntervals[i]);
                            if (!Sustained(r)) break;
                            found = r;
                        }
                    }
                    else
                    {
                        while (--i >= 0)
                        {
                            r = await Step(SweepIntervals[i]);
                            if (Sustained(r)) { found = r; break; }
                        }
                    }
                    best[system] = found;
                }
                foreach (var r in SweepBest(best)) Emit(r);
            }

            if (o.Scenarios.Contains("soak") && gge)
            {
                // Ours only: the verdict is about the service's own steadiness (throughput, latency, memory) over time.
                var secs = o.Secs ?? (o.Quick ? 6 : 600);
                var soak = new CoEditingScenario("soak", 25, 5, 50, secs, Text: GgeCoEditing.Prose(SoakLength), Steady: true, BucketSecs: Soak.BucketSecsFor(secs));
                Emit(Summary.Median([await RunOnce(soak, "gge", main)]));
            }

            if (o.Scenarios.Contains("p4") && gge)
            {
                var secs = o.Quick ? 2 : 10;
                var raw = await CommandPath.RawMartenAsync(rawDb, 8, secs);
                Emit(raw);
                var cpu0 = main!.Service.CpuSeconds();
                var rest = await CommandPath.RestAsync(main.Group, 8, secs);
                rest["server_cpu_s"] = Math.Round(main.Service.CpuSeconds() - cpu0, 2);
                rest["ratio_to_raw"] = Math.Round(Convert.ToDouble(rest["ops_per_s"], CultureInfo.InvariantCulture) / Convert.ToDouble(raw["ops_per_s"], CultureInfo.InvariantCulture), 2);
                Emit(rest);
            }

            if (o.Scenarios.Contains("p6") && gge)
                foreach (var r in await ExportScenario.RunAsync(main!.Group, o.Quick ? 20 : 200, o.Quick ? 50 : 500, o.Quick ? 2 : 5))
                    Emit(r);

            // P5 and P8 again after the other scenarios, on the service that ran them (GGE only: the ShareDB peer here
            // has no presence).
            if ((o.Scenarios.Contains("p5") || o.Scenarios.Contains("p8")) && gge)
                foreach (var r in await PresenceAsync(main!, "after", Secs(10), o))
                    Emit(r);

            if (o.Scenarios.Contains("p7") && gge)
                foreach (var r in await ProjectionRebuild.RunAsync(rebuildDb, paragraphs: o.Quick ? 40 : 200, editsPerParagraph: o.Quick ? 49 : 99))
                    Emit(r);
        }
        finally
        {
            if (main is not null) await main.Service.DisposeAsync();
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

    /// <summary>The long-text paragraph stays 100 code points under the default limit of 20,000, so inserts still fit.</summary>
    public static readonly int[] LongTextLengths = [500, 19_900];

    public const int SoakLength = 3_000;

    private static async Task<List<Dictionary<string, object?>>> PresenceAsync(Target target, string service, double secs, BenchOptions o)
    {
        var rows = new List<Dictionary<string, object?>>();
        var scenario = new PresenceScenario("P5", Drafts: 10, PerDraft: 100, MoversPerDraft: 10, IntervalMs: 1000, secs);
        var cpu0 = target.Service.CpuSeconds();
        try
        {
            var p5 = await PresenceFanOut.RunAsync(target.Group, scenario, target.Service.RssMb);
            p5["server_cpu_s"] = Math.Round(target.Service.CpuSeconds() - cpu0, 2);
            p5["service"] = service;
            if (o.Scenarios.Contains("p5")) rows.Add(p5);
            if (o.Scenarios.Contains("p8"))
                rows.Add(new()
                {
                    ["system"] = "gge", ["scenario"] = "P8", ["service"] = service, ["clients"] = scenario.Connections,
                    ["server_rss_mb"] = p5["server_rss_mb_connected"], ["server_rss_mb_peak"] = p5["server_rss_mb_peak"],
                    ["server_rss_mb_before"] = p5["server_rss_mb_before"],
                });
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"P5 ({service}) failed: {e}");
            rows.Add(new() { ["system"] = "gge", ["scenario"] = "P5", ["service"] = service, ["clients"] = scenario.Connections, ["error"] = e.Message.Split('\n')[0] });
        }
        return rows;
    }

    /// <summary>Offered load is the schedule; what the driver sent beside it, flagged (and shouted) when it fell behind.</summary>
    private static void MarkOffered(Dictionary<string, object?> r, CoEditingScenario s)
    {
        r["offered_per_s"] = Math.Round(s.OfferedPerSecond);
        // Edits are made only inside the scheduled window, so they are counted over it (a writer's last wait may run past it).
        r.Remove("edits_per_s");
        if (r.GetValueOrDefault("edits") is { } edits) r["sent_per_s"] = Math.Round(Convert.ToDouble(edits, CultureInfo.InvariantCulture) / s.Secs);
        var behind = r.GetValueOrDefault("sent_per_s") is double d && d < s.OfferedPerSecond * BehindBelow;
        r["driver_behind"] = behind;
        if (behind)
            Console.Error.WriteLine($"WARNING: DRIVER BEHIND: {r["system"]} {s.Name} sent {r["sent_per_s"]} edits/s of the {Math.Round(s.OfferedPerSecond)} scheduled (< {BehindBelow:P0}); the row is marked driver_behind.");
    }

    private static bool Sustained(Dictionary<string, object?> r) =>
        r["p99_ms"] is double p99 && p99 < SweepP99Ms && r["converged"] is true && !r.ContainsKey("error");

    private static IEnumerable<Dictionary<string, object?>> SweepBest(Dictionary<string, Dictionary<string, object?>?> best)
    {
        foreach (var (system, r) in best)
            yield return new()
            {
                ["system"] = system, ["scenario"] = "sweep best",
                ["best_interval_ms"] = r?["interval_ms"], ["best_offered_per_s"] = r?["offered_per_s"], ["best_applied_per_s"] = r?["applied_per_s"],
                ["best_p99_ms"] = r?["p99_ms"], ["driver_behind"] = r?["driver_behind"],
            };
        if (best.TryGetValue("gge", out var ours) && best.TryGetValue("sharedb", out var theirs)
            && ours?["applied_per_s"] is double a && theirs?["applied_per_s"] is double b && b > 0)
            yield return new() { ["system"] = "gge/sharedb", ["scenario"] = "sweep ratio", ["ratio"] = Math.Round(a / b, 2) };
    }

    private static Dictionary<string, object?> LongTextRatio(string system, Dictionary<string, object?> shortText, Dictionary<string, object?> longText)
    {
        static double? PerEdit(Dictionary<string, object?> r) =>
            r.GetValueOrDefault("server_cpu_s") is double cpu && r.GetValueOrDefault("edits") is double or long && Convert.ToDouble(r["edits"], CultureInfo.InvariantCulture) > 0
                ? cpu * 1000 / Convert.ToDouble(r["edits"], CultureInfo.InvariantCulture) : null;
        static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Math.Round(x / y, 2) : null;
        double? Get(Dictionary<string, object?> r, string k) => r.GetValueOrDefault(k) is double d ? d : null;
        shortText["server_cpu_ms_per_edit"] = PerEdit(shortText) is { } s ? Math.Round(s, 3) : null;
        longText["server_cpu_ms_per_edit"] = PerEdit(longText) is { } l ? Math.Round(l, 3) : null;
        return new()
        {
            ["system"] = system, ["scenario"] = "longtext ratio",
            ["short_length"] = shortText.GetValueOrDefault("start_length"), ["long_length"] = longText.GetValueOrDefault("start_length"),
            ["p50_ms_short"] = Get(shortText, "p50_ms"), ["p50_ms_long"] = Get(longText, "p50_ms"), ["p50_ratio"] = Ratio(Get(longText, "p50_ms"), Get(shortText, "p50_ms")),
            ["p99_ms_short"] = Get(shortText, "p99_ms"), ["p99_ms_long"] = Get(longText, "p99_ms"), ["p99_ratio"] = Ratio(Get(longText, "p99_ms"), Get(shortText, "p99_ms")),
            ["cpu_ms_per_edit_short"] = shortText["server_cpu_ms_per_edit"], ["cpu_ms_per_edit_long"] = longText["server_cpu_ms_per_edit"],
            ["cpu_ratio"] = Ratio((double?)longText["server_cpu_ms_per_edit"], (double?)shortText["server_cpu_ms_per_edit"]),
        };
    }

    private static async Task<Dictionary<string, object?>> RunSharedbClientAsync(string peerDir, int port, CoEditingScenario s, double settle)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = peerDir };
        foreach (var a in new[]
        {
            "client.js", "--url", $"ws://127.0.0.1:{port}", "--http", $"http://127.0.0.1:{port}", "--scenario", s.Name.Replace(' ', '_'),
            "--clients", s.Clients.ToString(), "--writers", s.Writers.ToString(), "--interval", s.IntervalMs.ToString(),
            "--secs", s.Secs.ToString(CultureInfo.InvariantCulture), "--paragraphs", s.Paragraphs.ToString(), "--settle", settle.ToString(CultureInfo.InvariantCulture),
            "--run", Guid.NewGuid().ToString("N")[..8], "--text", s.Text ?? InitialText,
        }) psi.ArgumentList.Add(a);
        if (s.Steady) psi.ArgumentList.Add("--steady");
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
