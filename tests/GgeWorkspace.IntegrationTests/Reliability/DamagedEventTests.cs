using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// Stored rows corrupted with SQL behind the service's back, in ways no write path produces: the damage stays with its
/// paragraph (503 naming stream and sequence, live edits refused), everything else keeps working, readiness stays 200
/// and lists the stream, and an operator's repair restores the paragraph by appending an event.
/// </summary>
public sealed class DamagedEventTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Multilingual = "Verification builds trust: التحقق يبني الثقة، 核查建立信任 🔍 é.";

    [Fact]
    public async Task An_unreadable_stored_operation_damages_only_its_paragraph_until_an_operator_repairs_it()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var damaged = await room.AddParagraph(Multilingual);
        var neighbour = await room.AddParagraph("The neighbouring paragraph.");
        var other = await OtherGroupAsync();
        await using var writer = await JoinAsync("demo-expert-can", room.GroupId, room.DraftId);
        var typed = await SubmitAsync(writer, room, damaged, "can-1", " Mutual.");
        Assert.False(typed.Duplicate);
        // A comment quoting the paragraph's first word: its anchor follows every text change, the repair too.
        (await room.As("demo-expert-chn").Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{damaged.Id}/comments",
            new { text = "Which States?", anchor = new { start = 0, end = 12, textVersion = typed.Version } })).EnsureSuccessStatusCode();

        // An operation element that is an object: it cannot be read, today or ever.
        var sequence = await CorruptAsync(damaged.Id,
            "update mt_events set data = jsonb_set(data, '{operation,0}', '{\"retain\": \"all\"}') where stream_id = @p and data->>'clientOperationId' = 'can-1' returning seq_id");
        // A live edit, stored as an event of its own: contained like any other text change.
        Assert.Equal("paragraph_text_edited", await Sql.ScalarAsync(api.ConnectionString, "select type from mt_events where seq_id = @s", ("s", sequence)));

        // The Secretariat's export replays the history and meets the row: 503 naming the stream and the sequence.
        await AssertDamagedAsync(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/export?format=md"), damaged.Id, sequence);
        await AssertContainedAsync(room, damaged.Id, sequence, neighbour.Id, other);

        // Live editing of it is refused, also by the sequencer that held the paragraph in memory since before the damage.
        var current = new ParagraphView(damaged.Id, null, Multilingual + " Mutual.", damaged.Status, [], [], typed.Version, damaged.NegotiationVersion, null, null, null);
        var refused = await Assert.ThrowsAsync<HubException>(() => SubmitAsync(writer, room, current, "can-2", " More."));
        var problem = HubProblem(refused);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.ParagraphDamaged, problem.GetProperty("type").GetString());
        Assert.Equal(damaged.Id, problem.GetProperty("paragraphId").GetGuid());
        Assert.Equal(sequence, problem.GetProperty("sequence").GetInt64());

        await RepairAndAssertRecoveredAsync(room, damaged.Id, writer, Multilingual + " Mutual.");
        var anchor = (await room.Comments(damaged.Id)).Threads.Single().Anchor!;
        Assert.False(anchor.IsOrphaned);
        Assert.Equal("Verification", anchor.QuotedText);
        // Moved across the repair (which has no operation to transform it by), so later text changes find no gap.
        Assert.Equal(typed.Version + 1, anchor.TextVersion);
    }

    [Fact]
    public async Task A_bad_row_appended_behind_the_services_back_is_contained_while_the_daemon_moves_on()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var damaged = await room.AddParagraph(Multilingual);
        var neighbour = await room.AddParagraph("The neighbouring paragraph.");
        var other = await OtherGroupAsync();
        var replaced = await room.ReplaceText(damaged, Multilingual + " Replaced.");
        var amendment = await room.Proposed("demo-expert-can", damaged.Id, GgeWorkspace.Api.Amendments.AmendmentKind.ReplaceText, "States shall verify.");
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        // A copy of the last text change with a float for a count, appended as the stream's next event: the daemon reads it next.
        var sequence = await CorruptAsync(damaged.Id, Sql.AppendLastTextChangeWithAFloatCount("@p"));

        await AssertContainedAsync(room, damaged.Id, sequence, neighbour.Id, other);
        // Accepting an amendment submitted before the damage would change the text: refused too.
        await AssertDamagedAsync(await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", ifMatch: amendment.Version), damaged.Id, sequence);

        // The daemon moved past the row: a later event of another group reaches its activity feed.
        var later = await other.Api.AddParagraph(other.DraftId, other.SectionId, "Written after the damage.");
        await Wait.UntilAsync(async () =>
        {
            await using var session = api.Store.QuerySession();
            return await session.Query<ActivityEntry>().Where(a => a.GroupId == other.GroupId && a.Sequence > sequence).CountAsync();
        }, count => count > 0, "the activity feed to project an event after the damaged one");
        Assert.Equal(HttpStatusCode.OK, (await other.Api.Client.GetAsync($"/api/groups/{other.GroupId}/drafts/{other.DraftId}/paragraphs/{later.Id}")).StatusCode);

        await using var writer = await JoinAsync("demo-expert-can", room.GroupId, room.DraftId);
        await RepairAndAssertRecoveredAsync(room, damaged.Id, writer, replaced.Text);
    }

    [Fact]
    public async Task An_operation_that_no_longer_fits_its_text_damages_the_paragraph_in_every_replay()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var damaged = await room.AddParagraph(Multilingual);
        await room.ReplaceText(damaged, Multilingual + " Replaced.");
        // The first count of the change grows by 5: it reads, but applying it throws (the base length no longer fits).
        var sequence = await CorruptAsync(damaged.Id,
            "update mt_events set data = jsonb_set(data, '{operation,0}', to_jsonb((data->'operation'->>0)::int + 5)) where stream_id = @p and type = 'paragraph_text_changed' returning seq_id");
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        // An export replays the history: it answers 503 naming the event instead of 500, and the paragraph is marked.
        var export = await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/export?format=md");
        var problem = await AssertDamagedAsync(export, damaged.Id, sequence);
        Assert.Contains("ParagraphTextChanged", problem.GetProperty("detail").GetString() ?? "", StringComparison.Ordinal);

        var violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        Assert.Contains(violations, v => v.Invariant == 9 && v.What.Contains(damaged.Id.ToString(), StringComparison.Ordinal));

        var repair = await api.Services.GetRequiredService<ParagraphRepairs>().RepairAsync(damaged.Id, Multilingual + " Restored.", "Hand-edited row", default);
        Assert.Equal(new[] { sequence }, repair.Supersedes);
        var restored = await room.Chair.Paragraph(room.DraftId, damaged.Id);
        Assert.Equal(Multilingual + " Restored.", restored.Text);
        Assert.Equal(HttpStatusCode.OK, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/export?format=md")).StatusCode);
        var after = await InvariantCheck.RunAsync(api.Store, api.Services);
        Assert.True(!after.Any(v => v.What.Contains(damaged.Id.ToString(), StringComparison.Ordinal)), string.Join("\n", after.Select(v => v.What)));
    }

    [Fact]
    public async Task An_event_that_would_not_read_back_is_never_committed()
    {
        var room = await DraftRoom.CreateAsync(api);
        var paragraph = await room.AddParagraph("Text to keep.");
        var before = await CountEventsAsync();
        await using var session = api.Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Paragraph>(paragraph.Id);
        // A null where the event promises text: in memory it looks like an event, stored it would read back broken.
        stream.AppendOne(new ParagraphOptionAdded(room.GroupId, room.DraftId, paragraph.Id, Guid.NewGuid(), null!, "demo-chair", null, DateTimeOffset.UtcNow));
        var refused = await Assert.ThrowsAsync<UnreadableEventRefusedException>(() => session.SaveChangesAsync());
        Assert.Contains("Text is missing", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountEventsAsync());
        Assert.Equal("Text to keep.", (await room.Chair.Paragraph(room.DraftId, paragraph.Id)).Text);
    }

    /// <summary>503 for the damaged paragraph (to members; 404 to others), 200 for its neighbour and another group, the draft marks it, readiness 200 listing it.</summary>
    private async Task AssertContainedAsync(DraftRoom room, Guid damagedId, long sequence, Guid neighbourId, OtherGroup other)
    {
        var paragraphPath = $"/api/groups/{room.GroupId}{room.Draft}/paragraphs/{damagedId}";
        var read = await Wait.UntilAsync(() => room.Chair.Client.GetAsync(paragraphPath), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            "reads of the damaged paragraph to answer 503");
        await AssertDamagedAsync(read, damagedId, sequence);
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("a-stranger").GetAsync(paragraphPath)).StatusCode);
        var put = await room.Chair.Send(HttpMethod.Put, $"{room.Draft}/paragraphs/{damagedId}/text", new { text = "Overwrite." }, 1);
        await AssertDamagedAsync(put, damagedId, sequence);

        Assert.Equal(HttpStatusCode.OK, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/paragraphs/{neighbourId}")).StatusCode);
        var draft = await room.Chair.Draft(room.DraftId);
        var paragraphs = draft.Sections.SelectMany(s => s.Paragraphs).ToList();
        Assert.Equal(sequence, paragraphs.Single(p => p.Id == damagedId).Damage?.Sequence);
        Assert.Null(paragraphs.Single(p => p.Id == neighbourId).Damage);
        await AssertDamagedAsync(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/export?format=md"), damagedId, sequence);

        Assert.Equal(HttpStatusCode.OK, (await other.Api.Client.GetAsync($"/api/groups/{other.GroupId}/drafts/{other.DraftId}/paragraphs/{other.ParagraphId}")).StatusCode);
        await using var otherWriter = await JoinAsync("demo-expert-can", other.GroupId, other.DraftId);
        var ack = await otherWriter.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, new SubmitOperation(
            other.GroupId, other.DraftId, other.ParagraphId, 0, $"other-{sequence}", TextOperation.Empty.Retain(CodePoints.Length(other.Text)).Insert(" 继续.")));
        Assert.False(ack.Duplicate);

        var ready = await api.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var listed = health.GetProperty("checks").GetProperty("damaged-streams");
        Assert.Contains(damagedId.ToString(), listed.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(listed.GetProperty("data").GetProperty("damagedStreams").EnumerateArray(), s => s.GetGuid() == damagedId);
        Assert.True(DamagedStreamsGauge() >= 1);
    }

    private async Task RepairAndAssertRecoveredAsync(DraftRoom room, Guid damagedId, DraftingSession writer, string expectedText)
    {
        var repair = await api.Services.GetRequiredService<ParagraphRepairs>().RepairAsync(damagedId, null, "Row edited by hand", default);
        Assert.NotEmpty(repair.Supersedes);

        var restored = await room.Chair.Paragraph(room.DraftId, damagedId);
        Assert.Equal(expectedText, restored.Text);
        Assert.Null(restored.Damage);
        var ack = await SubmitAsync(writer, room, restored, $"after-repair-{repair.Version}", " Ещё.");
        Assert.Equal(restored.TextVersion + 1, ack.Version);
        Assert.Equal(expectedText + " Ещё.", (await room.Chair.Paragraph(room.DraftId, damagedId)).Text);

        // The damaged rows are still there; every later read and replay skips them the same way.
        Assert.True(await CountRowsAsync(damagedId, repair.Supersedes) == repair.Supersedes.Count);
        Assert.Equal(HttpStatusCode.OK, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/export?format=md")).StatusCode);
        var health = JsonDocument.Parse(await (await api.Anonymous().GetAsync("/health/ready")).Content.ReadAsStringAsync()).RootElement;
        Assert.DoesNotContain(damagedId.ToString(), health.GetProperty("checks").GetProperty("damaged-streams").GetProperty("description").GetString(), StringComparison.Ordinal);
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(await InvariantCheck.RunAsync(api.Store, api.Services), v => v.What.Contains(damagedId.ToString(), StringComparison.Ordinal));
    }

    private static async Task<JsonElement> AssertDamagedAsync(HttpResponseMessage response, Guid paragraphId, long sequence)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(ProblemTypes.ParagraphDamaged, problem.GetProperty("type").GetString());
        Assert.Equal(paragraphId, problem.GetProperty("paragraphId").GetGuid());
        Assert.Equal(sequence, problem.GetProperty("sequence").GetInt64());
        return problem;
    }

    private sealed record OtherGroup(DraftingApi Api, Guid GroupId, Guid DraftId, Guid SectionId, Guid ParagraphId, string Text);

    private async Task<OtherGroup> OtherGroupAsync()
    {
        var groupId = await api.CreateDemoGroupAsync("GGE on another mandate");
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons learned");
        var section = await chair.AddSection(workstream.DraftId, "Lessons learned");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, "Another group's text 文本.");
        return new OtherGroup(chair, groupId, workstream.DraftId, section, paragraph.Id, paragraph.Text);
    }

    private async Task<DraftingSession> JoinAsync(string sub, Guid groupId, Guid draftId)
    {
        var session = new DraftingSession(api.HubFor(sub), groupId, draftId, sub);
        await session.JoinAsync();
        return session;
    }

    private static Task<OperationAck> SubmitAsync(DraftingSession writer, DraftRoom room, ParagraphView p, string clientId, string appended) =>
        writer.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, new SubmitOperation(
            room.GroupId, room.DraftId, p.Id, p.TextVersion, clientId, TextOperation.Empty.Retain(CodePoints.Length(p.Text)).Insert(appended)));

    private static JsonElement HubProblem(HubException e) => JsonDocument.Parse(e.Message[e.Message.IndexOf('{')..]).RootElement;

    /// <summary>Runs a corrupting statement on the paragraph's stream (parameter @p) and returns the sequence it names.</summary>
    private async Task<long> CorruptAsync(Guid paragraphId, string sql) =>
        (long)(await Sql.ScalarAsync(api.ConnectionString, sql, ("p", paragraphId)) ?? throw new InvalidOperationException("Nothing was corrupted."));

    private Task<long> CountEventsAsync() => Sql.EventCountAsync(api.ConnectionString);

    private async Task<int> CountRowsAsync(Guid streamId, IReadOnlyList<long> sequences) =>
        (int)(long)(await Sql.ScalarAsync(api.ConnectionString, "select count(*) from mt_events where stream_id = @s and seq_id = any(@q)",
            ("s", streamId), ("q", sequences.ToArray())))!;

    /// <summary>The damaged-streams gauge as an OpenTelemetry exporter would read it.</summary>
    private static long DamagedStreamsGauge()
    {
        long value = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DamagedStreams.MeterName && instrument.Name == "gge.events.damaged_streams") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
