using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (real Marten on real PostgreSQL, real HTTP pipeline and SignalR) on its own database.
/// Use as a class fixture; tokens are minted with the same key the host validates.
/// </summary>
public class GgeApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";
    public const string Issuer = "gge-workspace-tests";

    public string ConnectionString { get; protected set; } = "";

    protected virtual string EnvironmentName => "Development";

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync();
        // Started here, so a host that fails to start fails the fixture with its own exception on every test of the class
        // (started lazily, only the first test would show it and the rest "the server has not been started").
        _ = Server;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static readonly object HostBuildGate = new();

    /// <summary>
    /// One host built and started at a time in this test process. A minimal-hosting app is built by running its entry
    /// point and catching the host it builds through process-wide diagnostic events; with several classes starting their
    /// hosts at the same moment, a factory can catch another factory's host and its own test server is never started
    /// ("The server has not been started"), failing a whole class at random.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        lock (HostBuildGate) return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
        builder.UseSetting("Auth:Issuer", Issuer);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Projections:LeadershipPollingMs", "1000");
        // Each test class starts from an empty database; the demo workspace has tests of its own (Sources/DemoWorkspaceTests).
        builder.UseSetting("Demo:Seed", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>Waits until this host leads the async daemon and runs every projection and subscription.</summary>
    public async Task WaitForDaemonAsync()
    {
        var daemon = Services.GetRequiredService<JasperFx.Events.Daemon.IProjectionCoordinator>().DaemonForMainDatabase();
        var expected = ((StoreOptions)Store.Options).Projections.AllShards().Select(s => s.Name.Identity).ToHashSet();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!expected.IsSubsetOf(daemon.CurrentAgents().Where(a => a.Status == JasperFx.AgentStatus.Running).Select(a => a.Name.Identity)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The async daemon did not start.");
            await Task.Delay(50);
        }
    }

    public static readonly AuthOptions TokenOptions = new() { Issuer = Issuer, SigningKey = SigningKey };

    public static string TokenFor(string sub, string? name = null, bool secretariatRole = false) =>
        DevelopmentTokens.IssueToken(new DemoUser(sub, name ?? sub, "", secretariatRole), TokenOptions, TimeProvider.System);

    /// <summary>A client acting as a demo user (by sub) or anyone else (unknown subs get a plain token).</summary>
    public HttpClient ClientFor(string sub)
    {
        var demo = DevelopmentTokens.Cast.FirstOrDefault(u => u.Sub == sub);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TokenFor(sub, demo?.Name, demo?.IsSecretariat ?? false));
        return client;
    }

    public HttpClient Anonymous() => CreateClient();

    /// <summary>The WebSockets the hub connections made, by sub, so a test can abort one without a close.</summary>
    public ConcurrentDictionary<string, System.Net.WebSockets.WebSocket> Sockets { get; } = new();

    public HubConnection HubFor(string? sub, string? name = null)
    {
        var token = sub is null ? null : TokenFor(sub, name ?? DevelopmentTokens.Cast.FirstOrDefault(u => u.Sub == sub)?.Name);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/drafting"), o =>
            {
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    // As browsers do: the token travels as access_token in the WebSocket URL.
                    var ws = Server.CreateWebSocketClient();
                    var uri = token is null ? context.Uri
                        : new Uri($"{context.Uri}{(context.Uri.Query.Length > 0 ? "&" : "?")}access_token={Uri.EscapeDataString(token)}");
                    var socket = await ws.ConnectAsync(uri, ct);
                    if (sub is not null) Sockets[sub] = socket;
                    return socket;
                };
            })
            .Build();
    }

    /// <summary>A group with the whole demo cast as members, created by the Secretariat officer.</summary>
    public async Task<Guid> CreateDemoGroupAsync(string name = "GGE on nuclear disarmament verification")
    {
        var secretariat = ClientFor("demo-secretariat");
        var created = await secretariat.PostAsJsonAsync("/api/groups", new { name, mandateReference = "A/RES/71/67" });
        created.EnsureSuccessStatusCode();
        var group = (await created.Content.ReadFromJsonAsync<GroupView>(Json.Options))!;
        var version = group.Version;
        foreach (var (sub, role, state, attribution) in DemoMembers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{group.Id}/members")
            {
                Content = JsonContent.Create(new { sub, role, nominatingState = state, attribution }, options: Json.Options),
            };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            var added = await secretariat.SendAsync(request);
            added.EnsureSuccessStatusCode();
            version = long.Parse(added.Headers.ETag!.Tag.Trim('"'));
        }
        return group.Id;
    }

    public static readonly IReadOnlyList<(string Sub, MemberRole Role, string? State, ContributionAttribution Attribution)> DemoMembers =
    [
        ("demo-chair", MemberRole.Chair, "NOR", ContributionAttribution.NominatingState),
        ("demo-expert-can", MemberRole.Expert, "CAN", ContributionAttribution.NominatingState),
        ("demo-expert-chn", MemberRole.Expert, "CHN", ContributionAttribution.NominatingState),
        ("demo-expert-mex", MemberRole.Expert, "MEX", ContributionAttribution.NominatingState),
        ("demo-expert-gbr", MemberRole.Expert, "GBR", ContributionAttribution.NominatingState),
        ("demo-expert-usa", MemberRole.Expert, "USA", ContributionAttribution.NominatingState),
        ("demo-expert-personal", MemberRole.Expert, null, ContributionAttribution.Personal),
        ("demo-observer", MemberRole.Observer, null, ContributionAttribution.Personal),
    ];
}

public static class Json
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = Create();

    private static System.Text.Json.JsonSerializerOptions Create()
    {
        var o = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return o;
    }
}

/// <summary>Small helpers for reading problem details and ETags in assertions.</summary>
public static class HttpAssertions
{
    public static async Task<System.Text.Json.JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    public static long Version(this HttpResponseMessage response) => long.Parse(response.Headers.ETag!.Tag.Trim('"'));

    public static HttpRequestMessage WithIfMatch(this HttpRequestMessage request, long version)
    {
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return request;
    }
}
