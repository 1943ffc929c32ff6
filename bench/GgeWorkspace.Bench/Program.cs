using System.CommandLine;

namespace GgeWorkspace.Bench;

/// <summary>The entry point (a named class, so test projects that reference the harness see only the service's Program).</summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var quick = new Option<bool>("--quick") { Description = "Short smoke run (1-2 s per scenario); does not rewrite docs/benchmarks.*" };
        var scenarios = new Option<string>("--scenarios")
        {
            Description = "Comma-separated: p1,p2,p2plus,sweep,p3,p4,p5,p6,p7,p8 (default all), soak, longtext (not in the default set).",
            DefaultValueFactory = _ => "p1,p2,p2plus,sweep,p3,p4,p5,p6,p7,p8",
        };
        var systems = new Option<string>("--systems") { Description = "Comma-separated: gge,sharedb (default both).", DefaultValueFactory = _ => "gge,sharedb" };
        var secsOption = new Option<double?>("--secs") { Description = "Override the duration of every co-editing scenario (seconds)." };
        var writeDocs = new Option<bool?>("--write-docs") { Description = "Rewrite docs/benchmarks.jsonl and docs/benchmarks.md (default: on for full runs, off with --quick)." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Run each co-editing scenario N times as paired runs (every system, then again) and report the medians with the spread.",
            DefaultValueFactory = _ => 1,
        };
        var driver = new Option<LiveDriver>("--driver")
        {
            // Raw is the default: it used less driver CPU than the session driver on P1 (see docs/benchmarks.md).
            Description = "The .NET driver: raw (WebSocket frames of the JSON hub protocol, the default) or session (the client library's DraftingSession over SignalR's HubConnection).",
            DefaultValueFactory = _ => LiveDriver.Raw,
        };
        var root = new RootCommand("GGE Workspace benchmarks, side by side with ShareDB (run through bash bench/run).")
        {
            quick, scenarios, systems, secsOption, writeDocs, repeat, driver,
        };
        root.SetAction(async (parse, ct) =>
        {
            var options = new BenchOptions(parse.GetValue(quick), [.. parse.GetValue(scenarios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                [.. parse.GetValue(systems)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], parse.GetValue(secsOption),
                parse.GetValue(writeDocs) ?? !parse.GetValue(quick), string.Join(' ', args), Math.Max(1, parse.GetValue(repeat)), parse.GetValue(driver));
            return await Harness.RunAsync(options);
        });
        return await root.Parse(args).InvokeAsync();
    }
}
