using System.Text.Json;
using Deque.AxeCore.Playwright;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>Open amendments shown as suggestions in place, following the live text, and decided from there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SuggestionTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    [Fact]
    public async Task A_suggestion_follows_two_experts_co_editing_and_the_Chair_accepts_it_in_place_into_every_page()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        var china = await server.OpenDraftAsync("demo-expert-chn", demo);

        // China proposes from its page: "effective" becomes "credible".
        await Paragraph(china, id).Locator("[data-act=propose]").ClickAsync();
        var form = Paragraph(china, id).Locator(".propose-form");
        await form.Locator("textarea[name=text]").FillAsync("Verification must be credible and non-discriminatory.");
        await form.Locator("input[name=explanation]").FillAsync("Credibility is what verification is for.");
        await form.Locator("button[type=submit]").ClickAsync();

        // The Chair sees it in place: the deleted and the inserted word, who proposed it, and the reason.
        var suggestion = Paragraph(chair, id).Locator(".suggestion");
        await Assertions.Expect(suggestion.Locator("del")).ToHaveTextAsync("deleted: effective");
        await Assertions.Expect(suggestion.Locator("ins")).ToHaveTextAsync("inserted: credible");
        await Assertions.Expect(suggestion.Locator(".suggestion-title")).ToContainTextAsync("李明 (Li Ming), China");
        await Assertions.Expect(suggestion).ToContainTextAsync("Credibility is what verification is for.");
        await Assertions.Expect(Paragraph(chair, id).Locator(".para-aside .amendment")).ToHaveCountAsync(0);

        // Two Experts co-edit the paragraph meanwhile: the suggestion follows the live text, their words left as they are.
        await Paragraph(canada, id).Locator("[data-act=edit]").ClickAsync();
        var canadaEditor = Paragraph(canada, id).Locator("textarea.live-editor");
        await canadaEditor.PressAsync("Control+End");
        await canadaEditor.PressSequentiallyAsync(" Alpha");
        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();
        var mexicoEditor = Paragraph(mexico, id).Locator("textarea.live-editor");
        await mexicoEditor.PressAsync("Control+Home");
        await mexicoEditor.PressSequentiallyAsync("Beta ");
        await Assertions.Expect(suggestion.Locator(".suggestion-text"))
            .ToHaveTextAsync("Beta Verification must be deleted: effectiveinserted: credible and non-discriminatory. Alpha");

        // Mexico supports it from the suggestion; the Chair sees who supports it.
        await Paragraph(mexico, id).Locator(".suggestion button[data-do=support]").ClickAsync();
        await Assertions.Expect(suggestion.Locator(".suggestion-side")).ToContainTextAsync("Sofía Hernández, Mexico");
        await Assertions.Expect(Paragraph(mexico, id).Locator(".suggestion button[data-do=withdraw-position]")).ToHaveTextAsync("Withdraw my support");
        await Assertions.Expect(Paragraph(mexico, id).Locator(".suggestion button").First).ToBeFocusedAsync();
        await Assertions.Expect(Paragraph(china, id).Locator(".suggestion button[data-do=withdraw]")).ToBeVisibleAsync();
        Assert.True(Describe((await chair.RunAxe()).Violations) is [], string.Join("\n", Describe((await chair.RunAxe()).Violations)));

        await suggestion.Locator("button[data-do=accept]").ClickAsync();

        // Every page shows the merged text: in the editors still open, then as the paragraph's text once they close.
        const string merged = "Beta Verification must be credible and non-discriminatory. Alpha";
        await Assertions.Expect(canadaEditor).ToHaveValueAsync(merged);
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(merged);
        await Paragraph(canada, id).Locator("[data-act=edit]").ClickAsync();
        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();
        foreach (var page in new[] { chair, canada, mexico, china })
        {
            await Assertions.Expect(Paragraph(page, id).Locator(".para-text")).ToHaveTextAsync(merged);
            await Assertions.Expect(Paragraph(page, id).Locator(".suggestion")).ToHaveCountAsync(0);
            await Assertions.Expect(Paragraph(page, id).Locator(".para-aside .amendment .badge")).ToHaveTextAsync("Accepted");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_suggestion_to_delete_a_paragraph_strikes_through_its_whole_text_and_its_proposer_withdraws_it()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[2];
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);

        await Paragraph(canada, id).Locator("[data-act=propose]").ClickAsync();
        var form = Paragraph(canada, id).Locator(".propose-form");
        await form.Locator("select[name=kind]").SelectOptionAsync("DeleteParagraph");
        await form.Locator("button[type=submit]").ClickAsync();

        var suggestion = Paragraph(canada, id).Locator(".suggestion");
        await Assertions.Expect(suggestion.Locator("del")).ToHaveTextAsync($"deleted: {DemoWorkspace.Arabic}");
        await Assertions.Expect(suggestion.Locator("ins")).ToHaveCountAsync(0);
        await Assertions.Expect(suggestion.Locator(".suggestion-text")).ToHaveAttributeAsync("lang", "ar");
        // The words read out for screen readers are English and leave the Arabic text right to left.
        Assert.Equal("rtl", await suggestion.Locator(".suggestion-text").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.Equal("en", await suggestion.Locator("del .visually-hidden").GetAttributeAsync("lang"));
        // The proposer takes no side on their own amendment: they can only withdraw it.
        await Assertions.Expect(suggestion.Locator("button[data-do=support], button[data-do=object]")).ToHaveCountAsync(0);

        await suggestion.Locator("button[data-do=withdraw]").ClickAsync();
        await Assertions.Expect(suggestion).ToHaveCountAsync(0);
        await Assertions.Expect(Paragraph(canada, id).Locator(".para-aside .amendment .badge")).ToHaveTextAsync("Withdrawn");
        await Assertions.Expect(Paragraph(canada, id).Locator(".para-text")).ToHaveTextAsync(DemoWorkspace.Arabic);
        await canada.Context.CloseAsync();
    }

    private static List<string> Describe(IEnumerable<Deque.AxeCore.Commons.AxeResultItem> violations) =>
        violations.Select(v => $"{v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => $"{JsonSerializer.Serialize(n.Target)} {n.Html}"))})").ToList();
}
