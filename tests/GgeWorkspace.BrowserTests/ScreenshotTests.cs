using System.Net.Http.Json;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>
/// Screenshots of the draft view, the Chair's controls on a paragraph under silence, a paragraph's history and the Chair's dashboard. Always taken (so the pages must render); written to
/// docs/screenshots when GGE_UPDATE_SCREENSHOTS=1, otherwise to the test output folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(WorkspaceServer server)
{
    [Fact]
    public async Task Screenshots_of_the_draft_view_the_chairs_controls_the_history_and_the_dashboard()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var d = $"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}";
        var canada = await server.ClientForAsync("demo-expert-can");
        var china = await server.ClientForAsync("demo-expert-chn");
        await DemoWorkspace.Read(await canada.PostAsJsonAsync($"{d}/amendments", new
        {
            kind = "ReplaceText", paragraphId = demo.Paragraphs[0], text = "Verification must be effective, credible and non-discriminatory.",
            explanation = "Credibility matters.",
        }));
        (await china.PostAsJsonAsync($"{d}/paragraphs/{demo.Paragraphs[0]}/positions", new { kind = "Objection", reason = "Credibility is implied." })).EnsureSuccessStatusCode();
        (await canada.PostAsJsonAsync($"{d}/paragraphs/{demo.Paragraphs[1]}/positions", new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();
        // The Arabic paragraph under silence, to show the Chair's controls beside a countdown.
        var chairHttp = await server.ClientForAsync("demo-chair");
        var arabic = await DemoWorkspace.Read(await chairHttp.GetAsync($"{d}/paragraphs/{demo.Paragraphs[2]}"));
        using (var open = new HttpRequestMessage(HttpMethod.Post, $"{d}/paragraphs/{demo.Paragraphs[2]}/status") { Content = JsonContent.Create(new { status = "UnderNegotiation" }) })
        {
            open.Headers.IfMatch.Add(new($"\"{arabic.GetProperty("negotiationVersion").GetInt64()}\""));
            (await chairHttp.SendAsync(open)).EnsureSuccessStatusCode();
        }
        (await chairHttp.PostAsJsonAsync($"{d}/silence", new { paragraphIds = new[] { demo.Paragraphs[2] }, deadline = DateTimeOffset.UtcNow.AddDays(2) })).EnsureSuccessStatusCode();

        var folder = Environment.GetEnvironmentVariable("GGE_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);

        var mexico = await server.SignInAsync("demo-expert-mex");
        await mexico.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}");
        await mexico.Locator($"[data-paragraph-id=\"{demo.Paragraphs[0]}\"] [data-act=edit]").ClickAsync();
        await mexico.Locator("textarea.live-editor").PressAsync("Control+End");

        var chair = await server.SignInAsync("demo-chair");
        await chair.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}");
        await Assertions.Expect(chair.Locator(".remote-caret[data-sub=\"demo-expert-mex\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(chair.Locator(".amendment button[data-do=accept]")).ToBeVisibleAsync();
        await chair.ScreenshotAsync(new() { Path = Path.Combine(folder, "draft.png"), FullPage = true });
        var underSilence = chair.Locator($"[data-paragraph-id=\"{demo.Paragraphs[2]}\"]");
        await Assertions.Expect(underSilence.Locator(".silence-countdown")).ToContainTextAsync("Europe/Zurich");
        await underSilence.ScreenshotAsync(new() { Path = Path.Combine(folder, "chair-controls.png") });
        var first = chair.Locator($"[data-paragraph-id=\"{demo.Paragraphs[0]}\"]");
        await first.Locator("[data-act=history]").ClickAsync();
        await first.Locator(".history li").First.WaitForAsync();
        await first.ScreenshotAsync(new() { Path = Path.Combine(folder, "history.png") });

        await chair.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/dashboard");
        await chair.Locator(".charts img").First.WaitForAsync();
        await chair.WaitForFunctionAsync("() => [...document.querySelectorAll('.charts img')].every(i => i.complete && i.naturalWidth > 0)");
        await chair.ScreenshotAsync(new() { Path = Path.Combine(folder, "dashboard.png"), FullPage = true });

        var tablet = await server.SignInAsync("demo-expert-chn", width: 768, height: 1024);
        await tablet.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}");
        await tablet.Locator(".para-text").First.WaitForAsync();
        await tablet.ScreenshotAsync(new() { Path = Path.Combine(folder, "draft-tablet.png"), FullPage = true });

        foreach (var name in new[] { "draft.png", "chair-controls.png", "history.png", "dashboard.png", "draft-tablet.png" })
            Assert.True(new FileInfo(Path.Combine(folder, name)).Length > 10_000, $"{name} looks empty.");
        foreach (var page in new[] { mexico, chair, tablet }) await page.Context.CloseAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }
}
