using System.Threading.RateLimiting;
using GgeWorkspace.Api.Infrastructure.Errors;

namespace GgeWorkspace.Api.LiveEditing;

/// <summary>
/// A token bucket per hub connection for operations and presence updates (`LiveEditing:OperationsPerSecondPerConnection`,
/// 400 by default: far above typing, even with a whole buffer resent after a reconnect). Beyond it the method fails with
/// a 429 problem and nothing is sequenced. The HTTP limiter does not see hub messages, which all travel on one request.
/// </summary>
public sealed class LiveRateLimits(IConfiguration configuration) : IDisposable
{
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

    public void Dispose() => _limiter.Dispose();
}
