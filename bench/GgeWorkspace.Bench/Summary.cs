using System.Globalization;

namespace GgeWorkspace.Bench;

/// <summary>
/// The row of record of a repeated scenario: the median of the runs for every figure, the spread (min-max) of p50 and
/// p99 beside it. Converged only if every run converged; driver behind if any run was.
/// </summary>
public static class Summary
{
    private static readonly string[] Spread = ["p50_ms", "p99_ms"];

    public static Dictionary<string, object?> Median(IReadOnlyList<Dictionary<string, object?>> runs)
    {
        var row = new Dictionary<string, object?>();
        foreach (var key in runs.SelectMany(r => r.Keys).Distinct())
        {
            if (key == "run") continue;
            var values = runs.Select(r => r.GetValueOrDefault(key)).Where(v => v is not null).ToList();
            row[key] = values.Count == 0 ? null : values[0] switch
            {
                bool when key == "driver_behind" => values.Any(v => v is true),
                bool => values.All(v => v is true),
                double or long or int => Math.Round(Stats.Median([.. values.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))]), 2),
                _ => values[0],
            };
        }
        foreach (var key in Spread)
        {
            var values = runs.Select(r => r.GetValueOrDefault(key)).OfType<double>().ToList();
            row[$"{key}_min"] = values.Count == 0 ? null : values.Min();
            row[$"{key}_max"] = values.Count == 0 ? null : values.Max();
        }
        row["runs"] = runs.Count;
        var failed = runs.Count(r => r.ContainsKey("error"));
        if (failed > 0) row["failed_runs"] = failed;
        return row;
    }
}
