using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>An Observer reads everything and finds nothing to write with.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ObserverTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    [Fact]
    public async Task An_Observer_finds_no_field_or_button_to_write_with_and_typing_on_the_draft_changes_nothing()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var observer = await server.OpenDraftAsync("demo-observer", demo);
        foreach (var id in demo.Paragraphs)
            foreach (var panel in new[] { "comments", "positions", "history" })
            {
                await Paragraph(observer, id).Locator($"[data-act={panel}]").ClickAsync();
                await Paragraph(observer, id).Locator(".panel:not([hidden]) > *").First.WaitForAsync();
            }

        // Nothing editable anywhere in the draft, its panels included (a history's time slider reads the past and writes
        // nothing); the only buttons open panels to read or return from the past to the live text.
        await Assertions.Expect(observer.Locator("#draft-body :is(textarea, input:not([type=range]), select, [contenteditable]:not([contenteditable=false]))")).ToHaveCountAsync(0);
        await Assertions.Expect(observer.Locator("#section-form, form.new-paragraph, .chair-controls, .section-controls")).ToHaveCountAsync(0);
        var buttons = await observer.Locator("#draft-body button").AllTextContentsAsync();
        Assert.NotEmpty(buttons);
        Assert.All(buttons, b => Assert.Matches("^(Comments \\(\\d+\\)|Positions|History|Back to the live text)$", b.Trim()));

        var http = await server.ClientForAsync("demo-chair");
        var versions = await VersionsAsync(http, demo);
        var before = await TextsAsync(observer, demo);
        foreach (var id in demo.Paragraphs)
        {
            await Paragraph(observer, id).Locator(".para-text").ClickAsync();
            await observer.Keyboard.TypeAsync("xyz ");
            await observer.Keyboard.PressAsync("Backspace");
            await observer.Keyboard.PressAsync("Enter");
        }
        await observer.Keyboard.InsertTextAsync("pasted words");
        Assert.Equal(before, await TextsAsync(observer, demo));

        Assert.Equal(versions, await VersionsAsync(http, demo));
        await observer.Context.CloseAsync();
    }

    /// <summary>Each paragraph's text and text version as the service holds them.</summary>
    private static async Task<List<string>> VersionsAsync(HttpClient http, DemoWorkspace demo)
    {
        var held = new List<string>();
        foreach (var id in demo.Paragraphs)
        {
            var p = await DemoWorkspace.Read(await http.GetAsync($"{demo.ApiPath}/paragraphs/{id}"));
            held.Add($"{p.GetProperty("textVersion").GetInt64()}: {p.GetProperty("text").GetString()}");
        }
        return held;
    }

    private static async Task<List<string>> TextsAsync(IPage page, DemoWorkspace demo)
    {
        var texts = new List<string>();
        foreach (var id in demo.Paragraphs) texts.Add(await Paragraph(page, id).Locator(".para-text").InnerTextAsync());
        return texts;
    }
}
