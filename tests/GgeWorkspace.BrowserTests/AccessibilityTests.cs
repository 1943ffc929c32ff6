using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>Every page and every open panel or dialog passes axe-core; names, keyboard and contrast work for everyone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    public static TheoryData<string> Pages() =>
    [
        "sign-in", "groups", "group", "members", "draft as Chair", "draft as Expert", "draft as Secretariat", "draft as Observer",
        "editor with another member's caret", "history panel", "comments panel", "positions panel", "status dialog",
        "silence dialog", "go to paragraph dialog", "dashboard", "revisions",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_panel_and_dialog_has_no_accessibility_violations(string view)
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var page = await OpenAsync(view, demo);
        var violations = (await page.RunAxe()).Violations;
        Assert.True(violations.Length == 0, $"{view}: " + string.Join("\n", violations.Select(v =>
            $"{v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => JsonSerializer.Serialize(n.Target) + " " + n.Html))})")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_palette_colours_name_tag_has_at_least_4_5_to_1_contrast_and_shows_the_name()
    {
        var page = await server.SignInAsync("demo-expert-can");
        var tags = await page.EvaluateAsync<string[][]>(@"async () => {
            const { PALETTE, whoStyle, colorOf } = await import('/js/ui.js');
            const rgb = (c) => { const d = document.createElement('div'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; };
            // A member for every colour of the palette, found by trying names until each colour has one.
            const subs = new Map();
            for (let i = 0; subs.size < PALETTE.length && i < 10000; i++) { const sub = `member-${i}`; if (!subs.has(colorOf(sub))) subs.set(colorOf(sub), sub); }
            return PALETTE.map((colour) => {
              const tag = document.createElement('span');
              tag.className = 'who';
              tag.setAttribute('style', whoStyle(subs.get(colour)));
              tag.textContent = subs.get(colour);
              document.body.append(tag);
              const style = getComputedStyle(tag);
              const seen = [rgb(colour), style.backgroundColor, style.color, tag.textContent];
              tag.remove();
              return seen;
            });
        }");
        Assert.True(tags.Length >= 8, "The palette has too few colours to tell people apart.");
        Assert.Equal(tags.Length, tags.Select(t => t[0]).Distinct().Count());
        foreach (var tag in tags)
        {
            Assert.Equal(tag[0], tag[1]);
            Assert.StartsWith("member-", tag[3], StringComparison.Ordinal);
            var ratio = Contrast(tag[1], tag[2]);
            Assert.True(ratio >= 4.5, $"A name tag on {tag[1]} in {tag[2]} has a contrast of {ratio:0.00}:1.");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_control_of_a_paragraph_says_what_it_does_and_to_which_paragraph_even_after_renumbering()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        await OpenForNegotiationAsync(await server.ClientForAsync("demo-chair"), demo, demo.Paragraphs[0]);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        ILocator Named(string name) => chair.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

        await Assertions.Expect(Named("Edit paragraph 1")).ToBeVisibleAsync();
        await Assertions.Expect(Named("Agree paragraph 1")).ToBeVisibleAsync();
        await Assertions.Expect(Named("History of paragraph 1")).ToBeVisibleAsync();
        await Assertions.Expect(Named("Comments (0) on paragraph 3")).ToBeVisibleAsync();
        await Assertions.Expect(Named("Open for negotiation paragraph 3")).ToBeVisibleAsync();

        await Named("Edit paragraph 3").ClickAsync();
        await Assertions.Expect(Named("Done editing paragraph 3")).ToBeVisibleAsync();
        await chair.Keyboard.PressAsync("Escape");

        await Named("Move down paragraph 2").ClickAsync();
        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[2]).GetByRole(AriaRole.Button, new() { Name = "Edit paragraph 2", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[1]).GetByRole(AriaRole.Button, new() { Name = "Edit paragraph 3", Exact = true })).ToBeVisibleAsync();
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_goes_to_a_paragraph_by_its_number_from_the_keyboard()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var page = await server.OpenDraftAsync("demo-observer", demo);
        await Assertions.Expect(page.Locator("details.help")).ToContainTextAsync("Go to a paragraph by its number");

        await page.Locator("h1").FocusAsync();
        await page.Keyboard.PressAsync("g");
        var number = page.GetByLabel("Paragraph number");
        await Assertions.Expect(number).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("9");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("dialog.ask .field-error")).ToContainTextAsync("no paragraph 9");

        await number.FillAsync("3");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("dialog.ask")).ToHaveCountAsync(0);
        await Assertions.Expect(Paragraph(page, demo.Paragraphs[2])).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_rows_are_reached_by_keyboard_and_Enter_opens_their_paragraph()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var page = await server.SignInAsync("demo-expert-mex");
        await page.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/dashboard");
        await Assertions.Expect(page.Locator("tr[data-row]")).ToHaveCountAsync(4);

        await page.GetByLabel("All").FocusAsync();
        for (var presses = 0; presses < 10 && !await page.EvaluateAsync<bool>("() => document.activeElement.matches('tr[data-row]')"); presses++)
            await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator($"tr[data-row=\"{demo.Paragraphs[0]}\"]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator($"tr[data-row=\"{demo.Paragraphs[2]}\"]")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Paragraph(page, demo.Paragraphs[2])).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The WCAG 2 contrast ratio of two computed colours ("rgb(r, g, b)").</summary>
    private static double Contrast(string a, string b)
    {
        static double Luminance(string rgb)
        {
            var c = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)].Split(',')
                .Take(3).Select(x => double.Parse(x.Trim(), System.Globalization.CultureInfo.InvariantCulture) / 255)
                .Select(x => x <= 0.03928 ? x / 12.92 : Math.Pow((x + 0.055) / 1.055, 2.4)).ToArray();
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        }
        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    private async Task<IPage> OpenAsync(string view, DemoWorkspace demo)
    {
        var first = demo.Paragraphs[0];
        switch (view)
        {
            case "sign-in":
            {
                var context = await server.Browser.NewContextAsync(new() { Locale = "en-GB" });
                var page = await context.NewPageAsync();
                await page.GotoAsync($"{server.BaseUrl}/#/signin");
                await page.Locator("button.user-card").First.WaitForAsync();
                return page;
            }
            case "groups":
            {
                var page = await server.SignInAsync("demo-expert-can");
                await page.Locator($"a.card[href=\"#/groups/{demo.GroupId}\"]").First.WaitForAsync();
                return page;
            }
            case "group" or "members":
            {
                var page = await server.SignInAsync(view == "members" ? "demo-secretariat" : "demo-expert-can");
                await page.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
                await page.Locator("[data-member=\"demo-chair\"]").WaitForAsync();
                if (view == "members") await page.Locator("#member-form").WaitForAsync();
                return page;
            }
            case "draft as Chair": return await server.OpenDraftAsync("demo-chair", demo);
            case "draft as Expert": return await server.OpenDraftAsync("demo-expert-can", demo);
            case "draft as Secretariat": return await server.OpenDraftAsync("demo-secretariat", demo);
            case "draft as Observer": return await server.OpenDraftAsync("demo-observer", demo);
            case "editor with another member's caret":
            {
                var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
                await Paragraph(mexico, first).Locator("[data-act=edit]").ClickAsync();
                var page = await server.OpenDraftAsync("demo-expert-can", demo);
                await Paragraph(page, first).Locator("[data-act=edit]").ClickAsync();
                await Paragraph(page, first).Locator(".remote-caret[data-sub=\"demo-expert-mex\"]").WaitForAsync();
                await Paragraph(page, first).Locator(".presence .who").First.WaitForAsync();
                await mexico.Context.CloseAsync();
                return page;
            }
            case "history panel" or "comments panel" or "positions panel":
            {
                var kind = view.Split(' ')[0];
                var page = await server.OpenDraftAsync("demo-expert-chn", demo);
                await Paragraph(page, first).Locator($"[data-act={kind}]").ClickAsync();
                await Paragraph(page, first).Locator(".panel:not([hidden]) :is(li, form, p)").First.WaitForAsync();
                return page;
            }
            case "status dialog" or "silence dialog":
            {
                var chairHttp = await server.ClientForAsync("demo-chair");
                await OpenForNegotiationAsync(chairHttp, demo, first);
                var page = await server.OpenDraftAsync("demo-chair", demo);
                var control = view == "status dialog" ? "[data-status=Parked]" : "[data-do=silence]";
                await Paragraph(page, first).Locator($".chair-controls {control}").ClickAsync();
                await page.Locator("dialog.ask [data-answer=confirm]").WaitForAsync();
                return page;
            }
            case "go to paragraph dialog":
            {
                var page = await server.OpenDraftAsync("demo-expert-can", demo);
                await page.Locator("h1").FocusAsync();
                await page.Keyboard.PressAsync("g");
                await page.Locator("dialog.ask input[name=number]").WaitForAsync();
                return page;
            }
            case "dashboard":
            {
                var page = await server.SignInAsync("demo-chair");
                await page.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/dashboard");
                await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.charts img')].length === 2 && [...document.querySelectorAll('.charts img')].every(i => i.complete && i.naturalWidth > 0)");
                return page;
            }
            case "revisions":
            {
                var chairHttp = await server.ClientForAsync("demo-chair");
                (await chairHttp.PostAsJsonAsync($"{demo.ApiPath}/revisions", new { note = "Zero draft." })).EnsureSuccessStatusCode();
                var page = await server.SignInAsync("demo-chair");
                await page.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/revisions");
                await page.Locator("h1", new() { HasText = "Revisions" }).WaitForAsync();
                return page;
            }
            default: throw new ArgumentOutOfRangeException(nameof(view), view, "No such view.");
        }
    }

    private static async Task OpenForNegotiationAsync(HttpClient chair, DemoWorkspace demo, Guid id)
    {
        var p = await DemoWorkspace.Read(await chair.GetAsync($"{demo.ApiPath}/paragraphs/{id}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{demo.ApiPath}/paragraphs/{id}/status") { Content = JsonContent.Create(new { status = "UnderNegotiation" }) };
        request.Headers.IfMatch.Add(new($"\"{p.GetProperty("negotiationVersion").GetInt64()}\""));
        (await chair.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
