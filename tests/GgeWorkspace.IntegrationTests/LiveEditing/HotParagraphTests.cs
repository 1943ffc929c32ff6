using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>
/// A paragraph being typed in is answered from the live sequencer's memory (no guard, anchor or stream query per batch),
/// and what must change its next commit (a silence, a quote) is written on another instance: the fence it appends to the
/// paragraph's stream makes that commit conflict, so the sequencer reloads and sees it. No window.
/// </summary>
public sealed class HotParagraphTests
{
    private const string Text = "States should cooperate on verification 核查 ✅."; // 46 code points

    private sealed record Room(ScaledInstance First, ScaledInstance Second, Guid GroupId, Guid DraftId, ParagraphView Paragraph) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await First.DisposeAsync();
            await Second.DisposeAsync();
        }
    }

    private static async Task<Room> TwoInstancesAsync()
    {
        var database = await TestDatabase.CreateDatabaseAsync();
        var prefix = $"gge-test-{Guid.NewGuid():N}:";
        var first = new ScaledInstance(database, prefix);
        var second = new ScaledInstance(database, prefix);
        await first.InitializeAsync();
        await second.InitializeAsync();
        var groupId = await first.CreateDemoGroupAsync();
        var chair = new DraftingApi(first.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Gap analysis", "gap analysis");
        var section = await chair.AddSection(workstream.DraftId, "Gap analysis");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, Text);
        paragraph = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(workstream.DraftId, paragraph, ParagraphStatus.UnderNegotiation));
        return new Room(first, second, groupId, workstream.DraftId, paragraph);
    }

    private static async Task<HubConnection> JoinedAsync(GgeApiFactory instance, Room room, string sub)
    {
        var hub = instance.HubFor(sub);
        await hub.StartAsync();
        await hub.InvokeAsync<JoinedDraft>(DraftingHubProtocol.JoinDraft, room.GroupId, room.DraftId);
        return hub;
    }

    private static Task<OperationAck> Submit(HubConnection hub, Room room, long baseVersion, TextOperation operation) =>
        hub.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(room.GroupId, room.DraftId, room.Paragraph.Id, baseVersion, Guid.NewGuid().ToString(), operation));

    /// <summary>Appends <paramref name="insert"/> at the end of the text of <paramref name="version"/> and returns the new version.</summary>
    private static async Task<long> TypeAsync(HubConnection hub, Room room, long version, string text, string insert) =>
        (await Submit(hub, room, version, TextOperation.Empty.Retain(CodePoints.Length(text)).Insert(insert))).Version;

    [Fact]
    public async Task A_silence_placed_on_another_instance_refuses_the_next_live_edit_of_a_paragraph_being_typed_in()
    {
        await using var room = await TwoInstancesAsync();
        await using var typist = await JoinedAsync(room.First, room, "demo-expert-usa");
        // The paragraph's loop is loaded and has committed on the first instance.
        var version = await TypeAsync(typist, room, room.Paragraph.TextVersion, Text, " A");
        version = await TypeAsync(typist, room, version, Text + " A", " B");

        var chair = new DraftingApi(room.Second.ClientFor("demo-chair"), room.GroupId);
        var started = await chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/silence", new { paragraphIds = new[] { room.Paragraph.Id } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var procedure = await DraftingApi.Read<JsonElement>(started);
        var circulated = procedure.GetProperty("placed")[0].GetProperty("textVersion").GetInt64();
        Assert.Equal(version, circulated);

        var refused = await Assert.ThrowsAsync<HubException>(() => TypeAsync(typist, room, version, Text + " A B", " C"));
        var problem = JsonDocument.Parse(refused.Message[refused.Message.IndexOf('{')..]).RootElement;
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        var stored = await chair.Paragraph(room.DraftId, room.Paragraph.Id);
        Assert.Equal(Text + " A B", stored.Text);
        Assert.Equal(circulated, stored.TextVersion);
    }

    [Fact]
    public async Task An_operation_based_on_a_version_committed_through_another_instance_is_sequenced_not_refused()
    {
        await using var room = await TwoInstancesAsync();
        await using var onFirst = await JoinedAsync(room.First, room, "demo-expert-usa");
        await using var onSecond = await JoinedAsync(room.Second, room, "demo-expert-chn");
        // The first instance's loop holds the paragraph; the second commits a version it has not seen.
        var version = await TypeAsync(onFirst, room, room.Paragraph.TextVersion, Text, " A");
        version = await TypeAsync(onSecond, room, version, Text + " A", " 中");

        // A member of the first instance got that version through the broadcast and types on it.
        var after = await TypeAsync(onFirst, room, version, Text + " A 中", " B");
        Assert.Equal(version + 1, after);
        var stored = await new DraftingApi(room.First.ClientFor("demo-chair"), room.GroupId).Paragraph(room.DraftId, room.Paragraph.Id);
        Assert.Equal(Text + " A 中 B", stored.Text);
    }

    [Fact]
    public async Task A_quote_made_on_another_instance_moves_with_the_next_live_edits_of_a_paragraph_being_typed_in()
    {
        await using var room = await TwoInstancesAsync();
        await using var typist = await JoinedAsync(room.First, room, "demo-expert-usa");
        var version = await TypeAsync(typist, room, room.Paragraph.TextVersion, Text, "!");

        // "cooperate" is [14, 23) of the text; quoted through the second instance at the current text version.
        var expert = new DraftingApi(room.Second.ClientFor("demo-expert-chn"), room.GroupId);
        var quoted = await DraftingApi.Read<CommentThread>(await expert.Send(HttpMethod.Post,
            $"/drafts/{room.DraftId}/paragraphs/{room.Paragraph.Id}/comments", new { text = "Which States?", anchor = new { start = 14, end = 23, textVersion = version } }));
        Assert.Equal("cooperate", quoted.Anchor!.QuotedText);

        // Typed on the first instance in front of the quote: the quote moves by the three code points inserted.
        var after = (await Submit(typist, room, version, TextOperation.Empty.Insert("١٢٣").Retain(CodePoints.Length(Text) + 1))).Version;
        var threads = await DraftingApi.Read<JsonElement>(await expert.Send(HttpMethod.Get, $"/drafts/{room.DraftId}/paragraphs/{room.Paragraph.Id}/comments"));
        var anchor = threads.GetProperty("threads").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == quoted.Id).GetProperty("anchor");
        Assert.Equal(17, anchor.GetProperty("start").GetInt32());
        Assert.Equal(26, anchor.GetProperty("end").GetInt32());
        Assert.Equal(after, anchor.GetProperty("textVersion").GetInt64());
        Assert.Equal("cooperate", anchor.GetProperty("quotedText").GetString());
    }

    [Fact]
    public async Task Catch_up_and_spans_at_older_text_versions_are_brought_forward_from_the_events_the_snapshot_no_longer_carries()
    {
        await using var room = await TwoInstancesAsync();
        await using var typist = await JoinedAsync(room.First, room, "demo-expert-usa");
        var start = room.Paragraph.TextVersion;
        var text = Text;
        var version = start;
        foreach (var insert in new[] { " α", " 核", " ✅", " é" })
        {
            version = await TypeAsync(typist, room, version, text, insert);
            text += insert;
        }

        // The stored snapshot holds the text, not the operation log.
        var snapshot = (string)(await Sql.ScalarAsync(room.First.ConnectionString,
            "select data::text from public.mt_doc_paragraph where id = @id", ("id", room.Paragraph.Id)))!;
        Assert.DoesNotContain("recentOperations", snapshot, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(version, JsonDocument.Parse(snapshot).RootElement.GetProperty("textVersion").GetInt64());

        // The second instance never loaded the paragraph: every operation since the start comes from the events.
        await using var late = await JoinedAsync(room.Second, room, "demo-expert-chn");
        var caughtUp = await late.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, room.GroupId, room.DraftId, room.Paragraph.Id, start);
        Assert.Null(caughtUp.Text);
        Assert.Equal(version, caughtUp.Version);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => start + i), caughtUp.Operations.Select(o => o.Version));
        var replayed = Text;
        foreach (var committed in caughtUp.Operations) replayed = TextOperation.Apply(replayed, committed.Operation);
        Assert.Equal(text, replayed);

        // A bracket on "cooperate" at the start version is brought forward over the four operations, on the other instance.
        var chair = new DraftingApi(room.Second.ClientFor("demo-chair"), room.GroupId);
        var bracketed = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/paragraphs/{room.Paragraph.Id}/brackets",
            new { start = 14, end = 23, textVersion = start, kind = "Contentious", holders = new[] { "CHN" }, reason = "China asked for it." }));
        var bracket = Assert.Single(bracketed.Brackets);
        Assert.Equal("cooperate", CodePoints.Slice(bracketed.Text, bracket.Start, bracket.End - bracket.Start));
    }
}
