using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// Damage beyond paragraphs, made with SQL behind the service's back: a row of an event type no process knows, and an
/// unreadable event of a draft or an amendment. Each stays with its stream (503 naming stream and sequence to members,
/// 404 to others), the daemon moves on, other groups answer 200, readiness stays 200 and lists the stream.
/// </summary>
public sealed class StreamDamageTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_row_of_an_unknown_event_type_damages_only_its_draft_while_the_daemon_moves_on()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var paragraph = await room.AddParagraph("نص الفقرة 段落文本 👩🏽‍⚖️ é.");
        var other = await OtherGroupAsync();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        // The draft's last event copied as its next one, under a type name and a .NET type that exist nowhere.
        var sequence = await AppendCopyAsync(room.DraftId, "'no_such_event'", "data", "'Nowhere.NoSuchEvent, Nowhere'");

        // The daemon moved past the row: a later event of another group reaches its activity feed.
        await other.Chair.AddParagraph(other.DraftId, other.SectionId, "Written after the damage 之后.");
        await Wait.UntilAsync(async () =>
        {
            await using var session = api.Store.QuerySession();
            return await session.Query<ActivityEntry>().Where(a => a.GroupId == other.GroupId && a.Sequence > sequence).CountAsync();
        }, count => count > 0, "the activity feed to project an event after the row of an unknown type");

        await AssertStreamContainedAsync(room, room.Draft, room.DraftId, sequence, other);
        // Paragraphs of the draft are their own streams and still answer.
        Assert.Equal(paragraph.Text, (await room.Chair.Paragraph(room.DraftId, paragraph.Id)).Text);

        var violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        Assert.Contains(violations, v => v.Invariant == 9 && v.What.Contains($"Event {sequence} of stream {room.DraftId}", StringComparison.Ordinal)
            && v.What.Contains("no_such_event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_event_of_an_amendment_answers_503_naming_its_stream_until_its_restored_row_is_resolved()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var paragraph = await room.AddParagraph("States shall consult 协商 🤝.");
        var amendment = await room.Proposed("demo-expert-can", paragraph.Id, AmendmentKind.ReplaceText, "States shall verify التحقق.");
        var other = await OtherGroupAsync();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        // The amendment's first event edited in place, a float for its draft id: it cannot be read, ever. The daemon passed it
        // long ago; the next replay meets it (here the invariant checker, which reports it).
        var sequence = (long)(await Sql.ScalarAsync(api.ConnectionString,
            "update mt_events set data = jsonb_set(data, '{draftId}', '1.5') where stream_id = @p and version = 1 returning seq_id", ("p", amendment.Id)))!;
        Assert.Contains(await InvariantCheck.RunAsync(api.Store, api.Services), v => v.Invariant == 9 && v.What.Contains(amendment.Id.ToString(), StringComparison.Ordinal));

        var path = $"{room.Draft}/amendments/{amendment.Id}";
        await AssertStreamContainedAsync(room, path, amendment.Id, sequence, other);
        // Accepting it is refused the same way, and nothing is appended.
        var events = await Sql.EventCountAsync(api.ConnectionString);
        await AssertStreamDamagedAsync(await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", ifMatch: amendment.Version), amendment.Id, sequence);
        Assert.Equal(events, await Sql.EventCountAsync(api.ConnectionString));
        // The paragraph it amends and its draft still answer.
        Assert.Equal(paragraph.Text, (await room.Chair.Paragraph(room.DraftId, paragraph.Id)).Text);
        Assert.Equal(HttpStatusCode.OK, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}")).StatusCode);

        // Closing the record is refused while the row still cannot be read; once the row is restored as written, it is accepted.
        var damaged = api.Services.GetRequiredService<DamagedStreams>();
        await Assert.ThrowsAsync<ConflictException>(() => damaged.ResolveRestoredAsync(sequence, "Restored from backup", default));
        await Sql.ScalarAsync(api.ConnectionString, "update mt_events set data = jsonb_set(data, '{draftId}', to_jsonb(@d::text)) where seq_id = @s returning seq_id",
            ("d", room.DraftId.ToString()), ("s", sequence));
        var resolved = await damaged.ResolveRestoredAsync(sequence, "Restored from backup", default);
        Assert.Equal(amendment.Id, resolved.StreamId);
        var read = await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{path}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var health = JsonDocument.Parse(await (await api.Anonymous().GetAsync("/health/ready")).Content.ReadAsStringAsync()).RootElement;
        Assert.DoesNotContain(amendment.Id.ToString(), health.GetProperty("checks").GetProperty("damaged-streams").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await InvariantCheck.RunAsync(api.Store, api.Services), v => v.What.Contains(amendment.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hand_edited_text_change_of_one_paragraph_does_not_stop_live_editing_of_any_other()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var edited = await room.AddParagraph("Edited by hand.");
        await room.ReplaceText(edited, "Edited by hand, twice.");
        var other = await OtherGroupAsync();

        // Its text change given a paragraph id and a text version that are not one: a query casting them would fail for all.
        Assert.NotNull(await Sql.ScalarAsync(api.ConnectionString,
            "update mt_events set data = data || '{\"paragraphId\": \"not-an-id\", \"baseTextVersion\": \"first\"}'::jsonb where stream_id = @p and data ? 'operation' returning seq_id",
            ("p", edited.Id)));

        // Paragraphs nobody has edited live yet: their sequencers load from the store now, and take operations.
        var session = new DraftingSession(api.HubFor("demo-expert-can"), other.GroupId, other.DraftId, "demo-expert-can");
        await using (session)
        {
            await session.JoinAsync();
            var ack = await session.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, new SubmitOperation(
                other.GroupId, other.DraftId, other.ParagraphId, 0, "after-hand-edit", TextOperation.Empty.Retain(CodePoints.Length(other.Text)).Insert(" 继续 ✓")));
            Assert.Equal(1, ack.Version);
            var caughtUp = await session.Connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, other.GroupId, other.DraftId, other.ParagraphId, 0L);
            Assert.Equal(1, caughtUp.Version);
        }
        Assert.Equal(other.Text + " 继续 ✓", (await other.Chair.Paragraph(other.DraftId, other.ParagraphId)).Text);
    }

    /// <summary>503 naming the stream to a member (404 to a stranger), another group's draft 200, readiness 200 listing the stream.</summary>
    private async Task AssertStreamContainedAsync(DraftRoom room, string relativePath, Guid streamId, long sequence, OtherGroup other)
    {
        var path = $"/api/groups/{room.GroupId}{relativePath}";
        var read = await Wait.UntilAsync(() => room.Chair.Client.GetAsync(path), r => r.StatusCode != HttpStatusCode.OK,
            "reads of the damaged stream to stop answering 200");
        await AssertStreamDamagedAsync(read, streamId, sequence);
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("a-stranger").GetAsync(path)).StatusCode);
        // Named under another group the caller chairs, the damaged stream is just an id of nothing: 404, no hint.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Chair.Client.GetAsync($"/api/groups/{other.GroupId}{relativePath}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Chair.Client.GetAsync($"/api/groups/{other.GroupId}/drafts/{other.DraftId}")).StatusCode);

        var ready = await api.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var listed = health.GetProperty("checks").GetProperty("damaged-streams");
        Assert.Contains($"{streamId} (sequence {sequence})", listed.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(listed.GetProperty("data").GetProperty("damagedStreams").EnumerateArray(), s => s.GetGuid() == streamId);
    }

    private static async Task AssertStreamDamagedAsync(HttpResponseMessage response, Guid streamId, long sequence)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(ProblemTypes.StreamDamaged, problem.GetProperty("type").GetString());
        Assert.Equal(streamId, problem.GetProperty("streamId").GetGuid());
        Assert.Equal(sequence, problem.GetProperty("sequence").GetInt64());
    }

    /// <summary>Appends a copy of the stream's last event with the given SQL for its type, data and .NET type; returns its sequence.</summary>
    private async Task<long> AppendCopyAsync(Guid streamId, string type, string data, string dotnetType) =>
        (long)(await Sql.ScalarAsync(api.ConnectionString, $"""
            with last as (select * from mt_events where stream_id = @p order by version desc limit 1),
            appended as (
                insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, user_name)
                select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, version + 1,
                       {data}, {type}, now(), tenant_id, {dotnetType}, headers, user_name from last
                returning seq_id, stream_id)
            update mt_streams s set version = s.version + 1 from appended where s.id = appended.stream_id returning appended.seq_id
            """, ("p", streamId)) ?? throw new InvalidOperationException("Nothing was appended."));

    private sealed record OtherGroup(DraftingApi Chair, Guid GroupId, Guid DraftId, Guid SectionId, Guid ParagraphId, string Text);

    private async Task<OtherGroup> OtherGroupAsync()
    {
        var groupId = await api.CreateDemoGroupAsync("GGE on another mandate");
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons learned");
        var section = await chair.AddSection(workstream.DraftId, "Lessons learned");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, "Another group's text 文本.");
        return new OtherGroup(chair, groupId, workstream.DraftId, section, paragraph.Id, paragraph.Text);
    }
}
