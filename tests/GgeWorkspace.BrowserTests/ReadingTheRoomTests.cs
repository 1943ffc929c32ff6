using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>Who is in the drafting room and where, who wrote which words, and the draft read as it was.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadingTheRoomTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    [Fact]
    public async Task The_presence_list_names_the_other_Expert_and_their_paragraph_and_goes_there()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        var mexicoHere = canada.Locator(".room-people li[data-sub=\"demo-expert-mex\"]");
        await Assertions.Expect(mexicoHere).ToContainTextAsync("Sofía Hernández, Mexico");
        await Assertions.Expect(mexicoHere).ToContainTextAsync("reading the draft");

        var third = demo.Paragraphs[2];
        await Paragraph(mexico, third).Locator("[data-act=edit]").ClickAsync();
        await Paragraph(mexico, third).Locator("textarea.live-editor").PressSequentiallyAsync("و");
        await Assertions.Expect(mexicoHere).ToContainTextAsync("in paragraph 3");
        await Assertions.Expect(mexicoHere.Locator(".swatch")).ToHaveCountAsync(1);

        // Even from an earlier version of the draft, the name goes to where Mexico is now, in the live text.
        await canada.Locator("button[data-do=past]").ClickAsync();
        await canada.Locator("#past-controls input[type=range]").PressAsync("Home");
        await Assertions.Expect(canada.Locator("#draft-body")).ToBeHiddenAsync();
        await mexicoHere.Locator("button").ClickAsync();
        await Assertions.Expect(canada.Locator("#past-draft")).ToBeHiddenAsync();
        await Assertions.Expect(Paragraph(canada, third)).ToBeFocusedAsync();

        await mexico.Context.CloseAsync();
        await Assertions.Expect(mexicoHere).ToHaveCountAsync(0);
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task Authorship_colours_name_each_author_with_their_delegation_and_a_legend_lists_them()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();
        var editor = Paragraph(mexico, id).Locator("textarea.live-editor");
        await editor.PressAsync("Control+Home");
        await editor.PressSequentiallyAsync("Beta ");
        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();

        var chair = await server.OpenDraftAsync("demo-chair", demo);
        await Assertions.Expect(Paragraph(chair, id).Locator(".para-text")).ToHaveTextAsync($"Beta {DemoWorkspace.English}");
        await Assertions.Expect(Paragraph(chair, id).Locator(".author")).ToHaveCountAsync(0);
        var toggle = chair.Locator("button[data-do=authorship]");
        await toggle.ClickAsync();

        var text = Paragraph(chair, id).Locator(".para-text");
        var byMexico = text.Locator(".author[data-author=\"demo-expert-mex\"]");
        await Assertions.Expect(byMexico).ToHaveTextAsync("Sofía Hernández, Mexico wrote: Beta ");
        await Assertions.Expect(byMexico).ToHaveAttributeAsync("title", "Written by Sofía Hernández, Mexico");
        await Assertions.Expect(text.Locator(".author[data-author=\"demo-chair\"]")).ToHaveAttributeAsync("title", "Written by Ingrid Halvorsen");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        // The bracket on "Group" keeps its marks among the colours.
        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[1]).Locator(".para-text .bmark")).ToHaveTextAsync(["[", "]"]);
        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[1]).Locator(".para-text")).ToHaveTextAsync("Ingrid Halvorsen wrote: The [Group] reviewed the verification work done so far.");
        var arabic = Paragraph(chair, demo.Paragraphs[2]).Locator(".para-text");
        await Assertions.Expect(arabic.Locator(".author")).ToHaveCountAsync(1);
        Assert.Equal("rtl", await arabic.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        var legend = chair.Locator(".authorship-legend");
        await Assertions.Expect(legend.Locator("li[data-author=\"demo-expert-mex\"]")).ToHaveTextAsync("Sofía Hernández, Mexico");
        await Assertions.Expect(legend.Locator("li[data-author=\"demo-chair\"]")).ToHaveTextAsync("Ingrid Halvorsen");
        Assert.True(Describe((await chair.RunAxe()).Violations) is [], string.Join("\n", Describe((await chair.RunAxe()).Violations)));

        // Words typed while the colours are shown are coloured by their author too.
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        await Paragraph(canada, id).Locator("[data-act=edit]").ClickAsync();
        var canadaEditor = Paragraph(canada, id).Locator("textarea.live-editor");
        await canadaEditor.PressAsync("Control+End");
        await canadaEditor.PressSequentiallyAsync(" Gamma");
        await Paragraph(canada, id).Locator("[data-act=edit]").ClickAsync();
        await Assertions.Expect(text.Locator(".author[data-author=\"demo-expert-can\"]")).ToHaveTextAsync("Claire Tremblay, Canada wrote:  Gamma");
        await Assertions.Expect(legend.Locator("li[data-author=\"demo-expert-can\"]")).ToHaveTextAsync("Claire Tremblay, Canada");
        await canada.Context.CloseAsync();

        await toggle.ClickAsync();
        await Assertions.Expect(text.Locator(".author")).ToHaveCountAsync(0);
        await Assertions.Expect(legend).ToBeHiddenAsync();
        await mexico.Context.CloseAsync();
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task The_time_slider_reads_a_paragraph_and_the_draft_as_they_were_and_returns_to_the_live_text()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        const string rewritten = "Verification must be effective.";
        var http = await server.ClientForAsync("demo-chair");
        var paragraph = await DemoWorkspace.Read(await http.GetAsync($"{demo.ApiPath}/paragraphs/{id}"));
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"{demo.ApiPath}/paragraphs/{id}/text") { Content = JsonContent.Create(new { text = rewritten }) })
        {
            put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{paragraph.GetProperty("textVersion").GetInt64()}\""));
            (await http.SendAsync(put)).EnsureSuccessStatusCode();
        }
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        await Assertions.Expect(Paragraph(chair, id).Locator(".para-text")).ToHaveTextAsync(rewritten);

        // One paragraph, in its history panel: its first text, with the version and when; Edit waits meanwhile.
        await Paragraph(chair, id).Locator("[data-act=history]").ClickAsync();
        var range = Paragraph(chair, id).Locator(".past-paragraph-tools input[type=range]");
        await range.FocusAsync();
        await range.PressAsync("Home");
        var past = Paragraph(chair, id).Locator(".past-text");
        // A read as of a moment waits until the service has recorded everything up to it (its high-water mark).
        await Assertions.Expect(past).ToHaveTextAsync(DemoWorkspace.English, new() { Timeout = 15_000 });
        await Assertions.Expect(Paragraph(chair, id).Locator(".past-paragraph-tools .time-label")).ToContainTextAsync("Text version 0");
        await Assertions.Expect(Paragraph(chair, id).Locator("[data-act=edit]")).ToHaveAttributeAsync("aria-disabled", "true");
        await Paragraph(chair, id).Locator("[data-act=edit]").ClickAsync(new() { Force = true });
        await Assertions.Expect(chair.Locator("#status")).ToContainTextAsync("go back to the live text");
        await Assertions.Expect(Paragraph(chair, id).Locator("textarea.live-editor")).ToHaveCountAsync(0);
        Assert.True(Describe((await chair.RunAxe()).Violations) is [], string.Join("\n", Describe((await chair.RunAxe()).Violations)));
        await Paragraph(chair, id).Locator(".past-paragraph-tools [data-do=live]").ClickAsync();
        await Assertions.Expect(past).ToHaveCountAsync(0);
        await Assertions.Expect(Paragraph(chair, id).Locator("[data-act=edit]")).Not.ToHaveAttributeAsync("aria-disabled", "true");

        // The whole draft: the stop before the rewrite shows the first text, read only; back to live shows the text now.
        await chair.Locator("button[data-do=past]").ClickAsync();
        var draftRange = chair.Locator("#past-controls input[type=range]");
        await draftRange.FocusAsync();
        await draftRange.PressAsync("End");
        await draftRange.PressAsync("ArrowLeft");
        await draftRange.PressAsync("ArrowLeft");
        var pastDraft = chair.Locator("#past-draft");
        await Assertions.Expect(pastDraft.Locator($"[data-past-paragraph-id=\"{id}\"] .para-text")).ToHaveTextAsync(DemoWorkspace.English, new() { Timeout = 15_000 });
        await Assertions.Expect(pastDraft.Locator(".past-paragraph")).ToHaveCountAsync(4);
        await Assertions.Expect(chair.Locator("#past-controls .time-label")).ToContainTextAsync("Change");
        await Assertions.Expect(chair.Locator("#draft-body")).ToBeHiddenAsync();
        await Assertions.Expect(pastDraft.Locator("button, textarea")).ToHaveCountAsync(0);
        Assert.True(Describe((await chair.RunAxe()).Violations) is [], string.Join("\n", Describe((await chair.RunAxe()).Violations)));

        await chair.Locator("#past-controls [data-do=live]").ClickAsync();
        await Assertions.Expect(pastDraft).ToBeHiddenAsync();
        await Assertions.Expect(Paragraph(chair, id).Locator(".para-text")).ToHaveTextAsync(rewritten);
        await Assertions.Expect(chair.Locator("button[data-do=past]")).ToBeFocusedAsync();
        await chair.Context.CloseAsync();
    }

    private static List<string> Describe(IEnumerable<Deque.AxeCore.Commons.AxeResultItem> violations) =>
        violations.Select(v => $"{v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => $"{JsonSerializer.Serialize(n.Target)} {n.Html}"))})").ToList();
}
