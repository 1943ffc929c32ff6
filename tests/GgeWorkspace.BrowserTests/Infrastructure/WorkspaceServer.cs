using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests.Infrastructure;

/// <summary>
/// The real service on Kestrel (a free loopback port, its own throwaway database, Development so the demo sign-in exists)
/// and one headless Chromium from the machine (GGE_CHROMIUM, default /usr/bin/chromium). A missing browser fails the tests.
/// </summary>
public sealed class WorkspaceServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _connectionString = "";
    private readonly int _port = FreePort();
    private IPlaywright? _playwright;

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("GGE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. Install it (apt-get install -y chromium fonts-noto-cjk) or set GGE_CHROMIUM to its path; the browser tests never download a browser.");

        _connectionString = await TestDatabase.CreateDatabaseAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Marten", _connectionString);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Projections:LeadershipPollingMs", "1000");
        // Silence procedures a test can watch end.
        builder.UseSetting("Consensus:MinimumSilenceDeadline", "00:00:02");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An HTTP client acting as a demo user, with a token from the service's development sign-in.</summary>
    public async Task<HttpClient> ClientForAsync(string sub)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/dev/tokens", new { sub });
        token.EnsureSuccessStatusCode();
        var json = await token.Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("token").GetString());
        return http;
    }

    /// <summary>
    /// A browser context (its own session storage) signed in as a demo user through the sign-in page; its clock in
    /// <paramref name="timeZone"/> (an IANA name) when given, else the machine's.
    /// </summary>
    public async Task<IPage> SignInAsync(string sub, int width = 1280, int height = 900, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB", TimezoneId = timeZone });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"{BaseUrl}/#/signin");
        await page.Locator($"button.user-card[data-sub=\"{sub}\"]").ClickAsync();
        await page.Locator("h1", new() { HasText = "My groups" }).WaitForAsync();
        return page;
    }

    /// <summary>Signed in as <paramref name="sub"/>, on the demo draft with its first paragraph shown and the live connection up.</summary>
    public async Task<IPage> OpenDraftAsync(string sub, DemoWorkspace demo, int width = 1280, string? timeZone = null)
    {
        var page = await SignInAsync(sub, width, timeZone: timeZone);
        await page.GotoAsync($"{BaseUrl}/{demo.DraftHash}");
        await DemoWorkspace.Paragraph(page, demo.Paragraphs[0]).Locator(".para-text").WaitForAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live");
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<WorkspaceServer>
{
    public const string Name = "browser";
}
