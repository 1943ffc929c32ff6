using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GgeWorkspace.Api.Infrastructure.Health;

public static class HealthSetup
{
    public static IServiceCollection AddGgeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<AsyncProjectionHealthCheck>("async-projections", tags: ["ready"])
            .AddCheck<Events.DamagedStreamsHealthCheck>("damaged-streams", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapGgeHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .ExcludeFromDescription().DisableRateLimiting();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        });
    }
}

public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var conn = store.Storage.Database.CreateConnection();
            await conn.OpenAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand("select 1", (NpgsqlConnection)conn);
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}

/// <summary>
/// Guards the async daemon (HotCold): on the instance that holds the projection lock, every async
/// projection must be running. A stopped one makes the instance unready and is restarted; once it
/// runs again the instance is ready. Other instances stand by and are ready.
/// </summary>
public sealed class AsyncProjectionHealthCheck(IProjectionCoordinator coordinator, IDocumentStore store, ILogger<AsyncProjectionHealthCheck> logger)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await HoldsProjectionLockAsync())
            return HealthCheckResult.Healthy("Standing by: another instance runs the async projections.");
        var daemon = coordinator.DaemonForMainDatabase();

        var running = daemon.CurrentAgents()
            .Where(a => a.Status == AgentStatus.Running)
            .Select(a => a.Name.Identity)
            .ToHashSet();
        var expected = ((StoreOptions)store.Options).Projections.AllShards().Select(s => s.Name.Identity).ToList();
        var stopped = expected.Where(s => !running.Contains(s)).ToList();
        if (stopped.Count == 0) return HealthCheckResult.Healthy($"{expected.Count} async projection(s) running.");

        foreach (var shard in stopped)
        {
            logger.LogWarning("Async projection {Shard} is not running on the lock holder; restarting it", shard);
            try
            {
                await daemon.StartAgentAsync(shard, cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Restarting async projection {Shard} failed", shard);
            }
        }
        return HealthCheckResult.Unhealthy($"Async projection(s) stopped and being restarted: {string.Join(", ", stopped)}.");
    }

    /// <summary>Whether this instance holds the advisory lock of a projection set (HotCold leadership).</summary>
    private async Task<bool> HoldsProjectionLockAsync()
    {
        if (coordinator is not ProjectionCoordinatorBase coordinated) return coordinator.DaemonForMainDatabase().IsRunning;
        var distributor = coordinated.Distributor;
        if (distributor is null) return false;
        var sets = await distributor.BuildDistributionAsync();
        return sets.Any(distributor.HasLock);
    }
}
