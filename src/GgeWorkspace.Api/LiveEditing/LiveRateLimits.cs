using System.Threading.RateLimiting;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// Limits per hub connection. A token bucket for every invocation, whatever its method, including Heartbeat, malformed
/// calls and methods the hub does not have (`LiveEditing:OperationsPerSecondPerConnection`, 400 by default: far above
/// typing, even with a whole buffer resent after a reconnect); beyond it the call fails with a 429 problem and nothing is
/// done. The HTTP limiter does not see hub messages, which all travel on one request. And a count of refused calls
/// (`LiveEditing:MaxRefusalsPerConnection`, 100 by default): a connection that keeps sending what is refused is closed.
/// </summary>
public sealed class LiveRateLimits(IConfiguration configuration) : IDisposable
{
    private readonly int _maxRefusals = Math.Max(1, configuration.GetValue("LiveEditing:MaxRefusalsPerConnection", 100));
    private readonly ConcurrentDictionary<string, int> _refusals = new();

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(connectionId =>
        RateLimitPartition.GetTokenBucketLimiter(connectionId, _ =>
        {
            var perSecond = Math.Max(1, configuration.GetValue("LiveEditing:OperationsPerSecondPerConnection", 400));
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }));

    public void Acquire(string connectionId)
    {
        using var lease = _limiter.AttemptAcquire(connectionId);
        if (!lease.IsAcquired) throw new TooManyRequestsException("Too many operations on this connection; slow down and retry shortly.");
    }

    /// <summary>
    /// Refusals that an honest client does not keep meeting: malformed messages, probing (403, 404) and ignoring 429.
    /// Conflicts with the current state (409, 412) are left out: they follow from what others do.
    /// </summary>
    public static bool CountsAsAbuse(int status) => status is not (StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed);

    /// <summary>Counts one refused call; the count once it reaches the limit (the connection is then to be closed), else null.</summary>
    public int? Refused(string connectionId)
    {
        var count = _refusals.AddOrUpdate(connectionId, 1, (_, n) => n + 1);
        return count >= _maxRefusals ? count : null;
    }

    public void Forget(string connectionId) => _refusals.TryRemove(connectionId, out _);

    public void Dispose() => _limiter.Dispose();
}
