using System.Text;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>Writing in every language: input methods that compose text, and Arabic written right to left.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WritingSystemsTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    /// <summary>Counts the page's SubmitOperation calls from now on (window.submitted).</summary>
    private static async Task CountSubmissionsAsync(IPage page) => await page.EvaluateAsync(@"async () => {
        const { live } = await import('/js/connection.js');
        const invoke = live.hub.invoke.bind(live.hub);
        window.submitted = 0;
        live.hub.invoke = (method, ...args) => { if (method === 'SubmitOperation') window.submitted++; return invoke(method, ...args); };
    }");

    private static Task<int> SubmittedAsync(IPage page) => page.EvaluateAsync<int>("() => window.submitted");

    private static async Task ComposeAsync(ICDPSession cdp, string text) => await cdp.SendAsync("Input.imeSetComposition", new Dictionary<string, object>
    {
        ["text"] = text, ["selectionStart"] = text.Length, ["selectionEnd"] = text.Length,
    });

    [Theory]
    [InlineData("z|zh|zhong|zhongguo", "中国")] // Chinese pinyin
    [InlineData("k|か|かん|かんじ", "漢字")] // Japanese kana to kanji
    [InlineData("ㅎ|하|한|한구|한국", "한국")] // Korean hangul
    public async Task A_composition_sends_nothing_until_it_ends_and_survives_a_remote_edit_meanwhile(string steps, string committed)
    {
        var compositions = steps.Split('|');
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[3];
        var china = await server.OpenDraftAsync("demo-expert-chn", demo);
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        await Paragraph(china, id).Locator("[data-act=edit]").ClickAsync();
        var editor = Paragraph(china, id).Locator("textarea.live-editor");
        await editor.PressAsync("Control+End");
        await CountSubmissionsAsync(china);
        var cdp = await china.Context.NewCDPSessionAsync(china);

        foreach (var step in compositions) await ComposeAsync(cdp, step);
        var composing = DemoWorkspace.Chinese + compositions[^1];
        await Assertions.Expect(editor).ToHaveValueAsync(composing);

        // Another member edits the same paragraph while the composition runs: it reaches the paragraph, not the field.
        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();
        var other = Paragraph(mexico, id).Locator("textarea.live-editor");
        await other.PressAsync("Control+Home");
        await other.PressSequentiallyAsync("A ");
        await Paragraph(china, id).Locator(".mirror").EvaluateAsync(@"(mirror, text) => new Promise((done) => {
            const shown = () => { const copy = mirror.cloneNode(true); copy.querySelectorAll('.caret-label').forEach((l) => l.remove()); return copy.textContent; };
            const check = () => { if (shown().startsWith(text)) done(); else requestAnimationFrame(check); };
            check();
        })", "A " + DemoWorkspace.Chinese);
        await Assertions.Expect(editor).ToHaveValueAsync(composing);

        await ComposeAsync(cdp, committed);
        Assert.Equal(0, await SubmittedAsync(china));

        await cdp.SendAsync("Input.insertText", new Dictionary<string, object> { ["text"] = committed });
        var expected = "A " + DemoWorkspace.Chinese + committed;
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        await Assertions.Expect(other).ToHaveValueAsync(expected);
        Assert.Equal(1, await SubmittedAsync(china));
        Assert.Equal(expected, await StoredTextAsync(demo, id));
        await china.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Arabic_paragraph_is_edited_right_to_left_and_another_member_sees_exactly_its_text()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[2];
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        const string direction = "e => getComputedStyle(e).direction";
        Assert.Equal("rtl", await Paragraph(canada, id).Locator(".para-text").EvaluateAsync<string>(direction));

        await Paragraph(canada, id).Locator("[data-act=edit]").ClickAsync();
        var editor = Paragraph(canada, id).Locator("textarea.live-editor");
        Assert.Equal("rtl", await editor.EvaluateAsync<string>(direction));
        Assert.Equal("plaintext", await editor.EvaluateAsync<string>("e => getComputedStyle(e).unicodeBidi"));

        // Home is where an Arabic line begins (its right edge), End where it ends; ArrowLeft reads on, ArrowRight back.
        const string caret = "e => [e.selectionStart, e.selectionEnd]";
        var length = DemoWorkspace.Arabic.Length;
        await editor.PressAsync("Home");
        Assert.Equal(new[] { 0, 0 }, await editor.EvaluateAsync<int[]>(caret));
        await editor.PressAsync("ArrowLeft");
        Assert.Equal(new[] { 1, 1 }, await editor.EvaluateAsync<int[]>(caret));
        await editor.PressAsync("ArrowLeft");
        Assert.Equal(new[] { 2, 2 }, await editor.EvaluateAsync<int[]>(caret));
        await editor.PressAsync("ArrowRight");
        Assert.Equal(new[] { 1, 1 }, await editor.EvaluateAsync<int[]>(caret));
        await editor.PressAsync("End");
        Assert.Equal(new[] { length, length }, await editor.EvaluateAsync<int[]>(caret));

        const string added = " ويدعو إلى التعاون الدولي.";
        await editor.PressSequentiallyAsync(added);
        var expected = DemoWorkspace.Arabic + added;
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        Assert.Equal(new[] { expected.Length, expected.Length }, await editor.EvaluateAsync<int[]>(caret));

        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();
        var seen = Paragraph(mexico, id).Locator("textarea.live-editor");
        await Assertions.Expect(seen).ToHaveValueAsync(expected);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(await seen.InputValueAsync()));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(await StoredTextAsync(demo, id)));
        Assert.Equal("rtl", await seen.EvaluateAsync<string>(direction));
        await canada.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }

    private async Task<string> StoredTextAsync(DemoWorkspace demo, Guid id)
    {
        var http = await server.ClientForAsync("demo-expert-can");
        var stored = await DemoWorkspace.Read(await http.GetAsync($"{demo.ApiPath}/paragraphs/{id}"));
        return stored.GetProperty("text").GetString()!;
    }
}
