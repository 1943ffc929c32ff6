using System.Text.RegularExpressions;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>The drafting room shows who holds each bracket, and its bracket form sends holders the service accepts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BracketHolderTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    [Fact]
    public async Task An_Expert_brackets_words_for_their_own_delegation_sees_who_holds_each_bracket_and_withdraws()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);

        // The Chair's bracket on "Group" names its holder in the text's title and in the bracket's details.
        var second = Paragraph(canada, demo.Paragraphs[1]);
        await Assertions.Expect(second.Locator(".para-text .bracket")).ToHaveAttributeAsync("title", new Regex("held by China"));
        await Assertions.Expect(second.Locator(".bracket-list .bracket-item")).ToContainTextAsync("held by China");

        var first = Paragraph(canada, demo.Paragraphs[0]);
        await first.Locator("[data-act=bracket]").ClickAsync();
        await Assertions.Expect(first.Locator(".bracket-form .own-delegation")).ToHaveTextAsync("Canada");
        await first.Locator(".bracket-form input[name=words]").FillAsync("effective");
        await first.Locator(".bracket-form button[type=submit]").ClickAsync();

        var item = first.Locator(".bracket-item");
        await Assertions.Expect(item).ToContainTextAsync("effective");
        await Assertions.Expect(item).ToContainTextAsync("held by Canada");
        await Assertions.Expect(first.Locator(".para-text .bracket")).ToHaveTextAsync("effective");
        var http = await server.ClientForAsync("demo-expert-can");
        var stored = await DemoWorkspace.Read(await http.GetAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/paragraphs/{demo.Paragraphs[0]}"));
        Assert.Equal("CAN", stored.GetProperty("brackets")[0].GetProperty("holders")[0].GetString());

        // Canada was the only holder: withdrawing lifts the bracket.
        await item.GetByRole(AriaRole.Button, new() { Name = "Withdraw my delegation" }).ClickAsync();
        await Assertions.Expect(first.Locator(".bracket-item")).ToHaveCountAsync(0);
        await Assertions.Expect(first.Locator(".para-text .bracket")).ToHaveCountAsync(0);
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task The_Chair_records_holders_with_a_reason_and_a_bracket_around_another_is_shown_as_nesting()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var second = Paragraph(chair, demo.Paragraphs[1]);

        await second.Locator("[data-act=bracket]").ClickAsync();
        var form = second.Locator(".bracket-form");
        await Assertions.Expect(form.Locator("input[name=holders]")).ToHaveCountAsync(3);
        await form.Locator("input[name=words]").FillAsync("The Group reviewed");
        await form.Locator("input[name=holders][value=MEX]").CheckAsync();
        await form.Locator("input[name=holders][value=CAN]").CheckAsync();
        await form.Locator("input[name=reason]").FillAsync("Both asked for it in the session.");
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(second.Locator(".bracket-item")).ToHaveCountAsync(2);
        await Assertions.Expect(second.Locator(".bracket-item").First).ToContainTextAsync("held by Canada, Mexico");
        await Assertions.Expect(second.Locator(".para-text .bracket[data-depth=\"2\"]")).ToHaveTextAsync("Group");
        await Assertions.Expect(second.Locator(".para-text .bracket[data-depth=\"2\"]")).ToHaveAttributeAsync("title", new Regex("held by China"));
        Assert.StartsWith("[The [Group] reviewed]", await second.Locator(".para-text").InnerTextAsync());
        await chair.Context.CloseAsync();
    }
}
