using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace GgeWorkspace.Api.Infrastructure.Redis;

/// <summary>
/// Scale-out: with ConnectionStrings:Redis, SignalR uses the Redis backplane (every instance delivers every broadcast)
/// and presence is shared through Redis; without it the service runs as one instance. The choice is made when the
/// services are first resolved, so configuration supplied late (hosts, tests) counts.
/// </summary>
public static class RedisSetup
{
    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    /// <summary>Glued to the hub name, so it ends with ':'; lets several deployments share one Redis.</summary>
    public static string Prefix(IConfiguration configuration) => configuration["Redis:ChannelPrefix"] is { Length: > 0 } p ? p : "gge:";

    public static ISignalRServerBuilder AddGgeBackplane(this ISignalRServerBuilder signalR, IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        services.AddOptions<RedisOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            if (!IsConfigured(configuration)) return;
            o.Configuration = Options(configuration);
            o.Configuration.ChannelPrefix = RedisChannel.Literal(Prefix(configuration));
        });
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(ScaleOutHubLifetimeManager<>));
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return signalR;
    }

    internal static ConfigurationOptions Options(IConfiguration configuration)
    {
        var options = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")!);
        // An unreachable Redis shows in readiness instead of failing start-up; hub broadcasts resume when it is back.
        options.AbortOnConnectFail = false;
        return options;
    }
}

/// <summary>The service's own Redis connection (presence, readiness); null when Redis is not configured.</summary>
public sealed class RedisConnection(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<IConnectionMultiplexer?> _multiplexer = new(() =>
        RedisSetup.IsConfigured(configuration) ? ConnectionMultiplexer.Connect(RedisSetup.Options(configuration)) : null);

    public IConnectionMultiplexer? Multiplexer => _multiplexer.Value;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value?.Dispose();
    }
}

public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (redis.Multiplexer is not { } multiplexer) return HealthCheckResult.Healthy("Not configured: one instance, no backplane.");
        try
        {
            var latency = await multiplexer.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer: hub broadcasts would not reach other instances.", e);
        }
    }
}

/// <summary>The Redis hub lifetime manager when Redis is configured, the in-process one otherwise.</summary>
public sealed class ScaleOutHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly HubLifetimeManager<THub> _inner;

    public ScaleOutHubLifetimeManager(IServiceProvider services, IConfiguration configuration) =>
        _inner = RedisSetup.IsConfigured(configuration)
            ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services)
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services);

    public override Task OnConnectedAsync(HubConnectionContext connection) => _inner.OnConnectedAsync(connection);
    public override Task OnDisconnectedAsync(HubConnectionContext connection) => _inner.OnDisconnectedAsync(connection);
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) => _inner.SendAllAsync(methodName, args, cancellationToken);
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendGroupAsync(groupName, methodName, args, cancellationToken);
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendUserAsync(userId, methodName, args, cancellationToken);
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _inner.SendUsersAsync(userIds, methodName, args, cancellationToken);
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _inner.AddToGroupAsync(connectionId, groupName, cancellationToken);
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);
    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) => _inner.SetConnectionResultAsync(connectionId, result);
    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _inner.TryGetReturnType(invocationId, out type);

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
