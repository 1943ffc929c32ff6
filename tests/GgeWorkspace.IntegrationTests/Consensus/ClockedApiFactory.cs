using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GgeWorkspace.IntegrationTests.Consensus;

/// <summary>
/// The real host with a <see cref="FakeTimeProvider"/> as its clock, on a new database or on an existing one (to restart
/// the service, or to run a second instance against the same database).
/// </summary>
public sealed class ClockedApiFactory(FakeTimeProvider clock, string? existingConnectionString = null) : GgeApiFactory
{
    public ClockedApiFactory() : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    public FakeTimeProvider Clock => clock;

    public override async Task InitializeAsync()
    {
        if (existingConnectionString is null) await base.InitializeAsync();
        else ConnectionString = existingConnectionString;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }

    public SilenceScheduler Scheduler => Services.GetServices<IHostedService>().OfType<SilenceScheduler>().Single();

    /// <summary>A client whose token stays valid however far the clock is moved (issued on the real clock for 60 days).</summary>
    public HttpClient LongLivedClientFor(string sub)
    {
        var demo = DevelopmentTokens.Cast.FirstOrDefault(u => u.Sub == sub);
        var token = DevelopmentTokens.IssueToken(new DemoUser(sub, demo?.Name ?? sub, "", demo?.IsSecretariat ?? false), TokenOptions,
            TimeProvider.System, TimeSpan.FromDays(60));
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
