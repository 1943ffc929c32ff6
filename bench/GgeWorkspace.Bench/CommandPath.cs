using System.Diagnostics;
using JasperFx;
using Marten;

namespace GgeWorkspace.Bench;

public sealed record RawAppended(int Writer, long N, string Text);

/// <summary>
/// P4: the REST command path (amendments, comments, positions) with concurrent clients, beside a raw Marten append
/// loop (one event per transaction) with as many writers, on the same PostgreSQL server in the same run.
/// </summary>
public static class CommandPath
{
    public static async Task<Dictionary<string, object?>> RawMartenAsync(string connectionString, int writers, double secs)
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(connectionString);
            o.AutoCreateSchemaObjects = AutoCreate.All;
            o.DatabaseSchemaName = "raw_bench";
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var latencies = new List<double>[writers];
        var begin = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var list = latencies[w] = [];
            var stream = Guid.CreateVersion7();
            long n = 0;
            while (Stopwatch.GetElapsedTime(begin).TotalSeconds < secs)
            {
                var t = Stopwatch.GetTimestamp();
                await using var session = store.LightweightSession();
                session.Events.Append(stream, new RawAppended(w, n++, "An event of about the size of a small command."));
                await session.SaveChangesAsync();
                list.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Dictionary<string, object?>
        {
            ["system"] = "marten-raw",
            ["scenario"] = "P4-raw",
            ["clients"] = writers,
            ["secs"] = secs,
            ["ops"] = all.Length,
            ["ops_per_s"] = Math.Round(all.Length / elapsed),
            ["p50_ms"] = Stats.Percentile(all, 50),
            ["p95_ms"] = Stats.Percentile(all, 95),
            ["p99_ms"] = Stats.Percentile(all, 99),
            ["max_ms"] = all.Length == 0 ? null : Math.Round(all[^1], 2),
        };
    }

    public static async Task<Dictionary<string, object?>> RestAsync(BenchGroup group, int clients, double secs)
    {
        var (draftId, sections) = await group.CreateDraftAsync("P4 command path", 1);
        var targets = new List<Guid>();
        for (var i = 0; i < clients; i++)
        {
            var p = await group.AddParagraphAsync(draftId, sections[0], $"The Group considered verification measure {i + 1}.");
            var id = p["id"]!.GetValue<Guid>();
            await group.Chair.ReadAsync(HttpMethod.Post, $"{group.Base}/drafts/{draftId}/paragraphs/{id}/status",
                new { status = "UnderNegotiation" }, p["negotiationVersion"]!.GetValue<long>());
            targets.Add(id);
        }

        var latencies = new List<double>[clients];
        var failures = new int[clients];
        var counts = new int[clients, 3];
        var begin = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var me = group.As(group.Experts[c]);
            var paragraph = targets[c];
            var list = latencies[c] = [];
            var n = 0;
            while (Stopwatch.GetElapsedTime(begin).TotalSeconds < secs)
            {
                var kind = n % 3;
                var t = Stopwatch.GetTimestamp();
                using var response = kind switch
                {
                    0 => await me.SendAsync(HttpMethod.Post, $"{group.Base}/drafts/{draftId}/amendments",
                        new { kind = "ReplaceText", paragraphId = paragraph, text = $"The Group considered verification measure {c + 1}, revision {n}." }),
                    1 => await me.SendAsync(HttpMethod.Post, $"{group.Base}/drafts/{draftId}/paragraphs/{paragraph}/comments",
                        new { text = $"Comment {n} on this paragraph." }),
                    _ => await me.SendAsync(HttpMethod.Post, $"{group.Base}/drafts/{draftId}/paragraphs/{paragraph}/positions",
                        new { kind = n / 3 % 2 == 0 ? "JoinConsensus" : "CanLiveWith" }),
                };
                var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (response.IsSuccessStatusCode)
                {
                    list.Add(ms);
                    counts[c, kind]++;
                }
                else
                {
                    if (failures[c]++ == 0)
                        Console.Error.WriteLine($"P4 {kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                n++;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        int Sum(int k) => Enumerable.Range(0, clients).Sum(c => counts[c, k]);
        return new Dictionary<string, object?>
        {
            ["system"] = "gge",
            ["scenario"] = "P4",
            ["clients"] = clients,
            ["secs"] = secs,
            ["ops"] = all.Length,
            ["ops_per_s"] = Math.Round(all.Length / elapsed),
            ["amendments"] = Sum(0),
            ["comments"] = Sum(1),
            ["positions"] = Sum(2),
            ["failed"] = failures.Sum(),
            ["p50_ms"] = Stats.Percentile(all, 50),
            ["p95_ms"] = Stats.Percentile(all, 95),
            ["p99_ms"] = Stats.Percentile(all, 99),
            ["max_ms"] = all.Length == 0 ? null : Math.Round(all[^1], 2),
        };
    }
}

/// <summary>
/// P6: exports over HTTP (GET .../export) of a draft of 200 and then 400 paragraphs with 500 amendments: the compilation, and
/// the redline against the zero draft (issued after the first paragraphs; the Chair then rewrites every fourth of them).
/// </summary>
public static class ExportScenario
{
    public static async Task<List<Dictionary<string, object?>>> RunAsync(BenchGroup group, int firstParagraphs, int amendments, int repeats)
    {
        var results = new List<Dictionary<string, object?>>();
        var (draftId, sections) = await group.CreateDraftAsync("P6 export", 10);
        var paragraphs = new List<Guid>();

        async Task AddParagraphs(int count)
        {
            var start = paragraphs.Count;
            for (var i = start; i < start + count; i++)
            {
                var p = await group.AddParagraphAsync(draftId, sections[i % sections.Count],
                    $"{i + 1}. The Group recalled that verification [of nuclear disarmament] is essential to confidence, and noted paragraph {i + 1} of the draft.");
                paragraphs.Add(p["id"]!.GetValue<Guid>());
            }
        }

        await AddParagraphs(firstParagraphs);
        await group.Chair.ReadAsync(HttpMethod.Post, $"{group.Base}/drafts/{draftId}/revisions", new { note = "Zero draft" });
        for (var i = 0; i < paragraphs.Count; i += 4)
            await group.Chair.ReadAsync(HttpMethod.Put, $"{group.Base}/drafts/{draftId}/paragraphs/{paragraphs[i]}/text",
                new { text = $"{i + 1}. The Group stressed that verification [of nuclear disarmament] builds confidence, and recalled paragraph {i + 1}." }, 0);
        var experts = group.Experts.Take(8).Select(group.As).ToArray();
        var submitted = 0;
        await Task.WhenAll(experts.Select((e, k) => Task.Run(async () =>
        {
            for (var a = k; a < amendments; a += experts.Length)
            {
                var paragraph = paragraphs[a * 7 % paragraphs.Count];
                await e.ReadAsync(HttpMethod.Post, $"{group.Base}/drafts/{draftId}/amendments",
                    new { kind = "ReplaceText", paragraphId = paragraph, text = $"Amended text {a}: the Group stressed that verification is essential.", explanation = $"Amendment {a}" });
                Interlocked.Increment(ref submitted);
            }
        })));

        async Task Measure(int count)
        {
            foreach (var (format, variant) in new[] { ("docx", "compilation"), ("akn", "compilation"), ("docx", "redline&against=0"), ("akn", "redline&against=0") })
            {
                var times = new List<double>();
                long bytes = 0;
                for (var r = 0; r <= repeats; r++)
                {
                    var t = Stopwatch.GetTimestamp();
                    using var response = await group.Chair.Http.GetAsync($"{group.Base}/drafts/{draftId}/export?format={format}&variant={variant}");
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"Export {format}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                    bytes = body.Length;
                    if (r > 0) times.Add(ms); // the first is a warm-up
                }
                var sorted = times.Order().ToArray();
                results.Add(new Dictionary<string, object?>
                {
                    ["system"] = "gge",
                    ["scenario"] = "P6",
                    ["format"] = format,
                    ["variant"] = variant.Split('&')[0],
                    ["paragraphs"] = count,
                    ["amendments"] = submitted,
                    ["repeats"] = repeats,
                    ["median_ms"] = Stats.Percentile(sorted, 50),
                    ["max_ms"] = sorted.Length == 0 ? null : Math.Round(sorted[^1], 2),
                    ["bytes"] = bytes,
                });
            }
        }

        await Measure(firstParagraphs);
        await AddParagraphs(firstParagraphs);
        await Measure(paragraphs.Count);
        return results;
    }
}
