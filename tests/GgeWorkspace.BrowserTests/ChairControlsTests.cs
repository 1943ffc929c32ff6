using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>The Chair's controls on the text, new paragraphs typed in place, and what each role is offered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChairControlsTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => DemoWorkspace.Paragraph(page, id);

    private static string Draft(DemoWorkspace demo) => demo.ApiPath;

    private static async Task OpenForNegotiationAsync(HttpClient chair, DemoWorkspace demo, Guid paragraphId)
    {
        var p = await DemoWorkspace.Read(await chair.GetAsync($"{Draft(demo)}/paragraphs/{paragraphId}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Draft(demo)}/paragraphs/{paragraphId}/status")
        {
            Content = JsonContent.Create(new { status = "UnderNegotiation" }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{p.GetProperty("negotiationVersion").GetInt64()}\""));
        (await chair.SendAsync(request)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_Chair_agrees_a_paragraph_and_parks_another_with_a_reason()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var first = Paragraph(chair, demo.Paragraphs[0]);
        var arabic = Paragraph(chair, demo.Paragraphs[2]);

        await first.Locator(".chair-controls [data-status=UnderNegotiation]").ClickAsync();
        await Assertions.Expect(first.Locator(".para-head .badge")).ToHaveTextAsync("Under negotiation");
        await first.Locator(".chair-controls [data-status=Agreed]").ClickAsync();
        await Assertions.Expect(first.Locator(".para-head .badge")).ToHaveTextAsync("Agreed");

        await arabic.Locator(".chair-controls [data-status=Parked]").ClickAsync();
        var dialog = chair.Locator("dialog.ask");
        await dialog.Locator("textarea[name=reason]").FillAsync("Awaiting instructions from capitals.");
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(arabic.Locator(".para-head .badge")).ToHaveTextAsync("Parked");

        var http = await server.ClientForAsync("demo-chair");
        var history = await DemoWorkspace.Read(await http.GetAsync($"{Draft(demo)}/paragraphs/{demo.Paragraphs[2]}/history"));
        Assert.Equal("Awaiting instructions from capitals.", history.GetProperty("entries")[0].GetProperty("reason").GetString());
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task Agreeing_over_an_objection_names_the_objecting_delegation_and_leaves_the_paragraph_under_negotiation()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        await OpenForNegotiationAsync(await server.ClientForAsync("demo-chair"), demo, id);
        var china = await server.ClientForAsync("demo-expert-chn");
        (await china.PostAsJsonAsync($"{Draft(demo)}/paragraphs/{id}/positions", new { kind = "Objection", reason = "Credibility is implied." })).EnsureSuccessStatusCode();

        var chair = await server.OpenDraftAsync("demo-chair", demo);
        await Paragraph(chair, id).Locator(".chair-controls [data-status=Agreed]").ClickAsync();

        await Assertions.Expect(chair.Locator("dialog.ask")).ToContainTextAsync("CHN");
        await chair.Locator("dialog.ask [data-answer=confirm]").ClickAsync();
        await Assertions.Expect(Paragraph(chair, id).Locator(".para-head .badge")).ToHaveTextAsync("Under negotiation");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task Reopening_agreed_text_needs_a_reason()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var first = Paragraph(chair, demo.Paragraphs[0]);
        await first.Locator(".chair-controls [data-status=UnderNegotiation]").ClickAsync();
        await first.Locator(".chair-controls [data-status=Agreed]").ClickAsync();
        await Assertions.Expect(first.Locator(".para-head .badge")).ToHaveTextAsync("Agreed");

        await first.Locator(".chair-controls [data-status=UnderNegotiation]").ClickAsync();
        var dialog = chair.Locator("dialog.ask");
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".field-error")).ToContainTextAsync("Reason");
        await Assertions.Expect(first.Locator(".para-head .badge")).ToHaveTextAsync("Agreed");

        await dialog.Locator("textarea[name=reason]").FillAsync("New facts from the verification exercise.");
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(first.Locator(".para-head .badge")).ToHaveTextAsync("Under negotiation");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task A_Chair_sets_a_silence_deadline_on_the_groups_clock_and_sees_the_paragraph_agreed_at_its_end_without_reloading()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        await OpenForNegotiationAsync(await server.ClientForAsync("demo-chair"), demo, id);
        // The Chair travels: the browser's clock is in New York, the group meets in Geneva.
        var chair = await server.OpenDraftAsync("demo-chair", demo, timeZone: "America/New_York");
        var paragraph = Paragraph(chair, id);
        var navigations = 0;
        chair.FrameNavigated += (_, frame) => { if (frame == chair.MainFrame) navigations++; };

        await paragraph.Locator(".chair-controls [data-do=silence]").ClickAsync();
        var dialog = chair.Locator("dialog.ask");
        await Assertions.Expect(dialog.GetByLabel("Deadline in the group's time zone (Europe/Zurich)")).ToBeVisibleAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(8);
        var onGroupsClock = TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"));
        await dialog.Locator("input[name=deadline]").FillAsync(onGroupsClock.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await dialog.Locator("[data-answer=confirm]").ClickAsync();

        await Assertions.Expect(paragraph.Locator(".silence-countdown")).ToContainTextAsync("Under silence until");
        await Assertions.Expect(paragraph.Locator(".silence-countdown")).ToContainTextAsync("Europe/Zurich");
        await Assertions.Expect(paragraph.Locator(".silence-countdown .left")).ToContainTextAsync(" s left");
        await Assertions.Expect(paragraph.Locator(".silence button[data-silence=cancel]")).ToBeVisibleAsync();
        var procedure = (await DemoWorkspace.Read(await (await server.ClientForAsync("demo-chair")).GetAsync($"{Draft(demo)}/silence")))[0];
        Assert.Equal(deadline.ToUnixTimeSeconds(), procedure.GetProperty("deadline").GetProperty("utc").GetDateTimeOffset().ToUnixTimeSeconds());

        await Assertions.Expect(paragraph.Locator(".para-head .badge")).ToHaveTextAsync("Agreed", new() { Timeout = 30_000 });
        await Assertions.Expect(paragraph.Locator(".silence-countdown")).ToHaveCountAsync(0);
        Assert.Equal(0, navigations);
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_shows_a_silence_deadline_on_the_groups_clock_labelled_with_its_zone()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chairHttp = await server.ClientForAsync("demo-chair");
        await OpenForNegotiationAsync(chairHttp, demo, id);
        var deadline = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(13), TimeSpan.Zero);
        (await chairHttp.PostAsJsonAsync($"{Draft(demo)}/silence", new { paragraphIds = new[] { id }, deadline })).EnsureSuccessStatusCode();

        var chair = await server.SignInAsync("demo-chair", timeZone: "Asia/Tokyo");
        await chair.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/dashboard");
        var onGroupsClock = TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"));
        await Assertions.Expect(chair.Locator($"tr[data-row=\"{id}\"]")).ToContainTextAsync(
            $"{onGroupsClock.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} (Europe/Zurich)");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task An_Expert_breaks_silence_with_a_reason_and_the_paragraph_is_not_agreed()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chairHttp = await server.ClientForAsync("demo-chair");
        await OpenForNegotiationAsync(chairHttp, demo, id);
        (await chairHttp.PostAsJsonAsync($"{Draft(demo)}/silence", new { paragraphIds = new[] { id } })).EnsureSuccessStatusCode();

        var china = await server.OpenDraftAsync("demo-expert-chn", demo);
        var paragraph = Paragraph(china, id);
        await paragraph.Locator(".silence button[data-silence=break]").ClickAsync();
        await china.Locator("dialog.ask textarea[name=reason]").FillAsync("Instructions from the capital require changes.");
        await china.Locator("dialog.ask [data-answer=confirm]").ClickAsync();

        await Assertions.Expect(paragraph.Locator(".silence-countdown")).ToHaveCountAsync(0);
        var procedures = await DemoWorkspace.Read(await chairHttp.GetAsync($"{Draft(demo)}/silence"));
        Assert.Equal("Instructions from the capital require changes.", procedures[0].GetProperty("breaks")[0].GetProperty("reason").GetString());
        await china.Context.CloseAsync();
    }

    [Fact]
    public async Task A_paragraph_the_Chair_set_to_be_agreed_when_holds_are_lifted_is_agreed_when_the_last_hold_is_lifted()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chairHttp = await server.ClientForAsync("demo-chair");
        await OpenForNegotiationAsync(chairHttp, demo, id);
        var china = await server.ClientForAsync("demo-expert-chn");
        (await china.PostAsJsonAsync($"{Draft(demo)}/paragraphs/{id}/positions",
            new { kind = "AwaitingInstructions", expectedBy = DateTimeOffset.UtcNow.AddDays(2) })).EnsureSuccessStatusCode();

        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var paragraph = Paragraph(chair, id);
        await paragraph.Locator(".chair-controls [data-status=AgreedAdReferendum]").ClickAsync();
        await Assertions.Expect(paragraph.Locator(".para-head .badge")).ToHaveTextAsync("Agreed ad ref.");
        await paragraph.Locator(".chair-controls [data-do=auto-agree]").ClickAsync();
        await Assertions.Expect(chair.Locator("#status")).ToContainTextAsync("when its last hold is lifted");

        (await china.PostAsJsonAsync($"{Draft(demo)}/paragraphs/{id}/positions", new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();
        await Assertions.Expect(paragraph.Locator(".para-head .badge")).ToHaveTextAsync("Agreed");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task A_Chair_adds_options_removes_one_and_agrees_choosing_an_option()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var paragraph = Paragraph(chair, demo.Paragraphs[0]);
        var dialog = chair.Locator("dialog.ask");
        foreach (var text in new[] { "effective and credible", "effective and non-discriminatory", "credible" })
        {
            await paragraph.Locator(".chair-controls [data-do=add-option]").ClickAsync();
            await dialog.Locator("textarea[name=text]").FillAsync(text);
            await dialog.Locator("[data-answer=confirm]").ClickAsync();
            await Assertions.Expect(paragraph.Locator(".options li", new() { HasText = text })).ToHaveCountAsync(1);
        }
        await Assertions.Expect(paragraph.Locator(".para-head .badge")).ToHaveTextAsync("Under negotiation");

        await paragraph.Locator(".chair-controls button", new() { HasText = "Remove option 3" }).ClickAsync();
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(paragraph.Locator(".options li")).ToHaveCountAsync(2);

        await paragraph.Locator(".chair-controls [data-status=Agreed]").ClickAsync();
        await dialog.Locator("select[name=chosenOptionId]").SelectOptionAsync(new SelectOptionValue { Label = "Option 2: effective and non-discriminatory" });
        await dialog.Locator("[data-answer=confirm]").ClickAsync();
        await Assertions.Expect(paragraph.Locator(".para-head .badge")).ToHaveTextAsync("Agreed");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_paragraph_is_typed_in_place_and_created_with_its_text()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var canada = await server.OpenDraftAsync("demo-expert-can", demo);
        await Paragraph(canada, demo.Paragraphs[0]).Locator("[data-act=add-after]").ClickAsync();
        var form = canada.Locator("form.new-paragraph");
        await Assertions.Expect(form.Locator("textarea")).ToBeFocusedAsync();

        // Refused (nothing but spaces): the reason is shown beside the field and what was typed stays.
        await form.Locator("textarea").FillAsync("   ");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator(".field-error")).ToContainTextAsync("needs text");
        await Assertions.Expect(form.Locator("textarea")).ToHaveValueAsync("   ");

        await form.Locator("textarea").FillAsync("Verification arrangements should be tested in practice.");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(canada.Locator(".paragraph")).ToHaveCountAsync(5);
        await Assertions.Expect(canada.Locator("form.new-paragraph")).ToHaveCountAsync(0);
        var created = Paragraph(canada, demo.Paragraphs[0]).Locator("xpath=following-sibling::article[1]");
        await Assertions.Expect(created.Locator("textarea.live-editor")).ToHaveValueAsync("Verification arrangements should be tested in practice.");
        await Assertions.Expect(created.Locator(".para-head .badge")).ToHaveTextAsync("Proposed");
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task A_Chair_moves_a_paragraph_down_and_the_numbers_follow()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        var second = Paragraph(chair, demo.Paragraphs[1]);
        await Assertions.Expect(second.Locator(".num")).ToHaveTextAsync("2.");

        await second.Locator(".chair-controls [data-do=down]").ClickAsync();

        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[1]).Locator(".num")).ToHaveTextAsync("3.");
        await Assertions.Expect(Paragraph(chair, demo.Paragraphs[2]).Locator(".num")).ToHaveTextAsync("2.");
        var draft = await DemoWorkspace.Read(await (await server.ClientForAsync("demo-chair")).GetAsync(Draft(demo)));
        var order = draft.GetProperty("sections")[1].GetProperty("paragraphs").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([demo.Paragraphs[2], demo.Paragraphs[1], demo.Paragraphs[3]], order);
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task The_Chairs_draft_page_and_its_dialog_have_no_accessibility_violations()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await server.OpenDraftAsync("demo-chair", demo);
        await Assertions.Expect(chair.Locator(".chair-controls").First).ToBeVisibleAsync();
        Assert.Empty(Describe((await chair.RunAxe()).Violations));

        await Paragraph(chair, demo.Paragraphs[2]).Locator(".chair-controls [data-status=Parked]").ClickAsync();
        await chair.Locator("dialog.ask [data-answer=confirm]").WaitForAsync();
        Assert.Empty(Describe((await chair.RunAxe()).Violations));
        await chair.Context.CloseAsync();
    }

    private static List<string> Describe(IEnumerable<Deque.AxeCore.Commons.AxeResultItem> violations) =>
        violations.Select(v => $"{v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => JsonSerializer.Serialize(n.Target)))})").ToList();
}
