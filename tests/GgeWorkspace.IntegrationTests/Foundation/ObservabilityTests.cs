using System.Collections.Concurrent;
using System.Diagnostics;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>A host whose spans and log lines the test can read.</summary>
public sealed class ObservedFactory : GgeApiFactory
{
    public List<Activity> Spans { get; } = [];
    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLog(LogLines)));
    }
}

public sealed class ObservabilityTests(ObservedFactory api) : IClassFixture<ObservedFactory>
{
    [Fact]
    public async Task A_request_is_traced_with_the_database_calls_it_made_as_children()
    {
        var groupId = await api.CreateDemoGroupAsync();
        // The drafts list is always read from the database (a group itself may come from the membership cache).
        (await api.ClientFor("demo-chair").GetAsync($"/api/groups/{groupId}/drafts")).EnsureSuccessStatusCode();

        Activity? request = null;
        for (var i = 0; i < 100 && request is null; i++)
        {
            lock (api.Spans)
                request = api.Spans.LastOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.EndsWith("/api/groups/{groupId:guid}/drafts", StringComparison.Ordinal));
            if (request is null) await Task.Delay(50);
        }
        Assert.NotNull(request);

        List<Activity> spans;
        lock (api.Spans) spans = [.. api.Spans];
        var byId = spans.ToDictionary(s => s.SpanId);
        bool Descends(Activity s)
        {
            for (var p = s.ParentSpanId; p != default; p = byId.TryGetValue(p, out var parent) ? parent.ParentSpanId : default)
                if (p == request.SpanId) return true;
            return false;
        }
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.TraceId == request.TraceId && Descends(s));
    }

    [Fact]
    public async Task The_hub_access_token_is_never_written_to_the_logs()
    {
        var token = GgeApiFactory.TokenFor("demo-chair");
        await using (var connection = api.HubFor("demo-chair"))
        {
            await connection.StartAsync();
            Assert.Equal("demo-chair", await connection.InvokeAsync<string>("WhoAmI"));
        }
        await using (var anonymous = api.HubFor(null))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        }
        Assert.NotEmpty(api.LogLines);
        Assert.DoesNotContain(api.LogLines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(api.LogLines, line => line.Contains("access_token=", StringComparison.Ordinal));
    }
}
