using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>The Secretariat's membership controls, the Experts' positions and comments, and reading the room.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RolesTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    private static string Draft(DemoWorkspace demo) => demo.ApiPath;

    [Fact]
    public async Task A_Secretariat_officer_adds_a_member_who_then_sees_the_group()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var secretariat = await server.SignInAsync("demo-secretariat");
        await secretariat.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
        var form = secretariat.Locator("#member-form");

        // A refusal names its field and keeps what was typed.
        await form.Locator("input[name=sub]").FillAsync("demo-expert-gbr");
        await form.Locator("input[name=displayName]").FillAsync("James Whitfield");
        await form.Locator("input[name=nominatingState]").FillAsync("XX");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator("#m-state-error")).ToContainTextAsync("ISO 3166");
        await Assertions.Expect(form.Locator("input[name=sub]")).ToHaveValueAsync("demo-expert-gbr");

        await form.Locator("input[name=nominatingState]").FillAsync("GBR");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(secretariat.Locator("[data-member=\"demo-expert-gbr\"]")).ToContainTextAsync("Expert · GBR");
        Assert.Empty((await secretariat.RunAxe()).Violations);

        var britain = await server.SignInAsync("demo-expert-gbr");
        await Assertions.Expect(britain.Locator($"a.card[href=\"#/groups/{demo.GroupId}\"]")).ToBeVisibleAsync();
        await britain.Locator($"a.card[href=\"#/groups/{demo.GroupId}\"]").ClickAsync();
        await Assertions.Expect(britain.Locator("main p.muted").First).ToContainTextAsync("your role: Expert");
        await Assertions.Expect(britain.GetByRole(AriaRole.Link, new() { Name = "(a) Verification challenges" })).ToBeVisibleAsync();
        await secretariat.Context.CloseAsync();
        await britain.Context.CloseAsync();
    }

    [Fact]
    public async Task A_Secretariat_officer_changes_a_members_role_and_removes_another()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var secretariat = await server.SignInAsync("demo-secretariat");
        await secretariat.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
        var dialog = secretariat.Locator("dialog.ask");

        await secretariat.Locator("[data-member=\"demo-expert-mex\"] [data-member-do=change]").ClickAsync();
        await dialog.Locator("select[name=attribution]").SelectOptionAsync("Personal");
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(secretariat.Locator("[data-member=\"demo-expert-mex\"]")).ToContainTextAsync("personal capacity");

        await secretariat.Locator("[data-member=\"demo-observer\"] [data-member-do=remove]").ClickAsync();
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(secretariat.Locator("[data-member=\"demo-observer\"]")).ToHaveCountAsync(0);
        await secretariat.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Expert_turns_an_objection_into_a_reservation_and_then_withdraws_the_position()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var china = await server.ClientForAsync("demo-expert-chn");
        (await china.PostAsJsonAsync($"{Draft(demo)}/paragraphs/{id}/positions", new { kind = "Objection", reason = "Credibility is implied." })).EnsureSuccessStatusCode();

        var page = await server.OpenDraftAsync("demo-expert-chn", demo);
        await Paragraph(page, id).Locator("[data-act=positions]").ClickAsync();
        var positions = Paragraph(page, id).Locator(".panel");
        await positions.Locator("[data-do=to-reservation]").ClickAsync();
        await page.Locator("dialog.ask textarea[name=reservationText]").FillAsync("China reads verification as national means only.");
        await page.Locator("dialog.ask [data-answer=confirm]").ClickAsync();
        await Assertions.Expect(positions.Locator("ul.positions")).ToContainTextAsync("Reservation");

        await positions.Locator("[data-do=withdraw-position]").ClickAsync();
        await Assertions.Expect(positions.Locator("ul.positions")).ToContainTextAsync("No positions yet.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Expert_comments_on_the_words_selected_in_the_editor()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var page = await server.OpenDraftAsync("demo-expert-mex", demo);
        await Paragraph(page, id).Locator("[data-act=edit]").ClickAsync();
        // "effective" is code points 21 to 30 of the English paragraph.
        await Paragraph(page, id).Locator("textarea.live-editor").EvaluateAsync("t => { t.focus(); t.setSelectionRange(21, 30); }");
        await Paragraph(page, id).Locator("[data-act=comments]").ClickAsync();
        await Paragraph(page, id).Locator(".new-thread [data-do=quote]").ClickAsync();
        await Assertions.Expect(Paragraph(page, id).Locator(".new-thread .quoting")).ToContainTextAsync("effective");
        await Paragraph(page, id).Locator(".new-thread textarea").FillAsync("Effective by whose measure?");
        await Paragraph(page, id).Locator(".new-thread button[type=submit]").ClickAsync();

        await Assertions.Expect(Paragraph(page, id).Locator(".thread blockquote")).ToHaveTextAsync("effective");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_paragraphs_history_says_who_parked_it_and_why()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chairHttp = await server.ClientForAsync("demo-chair");
        var p = await DemoWorkspace.Read(await chairHttp.GetAsync($"{Draft(demo)}/paragraphs/{id}"));
        using var park = new HttpRequestMessage(HttpMethod.Post, $"{Draft(demo)}/paragraphs/{id}/status") { Content = JsonContent.Create(new { status = "Parked", reason = "Awaiting the verification study." }) };
        park.Headers.IfMatch.Add(new($"\"{p.GetProperty("negotiationVersion").GetInt64()}\""));
        (await chairHttp.SendAsync(park)).EnsureSuccessStatusCode();

        var observer = await server.OpenDraftAsync("demo-observer", demo);
        await Paragraph(observer, id).Locator("[data-act=history]").ClickAsync();
        await Assertions.Expect(Paragraph(observer, id).Locator(".history li").First).ToContainTextAsync("Ingrid Halvorsen");
        await Assertions.Expect(Paragraph(observer, id).Locator(".history li").First).ToContainTextAsync("Awaiting the verification study.");
        await observer.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_filters_paragraphs_with_objections_and_its_rows_open_their_paragraph()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var china = await server.ClientForAsync("demo-expert-chn");
        (await china.PostAsJsonAsync($"{Draft(demo)}/paragraphs/{demo.Paragraphs[3]}/positions", new { kind = "Objection", reason = "Wording." })).EnsureSuccessStatusCode();

        var chair = await server.SignInAsync("demo-chair");
        await chair.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/dashboard");
        await Assertions.Expect(chair.Locator("tr[data-row]")).ToHaveCountAsync(4);
        await chair.GetByLabel("With objections").CheckAsync();
        await Assertions.Expect(chair.Locator("tr[data-row]:visible")).ToHaveCountAsync(1);
        Assert.Empty((await chair.RunAxe()).Violations);

        await chair.Locator("tr[data-row]:visible th a").ClickAsync();
        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[3])).ToBeFocusedAsync();
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task The_group_page_lists_the_report_first_with_a_human_label()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chairHttp = await server.ClientForAsync("demo-chair");
        (await chairHttp.PostAsJsonAsync($"/api/groups/{demo.GroupId}/drafts", new { title = "Report of the Group" })).EnsureSuccessStatusCode();

        var page = await server.SignInAsync("demo-expert-can");
        await page.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
        var drafts = page.Locator("section[aria-labelledby=drafts-h] .card");
        await Assertions.Expect(drafts).ToHaveCountAsync(2);
        await Assertions.Expect(drafts.First).ToContainTextAsync("Report of the Group");
        await Assertions.Expect(drafts.First).ToContainTextAsync("The report");
        await Assertions.Expect(drafts.Nth(1)).ToContainTextAsync("Workstream draft");
        await page.Context.CloseAsync();
    }
}
