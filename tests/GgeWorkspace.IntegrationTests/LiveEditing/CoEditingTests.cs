using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

public sealed class CoEditingTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static readonly string[] Pieces = ["a", " and ", "核查", "التحقق", "😀", "👩🏽‍🔬", "e\u0301", "Ω"];

    private async Task<(Guid GroupId, Guid DraftId, ParagraphView Paragraph)> Paragraph(string text = "Verification 核查 ✅ التحقق")
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons and outstanding issues", "(c)");
        var section = await chair.AddSection(workstream.DraftId, "Lessons");
        return (groupId, workstream.DraftId, await chair.AddParagraph(workstream.DraftId, section, text));
    }

    private async Task<DraftingSession> Join(string sub, Guid groupId, Guid draftId)
    {
        var session = new DraftingSession(api.HubFor(sub), groupId, draftId, sub);
        await session.JoinAsync();
        return session;
    }


    private static TextOperation RandomEdit(Random random, string text)
    {
        var length = CodePoints.Length(text);
        var at = random.Next(length + 1);
        if (length > 4 && at < length && random.Next(4) == 0)
        {
            var count = random.Next(1, Math.Min(3, length - at) + 1);
            return TextOperation.Empty.Retain(at).Delete(count).Retain(length - at - count);
        }
        return TextOperation.Empty.Retain(at).Insert(Pieces[random.Next(Pieces.Length)]).Retain(length - at);
    }

    [Fact]
    public async Task Ten_clients_editing_one_paragraph_at_once_converge_byte_exact_to_the_servers_text()
    {
        var (groupId, draftId, paragraph) = await Paragraph();
        var secretariat = api.ClientFor("demo-secretariat");
        var version = (await secretariat.GetAsync($"/api/groups/{groupId}")).Version();
        foreach (var extra in new[] { "expert-jpn", "expert-mex-2" })
        {
            var added = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{groupId}/members")
            {
                Content = JsonContent.Create(new { sub = extra, role = "Expert" }, options: Json.Options),
            }.WithIfMatch(version));
            added.EnsureSuccessStatusCode();
            version = added.Version();
        }
        string[] writers = ["demo-chair", "demo-secretariat", "demo-expert-can", "demo-expert-chn", "demo-expert-mex", "demo-expert-gbr",
            "demo-expert-usa", "demo-expert-personal", "expert-jpn", "expert-mex-2"];
        var sessions = await Task.WhenAll(writers.Select(w => Join(w, groupId, draftId)));
        try
        {
            foreach (var s in sessions) s.Open(paragraph.Id);
            await Task.WhenAll(sessions.Select((s, i) => Task.Run(async () =>
            {
                var random = new Random(i * 7919);
                for (var n = 0; n < 25; n++)
                {
                    s.Edit(paragraph.Id, text => RandomEdit(random, text));
                    await Task.Delay(random.Next(0, 15));
                }
            })));
            await Wait.UntilAsync(() => sessions.All(s => s.Snapshot(paragraph.Id).Synchronized), "every client's operations committed");

            var server = await new DraftingApi(api.ClientFor("demo-observer"), groupId).Paragraph(draftId, paragraph.Id);
            await Wait.UntilAsync(() => sessions.All(s => s.Snapshot(paragraph.Id).Version == server.TextVersion), "every client has every operation");
            // Edits made while one is in flight are composed into one operation, so there are at most 250 versions.
            Assert.InRange(server.TextVersion, 10, 10 * 25);
            Assert.All(sessions, s => Assert.Equal(server.Text, s.Snapshot(paragraph.Id).Text));
            Assert.All(sessions, s => Assert.Empty(s.Errors));
            Assert.True(AuthorshipCovers(server));
        }
        finally
        {
            foreach (var s in sessions) await s.DisposeAsync();
        }
    }

    private static bool AuthorshipCovers(ParagraphView p) =>
        p.Authorship!.Sum(r => r.Length) == CodePoints.Length(p.Text);

    [Fact]
    public async Task A_selective_client_receives_the_operations_of_the_paragraphs_it_follows_and_no_others()
    {
        var (groupId, draftId, first) = await Paragraph("First paragraph");
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var draft = await chair.Draft(draftId);
        var second = await chair.AddParagraph(draftId, draft.Sections[0].Id, "Second paragraph");

        await using var writer = await Join("demo-expert-can", groupId, draftId);
        writer.Open(first.Id);
        writer.Open(second.Id);
        writer.Edit(first.Id, t => TextOperation.Empty.Insert("early ").Retain(CodePoints.Length(t)));
        await Wait.UntilAsync(() => writer.Snapshot(first.Id).Synchronized, "an edit before the reader follows");

        var reader = new DraftingSession(api.HubFor("demo-observer"), groupId, draftId, "demo-observer", selective: true);
        await using var _ = reader;
        var received = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        reader.Connection.On<OperationsCommitted>(DraftingHubProtocol.OperationsCommitted, m => received.Add(m.ParagraphId));
        await reader.JoinAsync();
        await reader.OpenAsync(first.Id);

        writer.Edit(first.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(" (followed)"));
        writer.Edit(second.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(" (not followed)"));
        await Wait.UntilAsync(() => writer.Snapshot(first.Id).Synchronized && writer.Snapshot(second.Id).Synchronized, "both edits committed");
        await Wait.UntilAsync(() => reader.Snapshot(first.Id).Text == writer.Snapshot(first.Id).Text, "the followed paragraph arrives");
        Assert.Equal("early First paragraph (followed)", reader.Snapshot(first.Id).Text);
        await Task.Delay(200);
        Assert.DoesNotContain(second.Id, received);
    }

    [Fact]
    public async Task A_refused_edit_returns_the_client_to_the_servers_text()
    {
        var (groupId, draftId, paragraph) = await Paragraph("Text soon agreed.");
        await using var session = await Join("demo-expert-mex", groupId, draftId);
        session.Open(paragraph.Id);
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var p = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, paragraph, ParagraphStatus.UnderNegotiation));
        await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.Agreed));

        session.Edit(paragraph.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(" Too late."));
        await Wait.UntilAsync(() => session.Errors.Count > 0 && session.Snapshot(paragraph.Id).Synchronized, "the refusal");
        Assert.Equal("Text soon agreed.", session.Snapshot(paragraph.Id).Text);
    }

    [Fact]
    public async Task A_resent_operation_is_applied_once()
    {
        var (groupId, draftId, paragraph) = await Paragraph("abc");
        await using var session = await Join("demo-expert-can", groupId, draftId);
        var submit = new SubmitOperation(groupId, draftId, paragraph.Id, paragraph.TextVersion, "can-1",
            TextOperation.Empty.Retain(3).Insert("d"));
        var first = await session.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, submit);
        var again = await session.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, submit);
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Version, again.Version);
        var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("abcd", server.Text);
        Assert.Equal(1, server.TextVersion);
    }

    [Fact]
    public async Task A_client_that_reconnects_receives_exactly_the_operations_it_missed()
    {
        var (groupId, draftId, paragraph) = await Paragraph("Start");
        await using var away = await Join("demo-expert-gbr", groupId, draftId);
        await using var typing = await Join("demo-expert-usa", groupId, draftId);
        away.Open(paragraph.Id);
        typing.Open(paragraph.Id);
        away.Edit(paragraph.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(" (UK)"));
        await Wait.UntilAsync(() => away.Snapshot(paragraph.Id).Synchronized && typing.Snapshot(paragraph.Id).Version == 1, "first edit everywhere");

        await away.Connection.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            typing.Edit(paragraph.Id, t => TextOperation.Empty.Insert($"{i}").Retain(CodePoints.Length(t)));
            await Wait.UntilAsync(() => typing.Snapshot(paragraph.Id).Synchronized, "typing committed");
        }

        var missed = await typing.Connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, groupId, draftId, paragraph.Id, 1L);
        Assert.Equal([2L, 3, 4, 5, 6], missed.Operations.Select(o => o.Version));
        Assert.Null(missed.Text);

        await away.Connection.StartAsync();
        await away.RecoverAsync();
        Assert.Equal(typing.Snapshot(paragraph.Id).Text, away.Snapshot(paragraph.Id).Text);
        Assert.Equal("43210Start (UK)", away.Snapshot(paragraph.Id).Text);
        Assert.Equal(6, away.Snapshot(paragraph.Id).Version);
    }

    [Fact]
    public async Task Operations_made_while_disconnected_are_sent_after_the_reconnect_and_nothing_is_lost()
    {
        var (groupId, draftId, paragraph) = await Paragraph("ab");
        await using var session = await Join("demo-expert-chn", groupId, draftId);
        session.Open(paragraph.Id);
        await session.Connection.StopAsync();
        session.Edit(paragraph.Id, TextOperation.Empty.Retain(2).Insert("核"));
        session.Edit(paragraph.Id, TextOperation.Empty.Retain(3).Insert("查"));
        await Wait.UntilAsync(() => session.Errors.Count > 0, "the offline send failed");

        await session.Connection.StartAsync();
        await session.RecoverAsync();
        await Wait.UntilAsync(() => session.Snapshot(paragraph.Id).Synchronized, "pending operations committed after the reconnect");
        var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("ab核查", server.Text);
    }

    [Fact]
    public async Task Observers_non_members_and_unjoined_clients_cannot_edit()
    {
        var (groupId, draftId, paragraph) = await Paragraph("abc");
        var op = TextOperation.Empty.Retain(3).Insert("!");

        await using var observer = await Join("demo-observer", groupId, draftId);
        var refused = await Assert.ThrowsAsync<HubException>(() => observer.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "obs-1", op)));
        Assert.Equal(403, Problem(refused).GetProperty("status").GetInt32());

        await using var stranger = api.HubFor("a-stranger");
        await stranger.StartAsync();
        var joined = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId));
        Assert.Equal(404, Problem(joined).GetProperty("status").GetInt32());
        var submitted = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "x-1", op)));
        Assert.Equal(404, Problem(submitted).GetProperty("status").GetInt32());

        await using var notJoined = api.HubFor("demo-expert-can");
        await notJoined.StartAsync();
        var unjoined = await Assert.ThrowsAsync<HubException>(() => notJoined.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "c-1", op)));
        Assert.Equal(409, Problem(unjoined).GetProperty("status").GetInt32());

        var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("abc", server.Text);
    }

    [Fact]
    public async Task Agreed_text_refuses_operations_with_a_clear_error()
    {
        var (groupId, draftId, paragraph) = await Paragraph("Agreed text.");
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var p = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, paragraph, ParagraphStatus.UnderNegotiation));
        await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, p, ParagraphStatus.Agreed));

        await using var session = await Join("demo-expert-can", groupId, draftId);
        var refused = await Assert.ThrowsAsync<HubException>(() => session.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "can-1", TextOperation.Empty.Retain(12).Insert("!"))));
        var problem = Problem(refused);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("Agreed", problem.GetProperty("currentStatus").GetString());
    }

    [Fact]
    public async Task Text_under_silence_refuses_live_operations()
    {
        var (groupId, draftId, paragraph) = await Paragraph("Circulated under silence.");
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, paragraph, ParagraphStatus.UnderNegotiation));
        (await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/silence", new { paragraphIds = new[] { paragraph.Id } })).EnsureSuccessStatusCode();

        await using var session = await Join("demo-expert-usa", groupId, draftId);
        var refused = await Assert.ThrowsAsync<HubException>(() => session.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "usa-1", TextOperation.Empty.Retain(25).Insert("!"))));
        Assert.Equal(409, Problem(refused).GetProperty("status").GetInt32());
        var server = await chair.Paragraph(draftId, paragraph.Id);
        Assert.Equal("Circulated under silence.", server.Text);
    }

    [Fact]
    public async Task An_oversized_message_is_refused()
    {
        var (groupId, draftId, paragraph) = await Paragraph("abc");
        await using var session = await Join("demo-expert-can", groupId, draftId);
        var huge = new string('核', 20_000);
        await Assert.ThrowsAnyAsync<Exception>(() => session.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "big-1", TextOperation.Empty.Retain(3).Insert(huge))));
        var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("abc", server.Text);
    }

    [Fact]
    public async Task A_large_paste_is_sent_in_parts_under_the_message_limit_and_arrives_whole()
    {
        var (groupId, draftId, paragraph) = await Paragraph("abc");
        await using var session = await Join("demo-expert-chn", groupId, draftId);
        session.Open(paragraph.Id);
        var paste = string.Concat(Enumerable.Repeat("核查😀", 3000));
        session.Edit(paragraph.Id, TextOperation.Empty.Retain(3).Insert(paste));
        await Wait.UntilAsync(() => session.Snapshot(paragraph.Id).Synchronized, "every part committed");
        var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal("abc" + paste, server.Text);
        Assert.True(server.TextVersion > 1);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Presence_shows_who_is_where_and_disappears_when_a_connection_is_aborted()
    {
        var (groupId, draftId, paragraph) = await Paragraph();
        await using var watcher = await Join("demo-chair", groupId, draftId);
        await using var typist = await Join("demo-expert-mex", groupId, draftId);
        await Wait.UntilAsync(() => watcher.Presence.Values.Any(e => e.Sub == "demo-expert-mex"), "the typist appears");

        await typist.UpdatePresenceAsync(paragraph.Id, 3, 7, typing: true);
        await Wait.UntilAsync(() => watcher.Presence.Values.Any(e => e is { Sub: "demo-expert-mex", Caret: 3, SelectionEnd: 7, State: PresenceState.Typing }
            && e.ParagraphId == paragraph.Id), "the typist's selection");

        api.Sockets["demo-expert-mex"].Abort();
        await Wait.UntilAsync(() => !watcher.Presence.Values.Any(e => e.Sub == "demo-expert-mex"), "the aborted typist's presence goes");
    }

    private static JsonElement Problem(HubException e) => JsonDocument.Parse(e.Message[e.Message.IndexOf('{')..]).RootElement;
}
