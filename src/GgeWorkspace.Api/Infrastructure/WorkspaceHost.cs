using System.Threading.RateLimiting;
using GgeWorkspace.Api.Exports;
using GgeWorkspace.Api.Infrastructure.Health;
using GgeWorkspace.Api.Infrastructure.Postgres;
using GgeWorkspace.Api.Infrastructure.Redis;
using GgeWorkspace.Api.Infrastructure.Telemetry;
using GgeWorkspace.Api.Sources;
using GgeWorkspace.Api.Translations;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace GgeWorkspace.Api.Infrastructure;

/// <summary>Everything the one host wires up: services, middleware and endpoints.</summary>
public static class WorkspaceHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(WithDefaultEnvironment([.. args.Select(a => a == "--seed-demo" ? "--Demo:Seed=true" : a)]));
        var services = builder.Services;
        // The Development default is applied here, not in appsettings, where it would override ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS.
        if (builder.Environment.IsDevelopment() && !ListeningAddresses.AreChosen(builder.Configuration))
            builder.WebHost.UseUrls(ListeningAddresses.DevelopmentDefault);

        if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DatabaseServer.Start(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<DatabaseServer>>()));
        services.AddHostedService<DatabaseStartup>();
        services.AddGgeMarten();
        services.AddSingleton<ParagraphRepairs>();
        services.AddScoped<IDraftHistorySource, MartenDraftHistorySource>();
        services.AddScoped<DraftExports>();
        services.AddOptions<ExportOptions>().BindConfiguration("Exports");
        services.AddSingleton<PdfRenderer>();

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(GroupAccessBehavior<,>), typeof(Events.DamagedStreamGuardBehavior<,>), typeof(ValidationBehavior<,>), typeof(IdempotencyBehavior<,>)];
        });
        // Singletons: a validator is immutable once built, and building one (its rule expressions) cost more than running it.
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddGgeAuthentication();
        // Problems made from a status code alone (401, 415, an unknown route) carry our type too, not the RFC's link.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = ProblemTypes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Text in Arabic, Chinese and every other script travels as itself, not as \u escapes (JSON APIs are not HTML).
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
            o.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long>("Limits:MaxRequestBodyBytes", 1_048_576));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter =
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "1";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Type = ProblemTypes.TooManyRequests, Title = "Too many requests.", Detail = "Slow down and retry shortly." },
                });
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(
                    http.User.FindFirst("sub")?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = builder.Configuration.GetValue("Limits:RequestsPerMinutePerUser", 1200),
                        TokensPerPeriod = builder.Configuration.GetValue("Limits:RequestsPerMinutePerUser", 1200),
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
        });

        services.AddSignalR(o =>
            {
                o.AddFilter<ProblemDetailsHubFilter>();
                // Enough for a whole paragraph in any script; larger messages are refused (clients split composed operations).
                o.MaximumReceiveMessageSize = builder.Configuration.GetValue<long>("LiveEditing:MaxMessageBytes", 32 * 1024);
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            })
            .AnswerBindingFailuresAsProblems()
            .AddGgeBackplane(services);
        services.AddSingleton<ProblemDetailsHubFilter>();
        // ProblemDetailsHubFilter logs every failed hub call once (a refusal as one line); SignalR's dispatcher would log
        // each refusal again as an error with a stack trace.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.None);
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<LiveRateLimits>();
        services.AddSingleton<LiveDivergences>();
        services.AddSingleton<GroupMembershipCache>();
        services.AddSingleton<RouteOwners>();
        services.AddSingleton<MembershipReconciliation>();
        services.AddSingleton<MembershipNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<MembershipNotifications>());
        services.AddHostedService<MembershipRecheck>();
        services.AddSingleton<LiveCommits>();
        services.AddSingleton<ParagraphSequencers>();
        services.AddSingleton<Presence.PresenceTracker>();
        services.AddHostedService<Presence.PresenceSweeper>();
        services.AddScoped<Writes.StreamWrite>();
        services.AddScoped<Consensus.ParagraphWriteGuards>();
        // What other features do when a draft or paragraph is written, whichever path writes it (REST or live).
        Comments.CommentAnchorsFollowText.Register(services);
        Drafts.PointsFollowTheirParagraph.Register(services);
        Consensus.ConsensusWriteGuard.Register(services);
        services.AddSingleton<Consensus.IOpenAmendmentCounts, Consensus.OpenAmendmentCounts>();
        services.AddOptions<Consensus.ConsensusOptions>().BindConfiguration(Consensus.ConsensusOptions.Section)
            .Validate(o => o.MinimumSilenceDeadline >= TimeSpan.Zero, "Consensus:MinimumSilenceDeadline must not be negative.").ValidateOnStart();
        services.AddSingleton<Consensus.SilenceSchedule>();
        services.AddHostedService<Consensus.SilenceScheduler>();
        // After the migrations (DatabaseStartup) and every other hosted service: the demo workspace goes through the same commands as the API.
        services.AddSingleton<DemoWorkspace>();
        services.AddHostedService<DemoWorkspaceStartup>();
        services.AddOpenApi();
        services.AddGgeHealthChecks();
        services.AddGgeTelemetry(builder.Configuration);

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit(app.Configuration.GetValue<long>("Limits:MaxRequestBodyBytes", 1_048_576));
        // The reference web client (wwwroot): plain files, no secrets; every call it makes is authorized by the API.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseHubOriginCheck(DraftingHub.Path);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRouteMembership();

        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/scalar");
            app.MapDevelopmentTokens();
            app.Lifetime.ApplicationStarted.Register(() => PrintDevelopmentWelcome(app));
        }

        app.MapGgeHealthChecks();
        app.MapGroups();
        app.MapDrafts();
        app.MapAmendments();
        app.MapComments();
        app.MapRevisions();
        app.MapConsensus();
        app.MapExports();
        app.MapSources();
        app.MapTranslations();
        // WebSockets, and Long Polling for networks that block them (with the Authorization header: see AuthSetup).
        // Server-Sent Events are off: browsers cannot set headers on them, so they would need the token in the URL.
        app.MapHub<DraftingHub>(DraftingHub.Path, o => o.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling);
        return app;
    }

    /// <summary>
    /// A Debug build run from the source tree (`dotnet run`) defaults to Development; a Release build
    /// (published, container) defaults to Production. An explicit environment always wins.
    /// </summary>
    public static string[] WithDefaultEnvironment(string[] args)
    {
#if DEBUG
        var explicitly = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"));
        return explicitly ? args : ["--environment=Development", .. args];
#else
        return args;
#endif
    }

    private static void PrintDevelopmentWelcome(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GgeWorkspace");
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? ListeningAddresses.DevelopmentDefault;
        var lines = new List<string>
        {
            $"GGE Workspace listens on {string.Join(", ", addresses)}",
            $"API reference: {first}/scalar   OpenAPI: {first}/openapi/v1.json   Ready: {first}/health/ready",
            $"Demo users (a token for each: GET {first}/api/dev/users, or POST {first}/api/dev/tokens {{\"sub\":\"...\"}}):",
        };
        lines.AddRange(DevelopmentTokens.Cast.Select(u => $"  {u.Sub,-22} {u.Name} - {u.Description}"));
        if (DemoWorkspaceStartup.IsEnabled(app.Configuration, app.Environment))
        {
            lines.Add($"Demo workspace \"{DemoWorkspace.GroupName}\": group {DemoWorkspace.GroupId}");
            lines.Add($"  as demo-chair: GET {first}/api/groups/{DemoWorkspace.GroupId}/drafts, then /drafts/{{id}}, /drafts/{{id}}/coverage, /sources");
        }
        logger.LogInformation("{Welcome}", string.Join(Environment.NewLine, lines));
    }
}
