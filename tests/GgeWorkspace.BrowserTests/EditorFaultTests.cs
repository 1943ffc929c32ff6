using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GgeWorkspace.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GgeWorkspace.BrowserTests;

/// <summary>
/// The web editor under faults, in a real browser against the real service: a live connection that drops while ordinary
/// requests still work, edits the service refuses, and forms sent twice.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorFaultTests(WorkspaceServer server)
{
    private static ILocator Paragraph(IPage page, Guid id) => page.Locator($"[data-paragraph-id=\"{id}\"]");

    private async Task<IPage> OpenDraftAsync(IPage page, DemoWorkspace demo)
    {
        await page.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}");
        await Paragraph(page, demo.Paragraphs[0]).Locator(".para-text").WaitForAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live");
        return page;
    }

    private async Task<IPage> OpenDraftAsync(string sub, DemoWorkspace demo) => await OpenDraftAsync(await server.SignInAsync(sub), demo);

    private static async Task<ILocator> EditAsync(IPage page, Guid paragraphId)
    {
        await Paragraph(page, paragraphId).Locator("[data-act=edit]").ClickAsync();
        var editor = Paragraph(page, paragraphId).Locator("textarea.live-editor");
        await editor.PressAsync("Control+End");
        return editor;
    }

    private static string ParagraphPath(DemoWorkspace demo, Guid paragraphId) =>
        $"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/paragraphs/{paragraphId}";

    private static async Task<string> StoredTextAsync(HttpClient http, DemoWorkspace demo, Guid paragraphId) =>
        (await DemoWorkspace.Read(await http.GetAsync(ParagraphPath(demo, paragraphId)))).GetProperty("text").GetString()!;

    private static async Task<string> WaitForStoredTextAsync(HttpClient http, DemoWorkspace demo, Guid paragraphId, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var text = await StoredTextAsync(http, demo, paragraphId);
            if (text == expected || DateTime.UtcNow > deadline) return text;
            await Task.Delay(100);
        }
    }

    /// <summary>A Chair moves a paragraph's negotiation status through REST (If-Match: its negotiation version).</summary>
    private static async Task MoveStatusAsync(HttpClient chair, DemoWorkspace demo, Guid paragraphId, string status)
    {
        var current = await chair.GetAsync(ParagraphPath(demo, paragraphId));
        current.EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ParagraphPath(demo, paragraphId)}/status") { Content = JsonContent.Create(new { status }) };
        request.Headers.IfMatch.Add(current.Headers.ETag!);
        await DemoWorkspace.Read(await chair.SendAsync(request));
    }

    private static readonly object DatabaseUnavailable = new
    {
        type = "tag:gge-workspace,2026:problem:database-unavailable", title = "The database is unavailable.", status = 503,
        detail = "The database cannot be reached; retry shortly.",
    };

    private static async Task<JsonElement[]> AmendmentsOnAsync(HttpClient http, DemoWorkspace demo, Guid paragraphId)
    {
        var all = await DemoWorkspace.Read(await http.GetAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/amendments"));
        return [.. all.EnumerateArray().Where(a => a.GetProperty("paragraphId").GetGuid() == paragraphId)];
    }

    [Fact]
    public async Task A_page_whose_text_differs_from_the_servers_hash_takes_the_whole_text_again_and_heals()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var canada = await server.SignInAsync("demo-expert-can");
        var live = await LiveConnectionSwitch.InstallAsync(canada);
        await OpenDraftAsync(canada, demo);
        var mexico = await OpenDraftAsync("demo-expert-mex", demo);
        var editor = await EditAsync(canada, id);

        // Mexico's "Q" reaches Canada's page as "Z": the operation still fits, only the text hash can tell.
        live.RewriteFromService("OperationsCommitted", "\"Q\"", "\"Z\"");
        var mexicoEditor = await EditAsync(mexico, id);
        await mexicoEditor.PressSequentiallyAsync("Q");

        var expected = DemoWorkspace.English + "Q";
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(expected);
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        Assert.True(live.Rewritten);
        Assert.Equal(1, live.Sent("Resync"));
        // Healed for good: what Canada types next lands on the server's text.
        await editor.PressSequentiallyAsync(" 核查");
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(expected + " 核查");
        var http = await server.ClientForAsync("demo-expert-can");
        Assert.Equal(expected + " 核查", await WaitForStoredTextAsync(http, demo, id, expected + " 核查"));
        await canada.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task Text_typed_while_only_the_live_connection_is_down_reaches_the_service_and_other_members_exactly_once()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var canada = await server.SignInAsync("demo-expert-can");

        var live = await LiveConnectionSwitch.InstallAsync(canada);
        await OpenDraftAsync(canada, demo);
        var mexico = await OpenDraftAsync("demo-expert-mex", demo);
        var http = await server.ClientForAsync("demo-expert-can");

        var editor = await EditAsync(canada, id);
        await editor.PressSequentiallyAsync(" Alpha");
        Assert.Equal(DemoWorkspace.English + " Alpha", await WaitForStoredTextAsync(http, demo, id, DemoWorkspace.English + " Alpha"));

        await live.DropAsync();
        await Assertions.Expect(canada.Locator("#live")).Not.ToHaveTextAsync("Live");

        // Typed while the live connection is down; meanwhile another member edits the same paragraph.
        const string offline = " offline 核查 تحقق e\u0301 🌍";
        await editor.PressSequentiallyAsync(offline);
        var mexicoEditor = await EditAsync(mexico, id);
        await mexicoEditor.PressAsync("Control+Home");
        await mexicoEditor.PressSequentiallyAsync("Beta ");
        Assert.Equal("Beta " + DemoWorkspace.English + " Alpha", await WaitForStoredTextAsync(http, demo, id, "Beta " + DemoWorkspace.English + " Alpha"));
        // Ordinary requests of the page still work: only the live connection is down.
        Assert.Equal(200, await canada.EvaluateAsync<int>("async (path) => (await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem('gge.token')}` } })).status", ParagraphPath(demo, id)));
        Assert.Equal(DemoWorkspace.English + " Alpha" + offline, await editor.InputValueAsync());
        await Assertions.Expect(Paragraph(canada, id).Locator(".unsaved")).ToBeVisibleAsync();

        live.Restore();
        await Assertions.Expect(canada.Locator("#live")).ToHaveTextAsync("Live", new() { Timeout = 20_000 });

        var expected = "Beta " + DemoWorkspace.English + " Alpha" + offline;
        Assert.Equal(expected, await WaitForStoredTextAsync(http, demo, id, expected));
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        await Assertions.Expect(mexicoEditor).ToHaveValueAsync(expected);
        await Assertions.Expect(Paragraph(canada, id).Locator(".unsaved")).ToBeHiddenAsync();
        await Assertions.Expect(Paragraph(canada, id).Locator(".not-applied")).ToHaveCountAsync(0);
        await canada.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task An_edit_committed_whose_acknowledgement_was_lost_with_the_connection_is_applied_once()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[3];
        var china = await server.SignInAsync("demo-expert-chn");
        var live = await LiveConnectionSwitch.InstallAsync(china);
        await OpenDraftAsync(china, demo);
        var http = await server.ClientForAsync("demo-expert-chn");
        var editor = await EditAsync(china, id);

        // The service hears the page but the page hears nothing back: the first edit is committed, its answer lost.
        live.Deafen();
        await editor.PressSequentiallyAsync("甲");
        Assert.Equal(DemoWorkspace.Chinese + "甲", await WaitForStoredTextAsync(http, demo, id, DemoWorkspace.Chinese + "甲"));
        await editor.PressSequentiallyAsync("乙丙");
        await live.DropAsync();
        await Assertions.Expect(Paragraph(china, id).Locator(".unsaved")).ToBeVisibleAsync();

        live.Restore();
        var expected = DemoWorkspace.Chinese + "甲乙丙";
        Assert.Equal(expected, await WaitForStoredTextAsync(http, demo, id, expected));
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        await Assertions.Expect(Paragraph(china, id).Locator(".unsaved")).ToBeHiddenAsync();
        await china.Context.CloseAsync();
    }

    [Fact]
    public async Task Pending_edits_survive_a_catch_up_that_answers_with_the_whole_text()
    {
        // Far behind, CatchUp answers with the whole text instead of operations: the editor's model takes what changed
        // since its version as one remote operation and transforms the pending edits over it, in code points.
        var page = await server.SignInAsync("demo-expert-can");
        var result = await page.EvaluateAsync<JsonElement>(@"async () => {
            const { ParagraphDoc } = await import('/js/ot.js');
            const sent = [];
            const doc = new ParagraphDoc('00000000-0000-0000-0000-000000000001', '核查 🌍 abc', 3, 'demo-expert-can');
            doc.onSend = (op) => sent.push(op);
            doc.edit([8, ' X']);
            doc.edit([10, 'Y']);
            doc.rebase('Q 核查 🌍 abc', 40);
            return { text: doc.text, version: doc.version, inFlight: doc.inFlight, buffer: doc.buffer, sent: sent.length };
        }");
        Assert.Equal("Q 核查 🌍 abc XY", result.GetProperty("text").GetString());
        Assert.Equal(40, result.GetProperty("version").GetInt64());
        Assert.Equal(40, result.GetProperty("inFlight").GetProperty("baseVersion").GetInt64());
        Assert.Equal("[10,\" X\"]", result.GetProperty("inFlight").GetProperty("operation").GetRawText());
        Assert.Equal("[12,\"Y\"]", result.GetProperty("buffer").GetRawText());
        Assert.Equal(1, result.GetProperty("sent").GetInt32());

        // The whole text already held the operation in flight (committed before its answer was lost): when the service
        // answers its resend as a duplicate, our copy comes out again and the edits typed after it go next.
        var settled = await page.EvaluateAsync<JsonElement>(@"async () => {
            const { ParagraphDoc } = await import('/js/ot.js');
            const sent = [];
            const doc = new ParagraphDoc('00000000-0000-0000-0000-000000000001', '核查 🌍', 3, 'demo-expert-can');
            doc.onSend = (op) => sent.push(op.operation);
            doc.edit([4, 'X']);
            doc.edit([5, 'Y']);
            doc.rebase('核查 🌍X', 10);
            const doubled = doc.text;
            doc.settleCommittedInFlight();
            return { doubled, text: doc.text, sent };
        }");
        Assert.Equal("核查 🌍XXY", settled.GetProperty("doubled").GetString());
        Assert.Equal("核查 🌍XY", settled.GetProperty("text").GetString());
        Assert.Equal("[[4,\"X\"],[5,\"Y\"]]", settled.GetProperty("sent").GetRawText());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_that_misses_one_broadcast_catches_up_without_reconnecting()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[2];
        var canada = await server.SignInAsync("demo-expert-can");
        var live = await LiveConnectionSwitch.InstallAsync(canada);
        await OpenDraftAsync(canada, demo);
        var mexico = await OpenDraftAsync("demo-expert-mex", demo);
        var http = await server.ClientForAsync("demo-expert-can");

        var catchUps = live.Sent("CatchUp");
        live.DropFromService("OperationsCommitted", 1);
        var mexicoEditor = await EditAsync(mexico, id);
        const string typed = " والتحقق 核查 e\u0301 🌍";
        await mexicoEditor.PressSequentiallyAsync(typed);
        var expected = DemoWorkspace.Arabic + typed;
        Assert.Equal(expected, await WaitForStoredTextAsync(http, demo, id, expected));

        // The paragraph also shows who is typing in it (their caret and name), hence contains.
        await Assertions.Expect(Paragraph(canada, id).Locator(".para-text")).ToContainTextAsync(expected, new() { Timeout = 20_000 });
        Assert.Equal(0, live.StillToDrop("OperationsCommitted"));
        Assert.True(live.Sent("CatchUp") > catchUps, "the page caught up");
        Assert.Equal(1, live.Connections);
        Assert.Equal(1, live.OpenConnections);
        await canada.Context.CloseAsync();
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task A_paste_larger_than_one_hub_message_is_sent_in_parts_and_committed_whole()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[1];
        var canada = await server.SignInAsync("demo-expert-can");
        var live = await LiveConnectionSwitch.InstallAsync(canada);
        await OpenDraftAsync(canada, demo);
        var http = await server.ClientForAsync("demo-expert-can");
        var editor = await EditAsync(canada, id);

        // About 48 KB of UTF-8 in one input event: more than the hub's 32 KB message limit.
        var pasted = " " + string.Concat(Enumerable.Repeat("核查验证التحقق😀e\u0301", 1000));
        await editor.FillAsync(DemoWorkspace.Second + pasted);

        var expected = DemoWorkspace.Second + pasted;
        Assert.Equal(expected, await WaitForStoredTextAsync(http, demo, id, expected));
        await Assertions.Expect(Paragraph(canada, id).Locator(".unsaved")).ToBeHiddenAsync();
        Assert.True(live.Sent("SubmitOperation") >= 7, $"sent in {live.Sent("SubmitOperation")} parts");
        Assert.Equal(1, live.Connections);
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task A_whole_text_older_than_the_version_held_is_ignored_and_operations_that_arrived_early_still_apply()
    {
        var page = await server.SignInAsync("demo-expert-can");
        var result = await page.EvaluateAsync<JsonElement>(@"async () => {
            const { ParagraphDoc } = await import('/js/ot.js');
            const doc = new ParagraphDoc('00000000-0000-0000-0000-000000000001', '核查', 5, 'demo-expert-can');
            doc.receive([{ version: 8, clientOperationId: 'b', authorSub: 'demo-expert-mex', operation: [4, '!'] }]);
            doc.rebase('核查 🌍', 7);
            const afterRebase = { text: doc.text, version: doc.version, gap: doc.hasGap };
            doc.rebase('核', 6);
            const afterOlder = { text: doc.text, version: doc.version };
            doc.receive([{ version: 10, clientOperationId: 'c', authorSub: 'demo-expert-mex', operation: [-1, 5] }]);
            doc.reset('核查 🌍!?', 9);
            return { afterRebase, afterOlder, text: doc.text, version: doc.version, gap: doc.hasGap };
        }");
        Assert.Equal("核查 🌍!", result.GetProperty("afterRebase").GetProperty("text").GetString());
        Assert.Equal(8, result.GetProperty("afterRebase").GetProperty("version").GetInt64());
        Assert.False(result.GetProperty("afterRebase").GetProperty("gap").GetBoolean());
        Assert.Equal("核查 🌍!", result.GetProperty("afterOlder").GetProperty("text").GetString());
        Assert.Equal(8, result.GetProperty("afterOlder").GetProperty("version").GetInt64());
        Assert.Equal("查 🌍!?", result.GetProperty("text").GetString());
        Assert.Equal(10, result.GetProperty("version").GetInt64());
        Assert.False(result.GetProperty("gap").GetBoolean());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_edit_in_flight_already_held_by_a_whole_text_catch_up_appears_once_after_its_resend()
    {
        // The live model against a hub that answers CatchUp with the whole text holding the edit in flight, and the
        // edit's resend as the duplicate the service answers for an operation it committed before.
        var page = await server.SignInAsync("demo-expert-can");
        var result = JsonDocument.Parse(await page.EvaluateAsync<string>(@"async () => {
            const { LiveDraft } = await import('/js/live-editing.js');
            const submitted = [];
            const hub = {
                state: 'connected',
                async invoke(method, ...args) {
                    if (method === 'CatchUp') return { paragraphId: args[2], version: 12, operations: [], text: 'Q 核查 🌍X' };
                    const op = args[0];
                    submitted.push({ id: op.clientOperationId, baseVersion: op.baseVersion, operation: op.operation });
                    if (submitted.length === 1) return new Promise(() => {}); // its answer is lost
                    if (op.clientOperationId === submitted[0].id) return { paragraphId: op.paragraphId, clientOperationId: op.clientOperationId, version: 9, duplicate: true };
                    return new Promise(() => {});
                },
            };
            const texts = [];
            const live = new LiveDraft({ hub, groupId: 'g', draftId: 'd', authorSub: 'demo-expert-can',
                onText: (doc) => texts.push(doc.text), onRefused: () => {}, onSaved: () => {} });
            const doc = live.docFor('00000000-0000-0000-0000-000000000001', '核查 🌍', 8);
            doc.edit([4, 'X']);
            doc.edit([5, 'Y']);
            await live.catchUp(doc);
            await new Promise((r) => setTimeout(r, 50));
            return JSON.stringify({ text: doc.text, version: doc.version, submitted, inFlight: doc.inFlight?.operation ?? null });
        }")).RootElement;
        Assert.Equal("Q 核查 🌍XY", result.GetProperty("text").GetString());
        Assert.Equal(12, result.GetProperty("version").GetInt64());
        var submitted = result.GetProperty("submitted").EnumerateArray().ToArray();
        Assert.Equal(3, submitted.Length);
        Assert.Equal(submitted[0].GetProperty("id").GetString(), submitted[1].GetProperty("id").GetString());
        Assert.Equal(12, submitted[1].GetProperty("baseVersion").GetInt64());
        // Only what was typed after the committed edit goes next, on the whole text.
        Assert.Equal("[7,\"Y\"]", submitted[2].GetProperty("operation").GetRawText());
        Assert.Equal("[7,\"Y\"]", result.GetProperty("inFlight").GetRawText());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_edit_refused_as_protocol_outdated_is_kept_in_a_note_and_the_page_asks_to_be_reloaded()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var mexico = await server.SignInAsync("demo-expert-mex");
        var live = await LiveConnectionSwitch.InstallAsync(mexico);
        await OpenDraftAsync(mexico, demo);
        var editor = await EditAsync(mexico, id);
        await Assertions.Expect(mexico.Locator(".reload-banner")).ToHaveCountAsync(0);

        live.Fail("SubmitOperation", 1, new
        {
            type = "tag:gge-workspace,2026:problem:protocol-outdated", title = "The client is outdated: reload the page or update it.", status = 426,
            detail = "This client speaks live-editing protocol 1; the server speaks 3. Reload the page or update the client.", protocolVersion = 3,
        });
        await editor.PressSequentiallyAsync("!");

        await Assertions.Expect(mexico.Locator(".reload-banner")).ToContainTextAsync("Reload the page");
        await Assertions.Expect(Paragraph(mexico, id).Locator(".not-applied .refused-text")).ToHaveValueAsync(DemoWorkspace.English + "!");
        await Assertions.Expect(editor).ToHaveValueAsync(DemoWorkspace.English);
        Assert.Equal(1, live.Sent("SubmitOperation"));
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task An_edit_answered_with_database_unavailable_is_kept_sent_again_and_applied_once()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[2];
        var mexico = await server.SignInAsync("demo-expert-mex");
        var live = await LiveConnectionSwitch.InstallAsync(mexico);
        await OpenDraftAsync(mexico, demo);
        var http = await server.ClientForAsync("demo-expert-mex");
        var editor = await EditAsync(mexico, id);

        live.Fail("SubmitOperation", 2, DatabaseUnavailable);
        const string added = " والتحقق";
        await editor.FillAsync(DemoWorkspace.Arabic + added);

        var expected = DemoWorkspace.Arabic + added;
        Assert.Equal(expected, await WaitForStoredTextAsync(http, demo, id, expected));
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        await Assertions.Expect(Paragraph(mexico, id).Locator(".not-applied")).ToHaveCountAsync(0);
        Assert.Equal(3, live.Sent("SubmitOperation"));
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task Edits_wait_until_the_draft_is_joined_again_when_the_first_join_after_reconnecting_fails_and_no_connection_is_left_open()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[1];
        var mexico = await server.SignInAsync("demo-expert-mex");
        var live = await LiveConnectionSwitch.InstallAsync(mexico);
        await OpenDraftAsync(mexico, demo);
        var http = await server.ClientForAsync("demo-expert-mex");
        var editor = await EditAsync(mexico, id);

        await live.DropAsync();
        await Assertions.Expect(mexico.Locator("#live")).Not.ToHaveTextAsync("Live");
        await editor.PressSequentiallyAsync(" Sí, señora.");
        live.Fail("JoinDraft", 1, DatabaseUnavailable);
        live.Restore();

        var expected = DemoWorkspace.Second + " Sí, señora.";
        Assert.Equal(expected, await WaitForStoredTextAsync(http, demo, id, expected));
        await Assertions.Expect(editor).ToHaveValueAsync(expected);
        await Assertions.Expect(Paragraph(mexico, id).Locator(".unsaved")).ToBeHiddenAsync();
        await Assertions.Expect(mexico.Locator("#live")).ToHaveTextAsync("Live");
        Assert.True(live.Sent("JoinDraft") >= 3, "The draft was joined once, refused once, then joined again.");
        Assert.Equal(1, live.OpenConnections);
        await mexico.Context.CloseAsync();
    }

    [Fact]
    public async Task An_edit_refused_because_the_paragraph_was_agreed_is_taken_out_of_the_editor_and_kept_in_a_note()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var canada = await OpenDraftAsync("demo-expert-can", demo);
        var editor = await EditAsync(canada, id);

        var chair = await server.ClientForAsync("demo-chair");
        await MoveStatusAsync(chair, demo, id, "UnderNegotiation");
        await MoveStatusAsync(chair, demo, id, "Agreed");
        await Assertions.Expect(Paragraph(canada, id).Locator(".badge").First).ToHaveTextAsync("Agreed");

        await editor.FillAsync(DemoWorkspace.English + " Not agreed by all");

        var note = Paragraph(canada, id).Locator(".not-applied");
        await Assertions.Expect(note).ToHaveCountAsync(1);
        await Assertions.Expect(note.Locator(".change ins")).ToHaveTextAsync(" Not agreed by all");
        await Assertions.Expect(note.Locator(".reason")).Not.ToBeEmptyAsync();
        await Assertions.Expect(note.Locator(".refused-text")).ToHaveValueAsync(DemoWorkspace.English + " Not agreed by all");
        await Assertions.Expect(editor).ToHaveValueAsync(DemoWorkspace.English);
        Assert.Equal(DemoWorkspace.English, await StoredTextAsync(chair, demo, id));

        // The next keystroke sends only itself: the refused text is not resent with it.
        await editor.PressAsync("Control+End");
        await editor.PressSequentiallyAsync("!");
        await Assertions.Expect(note).ToHaveCountAsync(2);
        await Assertions.Expect(note.Nth(1).Locator(".change ins")).ToHaveTextAsync("!");
        await Assertions.Expect(editor).ToHaveValueAsync(DemoWorkspace.English);
        Assert.Equal(DemoWorkspace.English, await StoredTextAsync(chair, demo, id));

        await note.First.Locator("[data-note=dismiss]").ClickAsync();
        await Assertions.Expect(note).ToHaveCountAsync(1);
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task An_edit_refused_under_silence_can_be_proposed_as_an_amendment_from_its_note()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chair = await server.ClientForAsync("demo-chair");
        await MoveStatusAsync(chair, demo, id, "UnderNegotiation");
        var canada = await OpenDraftAsync("demo-expert-can", demo);
        var editor = await EditAsync(canada, id);

        await DemoWorkspace.Read(await chair.PostAsJsonAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/silence", new { paragraphIds = new[] { id } }));
        const string arabic = " والتحقق المتبادل";
        await editor.FillAsync(DemoWorkspace.English + arabic);

        var note = Paragraph(canada, id).Locator(".not-applied");
        await Assertions.Expect(note).ToHaveCountAsync(1);
        await Assertions.Expect(note.Locator(".reason")).ToContainTextAsync("silence");
        await Assertions.Expect(editor).ToHaveValueAsync(DemoWorkspace.English);

        await note.Locator("[data-note=propose]").ClickAsync();
        var form = Paragraph(canada, id).Locator(".propose-form");
        await Assertions.Expect(form.Locator("textarea[name=text]")).ToHaveValueAsync(DemoWorkspace.English + arabic);
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Paragraph(canada, id).Locator(".amendment")).ToHaveCountAsync(1);

        var amendments = await AmendmentsOnAsync(chair, demo, id);
        var amendment = Assert.Single(amendments);
        var full = await DemoWorkspace.Read(await chair.GetAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/amendments/{amendment.GetProperty("amendmentId").GetGuid()}"));
        Assert.Equal(DemoWorkspace.English + arabic, full.GetProperty("text").GetString());
        Assert.Equal(DemoWorkspace.English, await StoredTextAsync(chair, demo, id));
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task A_double_click_on_Propose_makes_one_amendment()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[1];
        var canada = await OpenDraftAsync("demo-expert-can", demo);

        await Paragraph(canada, id).Locator("[data-act=propose]").ClickAsync();
        var form = Paragraph(canada, id).Locator(".propose-form");
        await form.Locator("textarea[name=text]").FillAsync("The Group reviewed the verification work done so far, with appreciation.");
        await form.Locator("button[type=submit]").DblClickAsync();

        await Assertions.Expect(Paragraph(canada, id).Locator(".amendment")).ToHaveCountAsync(1);
        var http = await server.ClientForAsync("demo-chair");
        Assert.Single(await AmendmentsOnAsync(http, demo, id));
        await canada.Context.CloseAsync();
    }

    [Fact]
    public async Task A_comment_being_typed_stays_when_another_members_comment_arrives_in_the_open_panel()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[0];
        var chair = await OpenDraftAsync("demo-chair", demo);
        await Paragraph(chair, id).Locator("[data-act=comments]").ClickAsync();
        var typing = Paragraph(chair, id).Locator(".new-thread textarea");
        await typing.FillAsync("يرجى مراجعة الصياغة 核查 👩🏽‍💻");

        var canada = await server.ClientForAsync("demo-expert-can");
        (await canada.PostAsJsonAsync($"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}/paragraphs/{id}/comments",
            new { text = "Canada's comment." })).EnsureSuccessStatusCode();

        await Assertions.Expect(Paragraph(chair, id).Locator(".threads .thread", new() { HasText = "Canada's comment." })).ToHaveCountAsync(1);
        await Assertions.Expect(typing).ToHaveValueAsync("يرجى مراجعة الصياغة 核查 👩🏽‍💻");
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task A_double_click_on_the_Chairs_forms_and_buttons_acts_once()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var chair = await OpenDraftAsync("demo-chair", demo);
        var http = await server.ClientForAsync("demo-chair");
        var d = $"/api/groups/{demo.GroupId}/drafts/{demo.DraftId}";
        var first = demo.Paragraphs[0];

        await chair.Locator("#section-form input[name=heading]").FillAsync("Way forward");
        await chair.Locator("#section-form button[type=submit]").DblClickAsync();
        await Assertions.Expect(chair.Locator(".draft-section h2", new() { HasText = "Way forward" })).ToHaveCountAsync(1);

        await Paragraph(chair, first).Locator("[data-act=comments]").ClickAsync();
        await Paragraph(chair, first).Locator(".new-thread textarea").FillAsync("Please check the wording against A/72/304.");
        await Paragraph(chair, first).Locator(".new-thread button[type=submit]").DblClickAsync();
        await Assertions.Expect(Paragraph(chair, first).Locator(".threads .thread")).ToHaveCountAsync(1);

        await Paragraph(chair, first).Locator("[data-act=add-after]").DblClickAsync();
        await Assertions.Expect(chair.Locator("form.new-paragraph")).ToHaveCountAsync(1);
        await chair.Locator("form.new-paragraph textarea").FillAsync("The Group will meet again in 2027.");
        await chair.Locator("form.new-paragraph button[type=submit]").DblClickAsync();
        await Assertions.Expect(chair.Locator(".paragraph")).ToHaveCountAsync(5);
        await Assertions.Expect(Paragraph(chair, first).Locator("xpath=following-sibling::article[1]").Locator("textarea.live-editor")).ToHaveValueAsync("The Group will meet again in 2027.");

        var draft = await DemoWorkspace.Read(await http.GetAsync(d));
        Assert.Equal(3, draft.GetProperty("sections").GetArrayLength());
        Assert.Equal(5, draft.GetProperty("sections").EnumerateArray().Sum(s => s.GetProperty("paragraphs").GetArrayLength()));
        var comments = await DemoWorkspace.Read(await http.GetAsync($"{d}/paragraphs/{first}/comments"));
        Assert.Equal(1, comments.GetProperty("threads").GetArrayLength());

        await chair.GotoAsync($"{server.BaseUrl}/{demo.DraftHash}/revisions");
        await chair.Locator("#issue-form input[name=note]").FillAsync("Zero draft for the first session");
        await chair.Locator("#issue-form button[type=submit]").DblClickAsync();
        await chair.Locator("dialog.ask [data-answer=confirm]").DblClickAsync();
        await Assertions.Expect(chair.Locator(".revisions li strong")).ToHaveCountAsync(1);
        Assert.Equal(1, (await DemoWorkspace.Read(await http.GetAsync($"{d}/revisions"))).GetArrayLength());

        await chair.GotoAsync($"{server.BaseUrl}/#/groups/{demo.GroupId}");
        await chair.Locator("#ws-form input[name=title]").FillAsync("National implementation");
        await chair.Locator("#ws-form input[name=mandate]").FillAsync("Review national verification measures");
        await chair.Locator("#ws-form button[type=submit]").DblClickAsync();
        await Assertions.Expect(chair.Locator("h1")).ToHaveTextAsync("National implementation");
        Assert.Equal(2, (await DemoWorkspace.Read(await http.GetAsync($"/api/groups/{demo.GroupId}/workstreams"))).GetArrayLength());
        await chair.Context.CloseAsync();
    }

    [Fact]
    public async Task Proposing_again_after_the_answer_was_lost_makes_one_amendment()
    {
        var demo = await DemoWorkspace.CreateAsync(server);
        var id = demo.Paragraphs[1];
        var canada = await OpenDraftAsync("demo-expert-can", demo);

        // The first proposal reaches the service, but its answer never reaches the page.
        var keys = new List<string>();
        var lost = false;
        await canada.RouteAsync(new Regex("/amendments$"), async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (lost) { await route.ContinueAsync(); return; }
            lost = true;
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        });

        await Paragraph(canada, id).Locator("[data-act=propose]").ClickAsync();
        var form = Paragraph(canada, id).Locator(".propose-form");
        await form.Locator("textarea[name=text]").FillAsync("The Group reviewed the verification work done so far, with appreciation.");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(canada.Locator("#status")).ToHaveClassAsync(new Regex("error"));

        // The author tries again: the same action, so the same key, and the service answers with the first amendment.
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(canada.Locator("#status")).ToHaveTextAsync("Amendment proposed.");
        await Assertions.Expect(Paragraph(canada, id).Locator(".amendment")).ToHaveCountAsync(1);

        var http = await server.ClientForAsync("demo-chair");
        Assert.Single(await AmendmentsOnAsync(http, demo, id));
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        await canada.Context.CloseAsync();
    }

    /// <summary>
    /// Stands between a page and the service's hub: every hub WebSocket of the page passes through it, so the test can drop
    /// the live connection (and refuse new ones until restored) or swallow what the service sends, while the page's
    /// ordinary HTTP requests are untouched.
    /// </summary>
    private sealed class LiveConnectionSwitch
    {
        private readonly List<(IWebSocketRoute Page, IWebSocketRoute Service)> _open = [];
        private volatile bool _blocked;
        private volatile bool _deaf;
        private readonly Dictionary<string, (int Count, string Problem)> _toFail = [];
        private readonly Dictionary<string, int> _sent = [];
        private readonly Dictionary<string, int> _toDrop = [];
        private (string Target, string From, string To)? _rewrite;
        private int _connections;

        /// <summary>How many live connections the page opened.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>The next <paramref name="count"/> messages the service sends with this target never reach the page.</summary>
        public void DropFromService(string target, int count)
        {
            lock (_toDrop) _toDrop[target] = count;
        }

        /// <summary>How many messages with this target are still to be dropped.</summary>
        public int StillToDrop(string target) { lock (_toDrop) return _toDrop.GetValueOrDefault(target); }

        /// <summary>
        /// The next message the service sends with this target and holding <paramref name="from"/> reaches the page with
        /// <paramref name="to"/> in its place, as a corrupted copy would.
        /// </summary>
        public void RewriteFromService(string target, string from, string to)
        {
            lock (_toDrop) _rewrite = (target, from, to);
        }

        /// <summary>Whether the rewrite asked for is done.</summary>
        public bool Rewritten { get { lock (_toDrop) return _rewrite is null; } }

        /// <summary>The records of a frame from the service, less the ones to drop (a frame may hold several).</summary>
        private string Pass(string frame)
        {
            lock (_toDrop)
            {
                if (_rewrite is { } rewrite && frame.Contains($"\"target\":\"{rewrite.Target}\"", StringComparison.Ordinal)
                    && frame.Contains(rewrite.From, StringComparison.Ordinal))
                {
                    frame = frame.Replace(rewrite.From, rewrite.To, StringComparison.Ordinal);
                    _rewrite = null;
                }
                if (_toDrop.Values.All(n => n == 0)) return frame;
                var kept = new List<string>();
                foreach (var record in frame.Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
                {
                    using var json = JsonDocument.Parse(record);
                    if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("target", out var target)
                        && target.GetString() is { } name && _toDrop.GetValueOrDefault(name) > 0)
                    {
                        _toDrop[name]--;
                        continue;
                    }
                    kept.Add(record + "\u001e");
                }
                return string.Concat(kept);
            }
        }

        /// <summary>How many live connections of the page are open.</summary>
        public int OpenConnections { get { lock (_open) return _open.Count; } }

        /// <summary>How many invocations of a hub method the page sent.</summary>
        public int Sent(string target) { lock (_toFail) return _sent.GetValueOrDefault(target); }

        /// <summary>The next <paramref name="count"/> invocations of <paramref name="target"/> are answered with this problem instead of reaching the service.</summary>
        public void Fail(string target, int count, object problem)
        {
            lock (_toFail) _toFail[target] = (count, JsonSerializer.Serialize(problem));
        }

        private string? Failure(string record)
        {
            using var json = JsonDocument.Parse(record.TrimEnd('\u001e'));
            if (!json.RootElement.TryGetProperty("target", out var target) || target.GetString() is not { } name) return null;
            lock (_toFail)
            {
                _sent[name] = _sent.GetValueOrDefault(name) + 1;
                if (!_toFail.TryGetValue(name, out var failing) || failing.Count == 0) return null;
                _toFail[name] = (failing.Count - 1, failing.Problem);
                var invocationId = json.RootElement.TryGetProperty("invocationId", out var id) ? id.GetString() : null;
                return JsonSerializer.Serialize(new { type = 3, invocationId, error = failing.Problem }) + "\u001e";
            }
        }

        public static async Task<LiveConnectionSwitch> InstallAsync(IPage page)
        {
            var live = new LiveConnectionSwitch();
            await page.RouteWebSocketAsync(new Regex("/hubs/drafting"), live.Route);
            return live;
        }

        private void Route(IWebSocketRoute ws)
        {
            if (_blocked) { _ = ws.CloseAsync(new() { Code = 1011, Reason = "The live connection is down." }); return; }
            var service = ws.ConnectToServer();
            Interlocked.Increment(ref _connections);
            ws.OnMessage(frame =>
            {
                if (frame.Text is not { } text) { if (frame.Binary is { } bytes) service.Send(bytes); return; }
                // The page sends one record per frame; an invocation to fail is answered here, as the service would.
                if (Failure(text) is { } failure)
                {
                    ws.Send(failure);
                    return;
                }
                service.Send(text);
            });
            service.OnMessage(frame =>
            {
                if (_deaf) return;
                if (frame.Text is { } text) { if (Pass(text) is { Length: > 0 } passed) ws.Send(passed); }
                else if (frame.Binary is { } bytes) ws.Send(bytes);
            });
            var pair = (ws, service);
            lock (_open) _open.Add(pair);
            // Closing one side closes the other (as without these handlers), and the pair is no longer open.
            ws.OnClose((code, reason) =>
            {
                lock (_open) _open.Remove(pair);
                _ = service.CloseAsync(new() { Code = code, Reason = reason });
            });
            service.OnClose((code, reason) =>
            {
                lock (_open) _open.Remove(pair);
                _ = ws.CloseAsync(new() { Code = code, Reason = reason });
            });
        }

        /// <summary>From now on the page receives nothing from the service (it still sends).</summary>
        public void Deafen() => _deaf = true;

        /// <summary>Closes the open live connections and refuses new ones until <see cref="Restore"/>.</summary>
        public async Task DropAsync()
        {
            _blocked = true;
            (IWebSocketRoute Page, IWebSocketRoute Service)[] open;
            lock (_open) { open = [.. _open]; _open.Clear(); }
            foreach (var (page, service) in open)
            {
                await service.CloseAsync();
                await page.CloseAsync(new() { Code = 1011, Reason = "Dropped by the test." });
            }
        }

        public void Restore() { _deaf = false; _blocked = false; }
    }
}
