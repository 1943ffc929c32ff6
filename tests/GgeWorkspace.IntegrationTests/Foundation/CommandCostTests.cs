using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>
/// What one REST command costs in database commands through the real host, counted from Npgsql's own traces: each request
/// carries a trace of its own, and every command Npgsql sends while serving it belongs to that trace. The commit that
/// ends the transaction is not traced by Npgsql and comes on top, as it does for any append. Also what the memory that
/// saves those round trips must never change: ownership still scopes every route, damage found elsewhere still refuses.
/// </summary>
public sealed class CommandCostTests : IClassFixture<GgeApiFactory>, IDisposable
{
    private readonly GgeApiFactory _api;
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _commands = new();
    private readonly ActivityListener _listener;

    public CommandCostTests(GgeApiFactory api)
    {
        _api = api;
        _listener = Listen(_commands);
    }

    private static ActivityListener Listen(ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> traced)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (traced.TryGetValue(a.TraceId, out var commands))
                    commands.Enqueue((a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement") ?? a.DisplayName)?.ToString() ?? "");
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Sends the request under a trace of its own; returns its response and the database commands it sent.</summary>
    private async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> Counted(DraftingApi member, string path, object body)
    {
        var trace = ActivityTraceId.CreateRandom();
        var commands = _commands[trace] = new ConcurrentQueue<string>();
        var request = member.Request(HttpMethod.Post, path, body);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await member.Client.SendAsync(request);
        return (response, [.. commands]);
    }

    /// <summary>The member's second command of the kind: the first may still teach this instance what it keeps in memory.</summary>
    private async Task<IReadOnlyList<string>> SecondCommandAsync(DraftingApi member, HttpStatusCode expected, Func<int, (string Path, object Body)> command)
    {
        IReadOnlyList<string> commands = [];
        for (var i = 0; i < 2; i++)
        {
            var (path, body) = command(i);
            HttpResponseMessage response;
            (response, commands) = await Counted(member, path, body);
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return commands;
    }

    private static void AssertOneReadAndOneWrite(IReadOnlyList<string> commands)
    {
        Assert.True(commands.Count <= 2, $"{commands.Count} database commands:\n{string.Join("\n---\n", commands)}");
        Assert.Contains("mt_quick_append_events", commands[^1], StringComparison.Ordinal);
    }

    private async Task<(DraftRoom Room, ParagraphView Paragraph)> ParagraphUnderNegotiationAsync()
    {
        var room = await DraftRoom.CreateAsync(_api);
        var paragraph = await room.AddParagraph("The Group considered verification of nuclear disarmament.");
        (await room.Chair.ChangeStatus(room.DraftId, paragraph, ParagraphStatus.UnderNegotiation)).EnsureSuccessStatusCode();
        return (room, paragraph);
    }

    [Fact]
    public async Task Submitting_an_amendment_reads_its_paragraph_once_and_appends_in_one_more_database_command()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var commands = await SecondCommandAsync(room.As("demo-expert-can"), HttpStatusCode.Created, i => ($"{room.Draft}/amendments",
            new { kind = AmendmentKind.ReplaceText, paragraphId = paragraph.Id, text = $"The Group stressed التحقق 核查 👩🏽‍⚖️, revision {i}." }));
        AssertOneReadAndOneWrite(commands);
    }

    [Fact]
    public async Task Opening_a_comment_thread_reads_its_paragraph_once_and_appends_in_one_more_database_command()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var commands = await SecondCommandAsync(room.As("demo-expert-chn"), HttpStatusCode.Created,
            i => ($"{room.Draft}/paragraphs/{paragraph.Id}/comments", new { text = $"关于核查的评论 {i}" }));
        AssertOneReadAndOneWrite(commands);
    }

    [Fact]
    public async Task Stating_a_position_reads_everything_it_decides_on_in_one_database_command_and_appends_in_one_more()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var commands = await SecondCommandAsync(room.As("demo-expert-mex"), HttpStatusCode.OK,
            i => ($"{room.Draft}/paragraphs/{paragraph.Id}/positions", new { kind = i % 2 == 0 ? "JoinConsensus" : "CanLiveWith" }));
        AssertOneReadAndOneWrite(commands);
    }

    [Fact]
    public async Task A_paragraph_whose_owner_is_remembered_is_still_not_found_under_another_draft_or_group()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var chair = room.Chair;
        // Read once through its own route: this instance now remembers the paragraph's group and draft.
        Assert.Equal(paragraph.Text, (await chair.Paragraph(room.DraftId, paragraph.Id)).Text);

        var otherDraft = (await chair.CreateWorkstream("Lessons learned")).DraftId;
        var underOtherDraft = await chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{otherDraft}/paragraphs/{paragraph.Id}");
        Assert.Equal(HttpStatusCode.NotFound, underOtherDraft.StatusCode);

        var otherGroup = await _api.CreateDemoGroupAsync("GGE on another mandate");
        var underOtherGroup = await chair.Client.GetAsync($"/api/groups/{otherGroup}/drafts/{room.DraftId}/paragraphs/{paragraph.Id}");
        Assert.Equal(HttpStatusCode.NotFound, underOtherGroup.StatusCode);
        var positionUnderOtherGroup = await _api.ClientFor("demo-expert-can").PostAsync(
            $"/api/groups/{otherGroup}/drafts/{room.DraftId}/paragraphs/{paragraph.Id}/positions",
            System.Net.Http.Json.JsonContent.Create(new { kind = "JoinConsensus" }));
        Assert.Equal(HttpStatusCode.NotFound, positionUnderOtherGroup.StatusCode);
    }

    [Fact]
    public async Task Damage_recorded_by_another_process_refuses_commands_on_its_stream_here_too()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var amendment = await room.Proposed("demo-expert-can", paragraph.Id, AmendmentKind.ReplaceText, "States shall verify 核查.");
        // This instance has checked the amendment's stream and found nothing.
        Assert.Equal(HttpStatusCode.OK, (await room.OnAmendment("demo-expert-gbr", HttpMethod.Post, amendment.Id, "support")).StatusCode);

        // Another instance (or an operator command) records damage of the amendment's stream in the shared database.
        var sequence = long.MaxValue - Random.Shared.Next(1_000_000);
        await using (var session = _api.Store.LightweightSession())
        {
            session.Insert(new DamagedEvent(sequence, amendment.Id, "AmendmentSupported", "Edited by hand", DateTimeOffset.UtcNow) { GroupId = room.GroupId });
            await session.SaveChangesAsync();
        }

        var refused = await Wait.UntilAsync(() => room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "support"),
            r => r.StatusCode != HttpStatusCode.OK, "the support to be refused for the damage recorded elsewhere");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal(ProblemTypes.StreamDamaged, problem.GetProperty("type").GetString());
        Assert.Equal(sequence, problem.GetProperty("sequence").GetInt64());
        // The same damage tells a stranger nothing.
        Assert.Equal(HttpStatusCode.NotFound,
            (await _api.ClientFor("a-stranger").GetAsync($"/api/groups/{room.GroupId}{room.Draft}/amendments/{amendment.Id}")).StatusCode);
    }
}
