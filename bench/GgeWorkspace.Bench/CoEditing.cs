using System.Collections.Concurrent;
using System.Diagnostics;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;

namespace GgeWorkspace.Bench;

/// <summary>
/// The parameters of one co-editing run; with several paragraphs, clients and writers are per paragraph. With
/// <see cref="Steady"/>, writers delete a marker about as often as they insert one, so the text stays near its
/// starting length; with <see cref="BucketSecs"/> above zero the run is also reported in buckets of that length.
/// </summary>
public sealed record CoEditingScenario(string Name, int Clients, int Writers, int IntervalMs, double Secs, int Paragraphs = 1,
    string? Text = null, bool Steady = false, double BucketSecs = 0)
{
    public int TotalClients => Clients * Paragraphs;

    public int TotalWriters => Writers * Paragraphs;

    /// <summary>The schedule: edits per second the writers are told to make.</summary>
    public double OfferedPerSecond => TotalWriters * 1000.0 / IntervalMs;
}

/// <summary>One co-editing client of one paragraph, whichever driver speaks to the hub.</summary>
public interface ILiveClient : IAsyncDisposable
{
    /// <summary>Raised with each remote operation as applied to the local text.</summary>
    event Action<TextOperation>? RemoteApplied;

    /// <summary>Edits with a function of the current text, atomically with respect to incoming operations.</summary>
    void Edit(Func<string, TextOperation> edit);

    (string Text, long Version, bool Synchronized) Snapshot();

    int ErrorCount { get; }

    /// <summary>How many times the client's text differed from the server's (by its text hash) and was taken whole again.</summary>
    int Divergences { get; }
}

/// <summary>Which .NET driver speaks to the hub: the product's <see cref="DraftingSession"/> or raw WebSocket frames.</summary>
public enum LiveDriver
{
    Session,
    Raw,
}

/// <summary>The product's client: a <see cref="DraftingSession"/> over a SignalR HubConnection.</summary>
public sealed class SessionLiveClient : ILiveClient
{
    private readonly DraftingSession _session;
    private readonly Guid _paragraphId;

    private SessionLiveClient(DraftingSession session, Guid paragraphId)
    {
        _session = session;
        _paragraphId = paragraphId;
    }

    public event Action<TextOperation>? RemoteApplied;

    public static async Task<ILiveClient> ConnectAsync(BenchGroup group, string sub, Guid draftId, Guid paragraphId)
    {
        // Each client follows only its paragraph, as a ShareDB client subscribes to one document.
        var session = new DraftingSession(group.CreateHub(sub), group.GroupId, draftId, sub, selective: true);
        await session.JoinAsync();
        var client = new SessionLiveClient(session, paragraphId);
        var document = await session.OpenAsync(paragraphId);
        document.RemoteApplied += op => client.RemoteApplied?.Invoke(op);
        return client;
    }

    public void Edit(Func<string, TextOperation> edit) => _session.Edit(_paragraphId, edit);

    public (string Text, long Version, bool Synchronized) Snapshot() => _session.Snapshot(_paragraphId);

    public int ErrorCount => _session.Errors.Count;

    public int Divergences => _session.Resyncs;

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}

/// <summary>
/// Drives GGE Workspace's drafting hub: writers insert short unique markers at random positions (and in a steady run
/// also delete whole markers); every receiving client timestamps each marker when its operation is applied. One
/// process, one monotonic clock (Stopwatch).
/// </summary>
public static class GgeCoEditing
{
    public const char Open = '\u2039';
    public const char Close = '\u203A';

    private sealed class Client(ILiveClient live, int paragraph, bool writer)
    {
        public ILiveClient Live { get; } = live;
        public int Paragraph { get; } = paragraph;
        public bool Writer { get; } = writer;

        /// <summary>(apply timestamp, latency ms) per marker received.</summary>
        public List<(long At, double Ms)> Samples { get; } = [];
    }

    public static async Task<Dictionary<string, object?>> RunAsync(BenchGroup group, CoEditingScenario s, string initialText, double settleSecs,
        LiveDriver driver = LiveDriver.Session, Func<double>? serverRssMb = null)
    {
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        initialText = s.Text ?? initialText;
        var startLength = CodePoints.Length(initialText);
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
            var live = driver == LiveDriver.Raw
                ? await RawLiveClient.ConnectAsync(group, sub, draftId, paragraphIds[paragraph])
                : await SessionLiveClient.ConnectAsync(group, sub, draftId, paragraphIds[paragraph]);
            var client = new Client(live, paragraph, writer);
            live.RemoteApplied += op =>
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
                            lock (client.Samples) client.Samples.Add((now, Stopwatch.GetElapsedTime(at, now).TotalMilliseconds));
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

        long edits = 0, inserts = 0;
        var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId * 7919 + 17));
        var begin = Stopwatch.GetTimestamp();
        var endMs = s.Secs * 1000;
        var rss = new List<(double Ms, double Mb)>();
        using var sampling = new CancellationTokenSource();
        var sampler = serverRssMb is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                lock (rss) rss.Add((Stopwatch.GetElapsedTime(begin).TotalMilliseconds, serverRssMb()));
                try { await Task.Delay(1000, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var writers = clients.Where(c => c.Writer).ToList();
        await Task.WhenAll(writers.Select((w, k) => Task.Run(async () =>
        {
            var own = new HashSet<string>();
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
                var inserted = false;
                w.Live.Edit(text =>
                {
                    var rng = random.Value!;
                    if (s.Steady && text.Length >= startLength && DeleteSpan(text, rng, own) is { } delete) return delete;
                    var at = Position(text, rng);
                    own.Add(marker);
                    sent[marker] = Stopwatch.GetTimestamp();
                    inserted = true;
                    return TextOperation.Empty.Retain(at).Insert($"{Open}{marker}{Close}").Retain(text.Length - at);
                });
                Interlocked.Increment(ref edits);
                if (inserted) Interlocked.Increment(ref inserts);
            }
        })));
        var offeredSecs = Stopwatch.GetElapsedTime(begin).TotalSeconds;

        var expected = inserts * (s.Clients - 1);
        var deadline = Stopwatch.GetTimestamp() + (long)(settleSecs * Stopwatch.Frequency);
        var converged = false;
        var stored = new List<(string Text, long Version)>();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            stored.Clear();
            foreach (var id in paragraphIds) stored.Add(await group.ParagraphAsync(draftId, id));
            var synced = clients.All(c =>
            {
                var snap = c.Live.Snapshot();
                return snap.Synchronized && snap.Version == stored[c.Paragraph].Version;
            });
            if (synced && Interlocked.Read(ref remoteApplies) >= expected)
            {
                converged = clients.All(c => c.Live.Snapshot().Text == stored[c.Paragraph].Text);
                break;
            }
            await Task.Delay(250);
        }
        await sampling.CancelAsync();
        await sampler;

        var samples = clients.SelectMany(c => { lock (c.Samples) return c.Samples.ToArray(); }).ToArray();
        var latencies = samples.Select(x => x.Ms).Order().ToArray();
        var errors = clients.Sum(c => c.Live.ErrorCount);
        var divergences = clients.Sum(c => c.Live.Divergences);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        var applySecs = Stopwatch.GetElapsedTime(begin, Interlocked.Read(ref lastApply)).TotalSeconds;
        await Task.WhenAll(clients.Select(c => c.Live.DisposeAsync().AsTask()));

        var r = new Dictionary<string, object?>
        {
            ["system"] = "gge",
            ["scenario"] = s.Name,
            ["driver"] = driver.ToString().ToLowerInvariant(),
            ["clients"] = s.TotalClients,
            ["writers"] = s.TotalWriters,
            ["paragraphs"] = s.Paragraphs,
            ["interval_ms"] = s.IntervalMs,
            ["secs"] = s.Secs,
            ["edits"] = edits,
            ["inserts"] = inserts,
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
            ["start_length"] = startLength,
            ["final_length"] = stored.Count == 0 ? null : CodePoints.Length(stored[0].Text),
            ["errors"] = errors,
            ["divergences"] = divergences,
            ["driver_cpu_s"] = Math.Round(cpu, 2),
        };
        if (s.BucketSecs > 0) Soak.AddBuckets(r, s, samples.Select(x => (Stopwatch.GetElapsedTime(begin, x.At).TotalMilliseconds, x.Ms)).ToArray(), rss);
        return r;
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

    /// <summary>
    /// Deletes a marker of another writer, chosen at random (so concurrent writers seldom pick the same one), or, when
    /// there is none, a span of prose as long as a marker. Another writer's marker has been committed (it arrived as a
    /// remote operation), whereas one of our own may still wait in our buffer, where deleting it would compose its insert
    /// away before anyone received it. Null when nothing fits.
    /// </summary>
    private static TextOperation? DeleteSpan(string text, Random random, HashSet<string> own)
    {
        var markers = new List<(int At, int Length)>();
        for (var i = text.IndexOf(Open); i >= 0; i = text.IndexOf(Open, i + 1))
        {
            var j = text.IndexOf(Close, i);
            if (j < 0) break;
            if (!own.Contains(text[(i + 1)..j])) markers.Add((i, j - i + 1));
        }
        if (markers.Count > 0)
        {
            var (at, length) = markers[random.Next(markers.Count)];
            return TextOperation.Empty.Retain(at).Delete(length).Retain(text.Length - at - length);
        }
        const int span = 6;
        for (var attempt = 0; attempt < 8 && text.Length > span; attempt++)
        {
            var at = random.Next(text.Length - span);
            if (text.AsSpan(at, span).IndexOfAny(Open, Close) < 0 && !InsideMarker(text, at))
                return TextOperation.Empty.Retain(at).Delete(span).Retain(text.Length - at - span);
        }
        return null;
    }

    private static bool InsideMarker(string text, int at)
    {
        var open = text.LastIndexOf(Open, Math.Max(0, at - 1));
        return open >= 0 && text.IndexOf(Close, open) is var close && (close < 0 || close >= at);
    }

    /// <summary>Prose of about <paramref name="codePoints"/> code points (Basic Multilingual Plane, so UTF-16 length equals code points).</summary>
    public static string Prose(int codePoints)
    {
        var sentence = Harness.InitialText + " ";
        var sb = new System.Text.StringBuilder(codePoints + sentence.Length);
        while (sb.Length < codePoints) sb.Append(sentence);
        return sb.ToString(0, codePoints - 1) + ".";
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

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
