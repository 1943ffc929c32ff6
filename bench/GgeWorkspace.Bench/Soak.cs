using System.Globalization;

namespace GgeWorkspace.Bench;

/// <summary>
/// The soak run's buckets (throughput, latency and service memory per period, one minute in a long run) and its
/// verdict: the last bucket keeps the first one's throughput and p99 within 10%, the service's memory grows less than
/// 10% after the first bucket (warm-up), and every client converged.
/// </summary>
public static class Soak
{
    public const double Tolerance = 0.10;

    /// <summary>Buckets of a minute in a run of at least two minutes; a shorter (smoke) run is cut in three.</summary>
    public static double BucketSecsFor(double secs) => secs >= 120 ? 60 : Math.Max(1, secs / 3);

    public static void AddBuckets(Dictionary<string, object?> r, CoEditingScenario s, (double AtMs, double Ms)[] samples, List<(double Ms, double Mb)> rss)
    {
        var bucketMs = s.BucketSecs * 1000;
        var count = Math.Max(1, (int)Math.Ceiling(s.Secs * 1000 / bucketMs - 1e-9));
        var buckets = new List<Dictionary<string, object?>>();
        for (var b = 0; b < count; b++)
        {
            var from = b * bucketMs;
            var to = b == count - 1 ? double.MaxValue : from + bucketMs; // what lands after the schedule ended counts in the last
            var latencies = samples.Where(x => x.AtMs >= from && x.AtMs < to).Select(x => x.Ms).Order().ToArray();
            var memory = rss.Where(x => x.Ms < Math.Min(to, s.Secs * 1000)).Select(x => x.Mb).DefaultIfEmpty(0).Last();
            buckets.Add(new()
            {
                ["bucket"] = b + 1,
                ["from_s"] = Math.Round(from / 1000, 1),
                ["applied_per_s"] = s.Clients > 1 ? Math.Round(latencies.Length / (double)(s.Clients - 1) / s.BucketSecs) : 0,
                ["p50_ms"] = Stats.Percentile(latencies, 50),
                ["p99_ms"] = Stats.Percentile(latencies, 99),
                ["server_rss_mb"] = Math.Round(memory),
            });
        }
        r["bucket_s"] = s.BucketSecs;
        r["buckets"] = buckets;
        var first = buckets[0];
        var last = buckets[^1];
        double D(Dictionary<string, object?> b, string k) => Convert.ToDouble(b[k] ?? double.NaN, CultureInfo.InvariantCulture);
        var throughputKept = Within(D(last, "applied_per_s"), D(first, "applied_per_s"));
        var p99Kept = D(last, "p99_ms") <= D(first, "p99_ms") * (1 + Tolerance);
        var rssGrowth = D(first, "server_rss_mb") > 0 ? (D(last, "server_rss_mb") - D(first, "server_rss_mb")) / D(first, "server_rss_mb") : double.NaN;
        r["throughput_kept"] = throughputKept;
        r["p99_kept"] = p99Kept;
        r["rss_growth_pct"] = double.IsNaN(rssGrowth) ? null : Math.Round(rssGrowth * 100, 1);
        r["rss_growth_ok"] = !double.IsNaN(rssGrowth) && rssGrowth < Tolerance;
        r["verdict"] = throughputKept && p99Kept && (bool)r["rss_growth_ok"]! && r["converged"] is true ? "steady" : "not steady";
    }

    private static bool Within(double value, double reference) => reference > 0 && Math.Abs(value - reference) <= reference * Tolerance;
}
