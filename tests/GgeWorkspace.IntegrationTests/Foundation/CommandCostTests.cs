using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>
/// The database commands one REST command costs through the real host, counted from Npgsql's own traces: each request
/// carries a trace id of its own, and every command Npgsql sends while serving it is a child of that trace.
/// </summary>
public sealed class CommandCostTests : IClassFixture<GgeApiFactory>, IDisposable
{
    private readonly GgeApiFactory _api;
    private readonly ITestOutputHelper _output;
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _commands = new();
    private readonly ActivityListener _listener;

    public CommandCostTests(GgeApiFactory api, ITestOutputHelper output)
    {
        _api = api;
        _output = output;
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
                if (traced.TryGetValue(a.TraceId, out var list))
                    list.Enqueue((a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement") ?? a.DisplayName)?.ToString() ?? "");
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Sends the request under a trace of its own and returns its response and the database commands it made.</summary>
    private async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> Counted(DraftingApi member, HttpMethod method, string path, object body)
    {
        var trace = ActivityTraceId.CreateRandom();
        var commands = _commands[trace] = new ConcurrentQueue<string>();
        var request = member.Request(method, path, body);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await member.Client.SendAsync(request);
        foreach (var c in commands) _output.WriteLine("# " + c);
        _output.WriteLine("----");
        return (response, [.. commands]);
    }

    private async Task<(DraftRoom Room, ParagraphView Paragraph)> ParagraphUnderNegotiationAsync()
    {
        var room = await DraftRoom.CreateAsync(_api);
        var paragraph = await room.AddParagraph("The Group considered verification of nuclear disarmament.");
        (await room.Chair.ChangeStatus(room.DraftId, paragraph, ParagraphStatus.UnderNegotiation)).EnsureSuccessStatusCode();
        return (room, paragraph);
    }

    [Fact]
    public async Task Submitting_an_amendment_costs_at_most_two_database_commands()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var expert = room.As("demo-expert-can");
        // The first request of a member warms what this instance keeps in memory; the second is what every later one costs.
        for (var i = 0; i < 2; i++)
        {
            var (response, commands) = await Counted(expert, HttpMethod.Post, $"{room.Draft}/amendments",
                new { kind = AmendmentKind.ReplaceText, paragraphId = paragraph.Id, text = $"The Group stressed verification, revision {i}." });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            if (i == 1) Assert.InRange(commands.Count, 1, 2);
        }
    }

    [Fact]
    public async Task Opening_a_comment_thread_costs_at_most_two_database_commands()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var expert = room.As("demo-expert-chn");
        for (var i = 0; i < 2; i++)
        {
            var (response, commands) = await Counted(expert, HttpMethod.Post, $"{room.Draft}/paragraphs/{paragraph.Id}/comments",
                new { text = $"关于核查的评论 {i}" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            if (i == 1) Assert.InRange(commands.Count, 1, 2);
        }
    }

    [Fact]
    public async Task Stating_a_position_costs_at_most_two_database_commands()
    {
        var (room, paragraph) = await ParagraphUnderNegotiationAsync();
        var expert = room.As("demo-expert-mex");
        for (var i = 0; i < 2; i++)
        {
            var (response, commands) = await Counted(expert, HttpMethod.Post, $"{room.Draft}/paragraphs/{paragraph.Id}/positions",
                new { kind = i % 2 == 0 ? "JoinConsensus" : "CanLiveWith" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (i == 1) Assert.InRange(commands.Count, 1, 2);
        }
    }
}
