using System.Diagnostics.Metrics;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// Counts clients whose copy of a paragraph's text stopped matching the server's (a text hash differed) and that asked
/// for the whole text again: the metric <c>gge.live.divergences</c>. Any count above zero means a client (or the
/// protocol) has a bug worth looking into; the clients heal themselves meanwhile.
/// </summary>
public sealed class LiveDivergences(ILogger<LiveDivergences> logger)
{
    private static readonly Meter Meter = new(Infrastructure.Telemetry.TelemetrySetup.ActivitySourceName);

    private static readonly Counter<long> Divergences = Meter.CreateCounter<long>("gge.live.divergences",
        description: "Times a live client found its text differing from the server's and resynchronised with the whole text.");

    private long _count;

    /// <summary>Divergences reported to this instance.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Reported(Guid paragraphId, string sub)
    {
        Interlocked.Increment(ref _count);
        Divergences.Add(1);
        logger.LogWarning("A live client of {Sub} found its text of paragraph {ParagraphId} differing from the server's and resynchronised", sub, paragraphId);
    }
}
