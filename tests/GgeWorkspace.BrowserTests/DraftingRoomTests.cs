using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>The web client in a real browser against the real service: co-editing, live decisions, roles.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DraftingRoomTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    [Fact]
    public async Task Two_experts_edit_the_same_paragraph_and_see_each_others_text_and_caret()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        var id = demo.Paragraphs[0];

        await Paragraph(canada, id).Locator("[data-act=edit]").ClickAsync();
        var canadaEditor = Paragraph(canada, id).Locator("textarea.live-editor");
        await canadaEditor.PressAsync("Control+End");
        await canadaEditor.PressSequentiallyAsync(" Alpha");

        await Paragraph(mexico, id).Locator("[data-act=edit]").ClickAsync();
        var mexicoEditor = Paragraph(mexico, id).Locator("textarea.live-editor");
        await mexicoEditor.PressAsync("Control+Home");
        await mexicoEditor.PressSequentiallyAsync("Beta ");

        var both = new Regex("^Beta Verification must be effective and non-discriminatory\\. Alpha$");
        await Assertions.Expect(canadaEditor).ToHaveValueAsync(both);
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(both);

        // Each sees the other's caret in the paragraph, and the other in its presence list.
        await Assertions.Expect(Paragraph(canada, id).Locator(".remote-caret[data-sub=\"demo-expert-mex\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(Paragraph(mexico, id).Locator(".remote-caret[data-sub=\"demo-expert-can\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(Paragraph(canada, id).Locator(".presence .who[data-sub=\"demo-expert-mex\"]")).ToBeVisibleAsync();
        await Assertions.Expect(Paragraph(mexico, id).Locator(".presence .who[data-sub=\"demo-expert-can\"]")).ToBeVisibleAsync();

        // Concurrent typing in both browsers still converges, and the service holds the same text.
        await Task.WhenAll(canadaEditor.PressSequentiallyAsync(" one two"), mexicoEditor.PressSequentiallyAsync("three "));
        await Assertions.Expect(canadaEditor).ToHaveValueAsync(new Regex("one two"));
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(new Regex("one two"));
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(await WaitForSameValueAsync(canadaEditor, mexicoEditor));

        var http = await server.ClientForAsync("demo-expert-can");
        var stored = await DemoWorkspace.Read(await http.GetAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/paragraphs/{id}"));
        Assert.Equal(await canadaEditor.InputValueAsync(), stored.GetProperty("text").GetString());
        await canada.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }

    private static async Task<string> WaitForSameValueAsync(ILocator a, ILocator b)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var (x, y) = (await a.InputValueAsync(), await b.InputValueAsync());
            if (x == y && x.Contains("three", StringComparison.Ordinal) && x.Contains("one two", StringComparison.Ordinal)) return x;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The editors did not converge: '{x}' and '{y}'.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_Chair_accepts_an_amendment_and_another_members_page_updates_without_reload()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        const string proposed = "Verification must be effective, credible and non-discriminatory.";
        var canadaHttp = await server.ClientForAsync("demo-expert-can");
        var amendment = await DemoWorkspace.Read(await canadaHttp.PostAsJsonAsync(
            $"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/amendments",
            new { kind = "ReplaceText", paragraphId = id, text = proposed, explanation = "Credibility matters." }));
        var amendmentId = amendment.GetProperty("id").GetGuid();

        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var onMexico = mexico.Locator($"[data-amendment-id=\"{amendmentId}\"]");
        await Assertions.Expect(onMexico.Locator(".badge")).ToHaveTextAsync("Submitted");
        await Assertions.Expect(Paragraph(mexico, id).Locator(".para-text")).ToHaveTextAsync(DemoWorkspace.English);
        // Experts co-sponsor; only the Chair decides.
        await Assertions.Expect(onMexico.Locator("button[data-do=support]")).ToBeVisibleAsync();
        await Assertions.Expect(onMexico.Locator("button[data-do=accept]")).ToHaveCountAsync(0);

        await chair.Locator($"[data-amendment-id=\"{amendmentId}\"] button[data-do=accept]").ClickAsync();

        var navigations = 0;
        mexico.FrameNavigated += (_, frame) => { if (frame == mexico.MainFrame) navigations++; };
        await Assertions.Expect(Paragraph(mexico, id).Locator(".para-text")).ToHaveTextAsync(proposed);
        await Assertions.Expect(mexico.Locator($"[data-amendment-id=\"{amendmentId}\"] .badge")).ToHaveTextAsync("Accepted");
        Assert.Equal(0, navigations);
        await mexico.Context.CloseAsync();
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task The_Chair_accepts_an_amendment_over_an_objection_only_after_confirming_with_a_reason()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        const string proposed = "Verification must be effective, credible and non-discriminatory.";
        var canadaHttp = await server.ClientForAsync("demo-expert-can");
        var amendment = await DemoWorkspace.Read(await canadaHttp.PostAsJsonAsync(
            $"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/amendments",
            new { kind = "ReplaceText", paragraphId = id, text = proposed }));
        var amendmentId = amendment.GetProperty("id").GetGuid();
        var chinaHttp = await server.ClientForAsync("demo-expert-chn");
        (await chinaHttp.PostAsJsonAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/amendments/{amendmentId}/object",
            new { reason = "Credibility is implied." })).EnsureSuccessStatusCode();

        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var accept = chair.Locator($"[data-amendment-id=\"{amendmentId}\"] button[data-do=accept]");
        var dialog = chair.Locator("dialog.ask");

        // Declining the confirmation changes nothing.
        await accept.ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("CHN");
        await dialog.Locator("[data-answer=cancel]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(chair.Locator("#status")).ToContainTextAsync("CHN objects");
        await Assertions.Expect(chair.Locator($"[data-amendment-id=\"{amendmentId}\"] .badge")).ToHaveTextAsync("Submitted");

        // Confirming without a reason is not enough: the reason is asked for beside its field.
        await accept.ClickAsync();
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".field-error")).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator($"[data-amendment-id=\"{amendmentId}\"] .badge")).ToHaveTextAsync("Submitted");

        await dialog.Locator("textarea[name=reason]").FillAsync("Broad support; the objection was heard.");
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(chair.Locator($"[data-amendment-id=\"{amendmentId}\"] .badge")).ToHaveTextAsync("Accepted");
        await Assertions.Expect(Paragraph(chair, id).Locator(".para-text")).ToHaveTextAsync(proposed);
        var stored = await DemoWorkspace.Read(await canadaHttp.GetAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/amendments/{amendmentId}"));
        Assert.Equal("Broad support; the objection was heard.", stored.GetProperty("decisionReason").GetString());
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Expert_states_a_hold_expected_by_today_and_earlier_days_are_not_offered()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var mexico = await server.OpenDraftAsync("demo-expert-mex", demo);
        await Paragraph(mexico, id).Locator("[data-act=positions]").ClickAsync();
        var form = Paragraph(mexico, id).Locator(".position-form");
        await form.Locator("select[name=kind]").SelectOptionAsync("AwaitingInstructions");
        var date = form.Locator("input[name=expectedBy]");
        var today = await date.GetAttributeAsync("min");
        Assert.False(string.IsNullOrEmpty(today));

        await date.FillAsync(today!);
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(Paragraph(mexico, id).Locator("ul.positions")).ToContainTextAsync("Awaiting instructions");
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task An_observer_reads_the_draft_but_cannot_edit()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var observer = await server.OpenDraftAsync("demo-observer", demo);

        await Assertions.Expect(Paragraph(observer, demo.Paragraphs[2]).Locator(".para-text")).ToHaveTextAsync(DemoWorkspace.Arabic);
        await Assertions.Expect(observer.Locator("[data-act=edit]")).ToHaveCountAsync(0);
        await Assertions.Expect(observer.Locator("[data-act=add-after]")).ToHaveCountAsync(0);
        await Assertions.Expect(observer.Locator("textarea.live-editor")).ToHaveCountAsync(0);
        await Assertions.Expect(observer.Locator("#section-form")).ToHaveCountAsync(0);
        await Assertions.Expect(observer.Locator(".chair-controls, .section-controls, .add-first, form.new-paragraph")).ToHaveCountAsync(0);
        await Assertions.Expect(observer.Locator(".para-actions button")).ToHaveCountAsync(12); // comments, positions and history of four paragraphs

        // The service refuses the Observer's operations even when sent by hand from the page.
        var refused = await observer.EvaluateAsync<string>(@"async ([g, d, p]) => {
            const { HubConnection } = await import('/js/hub.js');
            const hub = new HubConnection('/hubs/drafting', () => sessionStorage.getItem('gge.token'));
            await hub.start();
            await hub.invoke('JoinDraft', g, d);
            try {
              await hub.invoke('SubmitOperation', { groupId: g, draftId: d, paragraphId: p, baseVersion: 0, clientOperationId: 'observer-1', operation: ['Hello '], protocolVersion: 2 });
              return 'accepted';
            } catch (e) { return e.problem ? String(e.problem.status) : e.message; } finally { hub.stop(); }
        }", new[] { demo.GroupId.ToString(), demo.DraftId.ToString(), demo.Paragraphs[0].ToString() });
        Assert.Equal("403", refused);
        await observer.Context.CloseAsync();
    }

    [Fact]
    public async Task The_Secretariat_sets_up_the_demo_workspace_from_the_client()
    {
        var page = await server.SignInAsync("demo-secretariat");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up the demo workspace" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "(a) Verification challenges" }).ClickAsync();
        await Assertions.Expect(page.Locator(".paragraph")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator(".para-text[lang=zh-CN]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".para-text[lang=ar]")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_group_page_lists_the_replies_of_A_72_304_and_opens_their_paragraphs()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var secretariat = await server.ClientForAsync("demo-secretariat");
        (await secretariat.PostAsJsonAsync($"/api/groups/{demo.GroupId}/sources/import", new { builtIn = "A/72/304" })).EnsureSuccessStatusCode();

        var page = await server.SignInAsync("demo-expert-chn");
        await page.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
        await Assertions.Expect(page.Locator(".sources details")).ToHaveCountAsync(27);
        var argentina = page.Locator("details[data-code=ARG]");
        await Assertions.Expect(argentina.Locator("summary")).ToContainTextAsync("阿根廷");
        await argentina.Locator("summary").ClickAsync();
        await Assertions.Expect(argentina.Locator(".reply-paragraphs p")).ToHaveCountAsync(5);
        await Assertions.Expect(argentina.Locator(".reply-paragraphs p").First).ToContainTextAsync("阿根廷共和国欢迎");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Arabic_runs_right_to_left_and_Chinese_is_marked_as_Chinese()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var page = await server.OpenDraftAsync("demo-expert-chn", demo, width: 768);

        var arabic = Paragraph(page, demo.Paragraphs[2]).Locator(".para-text");
        Assert.Equal("rtl", await arabic.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.Equal("ar", await arabic.GetAttributeAsync("lang"));
        Assert.Equal("zh-CN", await Paragraph(page, demo.Paragraphs[3]).Locator(".para-text").GetAttributeAsync("lang"));
        Assert.Equal("ltr", await Paragraph(page, demo.Paragraphs[0]).Locator(".para-text").EvaluateAsync<string>("e => getComputedStyle(e).direction"));

        // Brackets are highlighted on their code points; nothing overflows the tablet width.
        await Assertions.Expect(Paragraph(page, demo.Paragraphs[1]).Locator(".bracket")).ToHaveTextAsync("Group");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await page.Context.CloseAsync();
    }
}
