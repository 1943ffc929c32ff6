using System.Collections.Concurrent;
using System.Diagnostics;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Client.Text;

namespace GgeWorkspace.Bench;

/// <summary>The parameters of one co-editing run; with several paragraphs, clients and writers are per paragraph.</summary>
public sealed record CoEditingScenario(string Name, int Clients, int Writers, int IntervalMs, double Secs, int Paragraphs = 1)
{
    public int TotalClients => Clients * Paragraphs;

    public int TotalWriters => Writers * Paragraphs;
}

/// <summary>
/// Drives GGE Workspace's drafting hub with <see cref="DraftingSession"/>s (one HubConnection each): writers insert
/// short unique markers at random positions; every receiving client timestamps each marker when its operation is
/// applied. One process, one monotonic clock (Stopwatch).
/// </summary>
public static class GgeCoEditing
{
    public const char Open = '\u2039';
    public const char Close = '\u203A';

    private sealed class Client(DraftingSession session, Guid paragraphId, int paragraph, bool writer)
    {
        public DraftingSession Session { get; } = session;
        public Guid ParagraphId { get; } = paragraphId;
        public int Paragraph { get; } = paragraph;
        public bool Writer { get; } = writer;
        public List<double> Latencies { get; } = [];
    }

    public static async Task<Dictionary<string, object?>> RunAsync(BenchGroup group, CoEditingScenario s, string initialText, double settleSecs)
    {
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var (draftId, sections) = await group.CreateDraftAsync($"{s.Name} live editing", 1);
        var paragraphIds = new List<Guid>();
        for (var p = 0; p < s.Paragraphs; p++)
            paragraphIds.Add((await group.AddParagraphAsync(draftId, sections[0], initialText))["id"]!.GetValue<Guid>());

        var sent = new ConcurrentDictionary<string, long>();
        long remoteApplies = 0, lastApply = 0, nextMarker = 0;

        async Task<Client> Connect(int index)
        {
            var paragraph = index / s.Clients;
            var writer = index % s.Clients < s.Writers;
            var sub = group.Experts[index % group.Experts.Count];
            var connection = group.CreateHub(sub);
            // Each client follows only its paragraph, as a ShareDB client subscribes to one document.
            var session = new DraftingSession(connection, group.GroupId, draftId, sub, selective: true);
            await session.JoinAsync();
            var client = new Client(session, paragraphIds[paragraph], paragraph, writer);
            var document = await session.OpenAsync(paragraphIds[paragraph]);
            document.RemoteApplied += op =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var c in op.Components)
                {
                    if (c is not TextComponent.Insert insert) continue;
                    var text = insert.Text;
                    for (var i = text.IndexOf(Open); i >= 0; i = text.IndexOf(Open, i + 1))
                    {
                        var j = text.IndexOf(Close, i);
                        if (j < 0) break;
                        if (sent.TryGetValue(text[(i + 1)..j], out var at))
                        {
                            lock (client.Latencies) client.Latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                            Interlocked.Increment(ref remoteApplies);
                            Interlocked.Exchange(ref lastApply, now);
                        }
                    }
                }
            };
            return client;
        }

        var clients = new List<Client>();
        for (var start = 0; start < s.TotalClients; start += 20)
            clients.AddRange(await Task.WhenAll(Enumerable.Range(start, Math.Min(20, s.TotalClients - start)).Select(Connect)));

        long edits = 0;
        var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId * 7919 + 17));
        var begin = Stopwatch.GetTimestamp();
        var endMs = s.Secs * 1000;
        var writers = clients.Where(c => c.Writer).ToList();
        await Task.WhenAll(writers.Select((w, k) => Task.Run(async () =>
        {
            double next = (double)k / writers.Count * s.IntervalMs % s.IntervalMs;
            while (true)
            {
                var t = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
                if (t >= endMs) break;
                if (t < next)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, next - t)));
                    continue;
                }
                next += s.IntervalMs;
                if (next < t - s.IntervalMs) next = t; // never burst to catch up
                var marker = Convert.ToString(Interlocked.Increment(ref nextMarker), 16);
                w.Session.Edit(w.ParagraphId, text =>
                {
                    var at = Position(text, random.Value!);
                    sent[marker] = Stopwatch.GetTimestamp();
                    return TextOperation.Empty.Retain(at).Insert($"{Open}{marker}{Close}").Retain(text.Length - at);
                });
                Interlocked.Increment(ref edits);
            }
        })));
        var offeredSecs = Stopwatch.GetElapsedTime(begin).TotalSeconds;

        var expected = edits * (s.Clients - 1);
        var deadline = Stopwatch.GetTimestamp() + (long)(settleSecs * Stopwatch.Frequency);
        var converged = false;
        var stored = new List<(string Text, long Version)>();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            stored.Clear();
            foreach (var id in paragraphIds) stored.Add(await group.ParagraphAsync(draftId, id));
            var synced = clients.All(c =>
            {
                var snap = c.Session.Snapshot(c.ParagraphId);
                return snap.Synchronized && snap.Version == stored[c.Paragraph].Version;
            });
            if (synced && Interlocked.Read(ref remoteApplies) >= expected)
            {
                converged = clients.All(c => c.Session.Snapshot(c.ParagraphId).Text == stored[c.Paragraph].Text);
                break;
            }
            await Task.Delay(250);
        }

        var latencies = clients.SelectMany(c => { lock (c.Latencies) return c.Latencies.ToArray(); }).Order().ToArray();
        var errors = clients.Sum(c => c.Session.Errors.Count);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        var applySecs = Stopwatch.GetElapsedTime(begin, Interlocked.Read(ref lastApply)).TotalSeconds;
        await Task.WhenAll(clients.Select(c => c.Session.DisposeAsync().AsTask()));

        return new Dictionary<string, object?>
        {
            ["system"] = "gge",
            ["scenario"] = s.Name,
            ["clients"] = s.TotalClients,
            ["writers"] = s.TotalWriters,
            ["paragraphs"] = s.Paragraphs,
            ["interval_ms"] = s.IntervalMs,
            ["secs"] = s.Secs,
            ["edits"] = edits,
            ["edits_per_s"] = Math.Round(edits / offeredSecs),
            ["applied_per_s"] = applySecs > 0 && s.Clients > 1 ? Math.Round(remoteApplies / (double)(s.Clients - 1) / applySecs) : 0,
            ["remote_applies"] = remoteApplies,
            ["expected_applies"] = expected,
            ["delivered_pct"] = expected == 0 ? 100 : Math.Round(remoteApplies * 100.0 / expected, 2),
            ["p50_ms"] = Stats.Percentile(latencies, 50),
            ["p95_ms"] = Stats.Percentile(latencies, 95),
            ["p99_ms"] = Stats.Percentile(latencies, 99),
            ["max_ms"] = latencies.Length == 0 ? null : Math.Round(latencies[^1], 2),
            ["converged"] = converged,
            ["final_length"] = stored.Count == 0 ? null : CodePoints.Length(stored[0].Text),
            ["errors"] = errors,
            ["driver_cpu_s"] = Math.Round(cpu, 2),
        };
    }

    /// <summary>A random insert position outside every marker (never splits one).</summary>
    private static int Position(string text, Random random)
    {
        var at = random.Next(text.Length + 1);
        for (var i = at; i < text.Length; i++)
        {
            if (text[i] == Open) break;
            if (text[i] == Close) return i + 1;
        }
        return at;
    }
}

public static class Stats
{
    public static double? Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return null;
        var i = Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return Math.Round(sorted[i], 2);
    }
}
