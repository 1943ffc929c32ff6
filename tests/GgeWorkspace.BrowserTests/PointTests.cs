using System.Text.RegularExpressions;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>Points (a), (b) of a paragraph in the drafting room.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PointTests(WorkspaceServer server)
{
    [Fact]
    public async Task An_expert_adds_a_point_and_another_member_sees_it_live_with_its_letter()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        var paragraph = DemoWorkspace.Paragraph(canada, demo.Paragraphs[0]);

        await paragraph.Locator("[data-act=add-point]").ClickAsync();
        var form = canada.Locator("form.new-point");
        await form.Locator("textarea").FillAsync("by sharing best practices;");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add the point" }).ClickAsync();

        var seen = mexico.Locator("article.point.depth-1");
        await Assertions.Expect(seen).ToHaveCountAsync(1);
        await Assertions.Expect(seen.Locator(".para-head .num")).ToHaveTextAsync("(a)");
        await Assertions.Expect(seen.Locator(".para-text")).ToHaveTextAsync(new Regex("by sharing best practices;"));
        await Assertions.Expect(canada.Locator("article.point.depth-1 .para-head .num")).ToHaveTextAsync("(a)");
        await canada.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }
}
