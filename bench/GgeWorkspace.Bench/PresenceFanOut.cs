using System.Collections.Concurrent;
using System.Diagnostics;
using GgeWorkspace.Client.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Bench;

/// <summary>The parameters of a presence run: <see cref="Drafts"/> drafts with <see cref="PerDraft"/> connections each.</summary>
public sealed record PresenceScenario(
    string Name, int Drafts, int PerDraft, int MoversPerDraft, int IntervalMs, double Secs, int HeartbeatMs = 1500, bool Ghosts = true)
{
    public int Connections => Drafts * PerDraft;
}

/// <summary>
/// P5: presence fan-out. Every connection joins its draft in a selective <see cref="DraftingSession"/> (it receives
/// presence, not operations) and sends a heartbeat every 1.5 s; a few members per draft move their caret on a fixed
/// schedule. Each caret position is a unique number, so every receiver timestamps the first PresenceChanged carrying
/// it: latency is from the UpdatePresence call to each other member of the draft having it (one process, one clock).
/// Then, in every draft, one client is killed (its WebSocket aborted without a close, as when its process dies) and
/// one goes silent (heartbeats stop, the connection stays open, as a frozen tab or a lost network): the time until
/// PresenceLeft for each has reached every other member of the draft.
/// </summary>
public static class PresenceFanOut
{
    private sealed class Member(DraftingSession session, int draft, int index)
    {
        public DraftingSession Session { get; } = session;
        public int Draft { get; } = draft;
        public int Index { get; } = index;
        public System.Net.WebSockets.WebSocket? Socket { get; set; }
        public List<double> Latencies { get; } = [];
        public HashSet<int> Seen { get; } = [];
        public ConcurrentDictionary<string, long> Left { get; } = new();
        public volatile bool Silent;
        public long LastHeartbeat;
        public double NextHeartbeatMs;
        public double NextMoveMs;
    }

    public static async Task<Dictionary<string, object?>> RunAsync(BenchGroup group, PresenceScenario s, Func<double>? serverRssMb = null)
    {
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var rssBefore = serverRssMb?.Invoke();
        var drafts = new List<(Guid DraftId, Guid ParagraphId)>();
        for (var d = 0; d < s.Drafts; d++)
        {
            var (draftId, sections) = await group.CreateDraftAsync($"{s.Name} presence {d + 1}", 1);
            var paragraph = await group.AddParagraphAsync(draftId, sections[0], Harness.InitialText);
            drafts.Add((draftId, paragraph["id"]!.GetValue<Guid>()));
        }

        var sent = new ConcurrentDictionary<int, long>();
        long received = 0, errors = 0;
        var nextCaret = 0;

        async Task<Member> Connect(int i)
        {
            var draft = i / s.PerDraft;
            var sub = group.Experts[i % group.Experts.Count];
            Member? member = null;
            System.Net.WebSockets.WebSocket? socket = null;
            var connection = group.CreateHub(sub, ws => { socket = ws; if (member is not null) member.Socket = ws; });
            var session = new DraftingSession(connection, group.GroupId, drafts[draft].DraftId, sub, selective: true);
            member = new Member(session, draft, i % s.PerDraft) { Socket = socket };
            connection.On<PresenceEntry>(DraftingHubProtocol.PresenceChanged, e =>
            {
                var now = Stopwatch.GetTimestamp();
                if (e.Caret is not { } caret || !sent.TryGetValue(caret, out var at)) return;
                lock (member.Seen)
                {
                    if (!member.Seen.Add(caret)) return;
                    member.Latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
                Interlocked.Increment(ref received);
            });
            connection.On<PresenceGone>(DraftingHubProtocol.PresenceLeft, g => member.Left.TryAdd(g.TabId, Stopwatch.GetTimestamp()));
            await session.JoinAsync();
            member.Socket ??= socket;
            return member;
        }

        // One loop drives every heartbeat (from the moment a member has joined, as the product's client does) and every caret
        // move, each on its own staggered schedule; it also samples the server's memory.
        var members = new List<Member>();
        var begin = Stopwatch.GetTimestamp();
        var moving = false;
        long updates = 0;
        double rssPeak = 0;
        using var stop = new CancellationTokenSource();
        var driver = Task.Run(async () =>
        {
            double nextRss = 0;
            while (!stop.IsCancellationRequested)
            {
                var t = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
                Member[] all;
                lock (members) all = [.. members];
                foreach (var m in all)
                {
                    if (!m.Silent && t >= m.NextHeartbeatMs && m.Session.Connection.State == HubConnectionState.Connected)
                    {
                        m.NextHeartbeatMs = Math.Max(m.NextHeartbeatMs + s.HeartbeatMs, t);
                        Interlocked.Exchange(ref m.LastHeartbeat, Stopwatch.GetTimestamp());
                        _ = Watch(m.Session.HeartbeatAsync());
                    }
                    if (moving && m.Index < s.MoversPerDraft && t >= m.NextMoveMs)
                    {
                        m.NextMoveMs = Math.Max(m.NextMoveMs + s.IntervalMs, t);
                        var caret = Interlocked.Increment(ref nextCaret);
                        sent[caret] = Stopwatch.GetTimestamp();
                        Interlocked.Increment(ref updates);
                        _ = Watch(m.Session.UpdatePresenceAsync(drafts[m.Draft].ParagraphId, caret, null, false));
                    }
                }
                if (serverRssMb is not null && t >= nextRss)
                {
                    rssPeak = Math.Max(rssPeak, serverRssMb());
                    nextRss = t + 500;
                }
                try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        async Task Watch(Task call)
        {
            try { await call; }
            catch (Exception) { Interlocked.Increment(ref errors); }
        }

        var connectStart = Stopwatch.GetTimestamp();
        for (var start = 0; start < s.Connections; start += 20)
        {
            var joined = await Task.WhenAll(Enumerable.Range(start, Math.Min(20, s.Connections - start)).Select(Connect));
            var t = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
            foreach (var m in joined)
            {
                var k = m.Draft * s.PerDraft + m.Index;
                m.NextHeartbeatMs = t + (double)k / s.Connections * s.HeartbeatMs;
                m.NextMoveMs = (double)k / s.Connections * s.IntervalMs;
            }
            lock (members) members.AddRange(joined);
        }
        var connectSecs = Stopwatch.GetElapsedTime(connectStart).TotalSeconds;

        // Let the join announcements settle, then move carets for the run's duration.
        await Task.Delay(1000);
        var moveStart = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
        foreach (var m in members) m.NextMoveMs += moveStart;
        moving = true;
        await Task.Delay(TimeSpan.FromSeconds(s.Secs));
        moving = false;
        var expected = Interlocked.Read(ref updates) * (s.PerDraft - 1);
        var settle = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (Interlocked.Read(ref received) < expected && Stopwatch.GetTimestamp() < settle) await Task.Delay(50);
        var rssConnected = serverRssMb?.Invoke();
        var errorsBeforeGhosts = Interlocked.Read(ref errors); // a heartbeat in flight on a killed connection fails by design

        // Ghosts: in every draft the last member is killed and the one before it goes silent.
        var killed = new List<(Member Member, long At)>();
        var silent = new List<Member>();
        if (s.Ghosts && s.PerDraft >= 4)
        {
            foreach (var draft in members.GroupBy(m => m.Draft))
            {
                var list = draft.OrderBy(m => m.Index).ToList();
                list[^2].Silent = true;
                silent.Add(list[^2]);
                var victim = list[^1];
                victim.Silent = true;
                killed.Add((victim, Stopwatch.GetTimestamp()));
                victim.Socket?.Abort();
            }
        }
        var ghostTabs = killed.Select(k => k.Member).Concat(silent).ToList();
        var ghostDeadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
        bool AllGone() => ghostTabs.All(g => members.Where(m => m.Draft == g.Draft && !ghostTabs.Contains(m)).All(m => m.Left.ContainsKey(g.Session.TabId!)));
        while (ghostTabs.Count > 0 && !AllGone() && Stopwatch.GetTimestamp() < ghostDeadline) await Task.Delay(20);
        double? VanishMs(Member ghost, long from)
        {
            var others = members.Where(m => m.Draft == ghost.Draft && !ghostTabs.Contains(m)).ToList();
            return others.All(m => m.Left.ContainsKey(ghost.Session.TabId!))
                ? others.Max(m => Stopwatch.GetElapsedTime(from, m.Left[ghost.Session.TabId!]).TotalMilliseconds)
                : null;
        }
        var killedMs = killed.Select(k => VanishMs(k.Member, k.At)).ToList();
        var silentMs = silent.Select(m => VanishMs(m, Interlocked.Read(ref m.LastHeartbeat))).ToList();

        // Converged: every live member sees exactly the other live tabs of its draft.
        await Task.Delay(200);
        var live = members.Where(m => !ghostTabs.Contains(m)).ToList();
        var converged = live.All(m =>
        {
            var want = live.Where(o => o.Draft == m.Draft && o != m).Select(o => o.Session.TabId!).ToHashSet();
            return want.SetEquals(m.Session.Presence.Keys);
        });

        stop.Cancel();
        await driver;
        var latencies = members.SelectMany(m => { lock (m.Seen) return m.Latencies.ToArray(); }).Order().ToArray();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        await Task.WhenAll(members.Select(async m =>
        {
            try { await m.Session.DisposeAsync(); }
            catch (Exception) { } // the killed ones have no connection left to close
        }));

        static double? Round(double? v) => v is { } x ? Math.Round(x) : null;
        var r = new Dictionary<string, object?>
        {
            ["system"] = "gge",
            ["scenario"] = s.Name,
            ["clients"] = s.Connections,
            ["drafts"] = s.Drafts,
            ["movers"] = s.MoversPerDraft * s.Drafts,
            ["move_interval_ms"] = s.IntervalMs,
            ["heartbeat_ms"] = s.HeartbeatMs,
            ["secs"] = s.Secs,
            ["connect_s"] = Math.Round(connectSecs, 1),
            ["updates"] = Interlocked.Read(ref updates),
            ["updates_per_s"] = Math.Round(Interlocked.Read(ref updates) / s.Secs),
            ["deliveries"] = Interlocked.Read(ref received),
            ["expected_deliveries"] = expected,
            ["delivered_pct"] = expected == 0 ? 100 : Math.Round(Interlocked.Read(ref received) * 100.0 / expected, 2),
            ["p50_ms"] = Stats.Percentile(latencies, 50),
            ["p95_ms"] = Stats.Percentile(latencies, 95),
            ["p99_ms"] = Stats.Percentile(latencies, 99),
            ["max_ms"] = latencies.Length == 0 ? null : Math.Round(latencies[^1], 2),
            ["killed_gone_ms_max"] = killedMs.Count == 0 || killedMs.Any(v => v is null) ? null : Round(killedMs.Max()),
            ["silent_gone_ms_max"] = silentMs.Count == 0 || silentMs.Any(v => v is null) ? null : Round(silentMs.Max()),
            ["silent_gone_ms_min"] = silentMs.Count == 0 || silentMs.Any(v => v is null) ? null : Round(silentMs.Min()),
            ["ghosts"] = ghostTabs.Count,
            ["ghosts_gone"] = killedMs.Concat(silentMs).Count(v => v is not null),
            ["converged"] = converged,
            ["errors"] = errorsBeforeGhosts + live.Sum(m => m.Session.Errors.Count),
            ["driver_cpu_s"] = Math.Round(cpu, 2),
        };
        if (serverRssMb is not null)
        {
            r["server_rss_mb_before"] = Round(rssBefore);
            r["server_rss_mb_connected"] = Round(rssConnected);
            r["server_rss_mb_peak"] = Math.Round(Math.Max(rssPeak, rssConnected ?? 0));
        }
        return r;
    }
}
