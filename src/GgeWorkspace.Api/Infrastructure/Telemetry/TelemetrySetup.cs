using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GgeWorkspace.Api.Infrastructure.Telemetry;

public static class TelemetrySetup
{
    public const string ServiceName = "gge-workspace";
    public const string ActivitySourceName = "GgeWorkspace";

    /// <summary>Traces and metrics for ASP.NET Core, Npgsql and Marten; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static IServiceCollection AddGgeTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(ActivitySourceName)
                .AddSource("Marten")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(ActivitySourceName)
                .AddMeter("Marten")
                .AddMeter("Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
        return services;
    }
}
