using System.Collections.Concurrent;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using GgeWorkspace.IntegrationTests.Reliability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>A host whose log lines a test can read, with a small refusal limit per connection.</summary>
public sealed class HubDoorFactory : GgeApiFactory
{
    public const int MaxRefusals = 30;

    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["LiveEditing:MaxRefusalsPerConnection"] = MaxRefusals.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLog(LogLines)));
    }
}

public sealed class HubDoorTests(HubDoorFactory api) : IClassFixture<HubDoorFactory>
{
    private const string Text = "Verification"; // 12 code points

    private async Task<(DraftRoom Room, ParagraphView Paragraph, RawHubConnection Hub)> JoinedAsync(string sub = "demo-chair", string text = Text)
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(text);
        var hub = await RawHubConnection.ConnectAsync(api, sub);
        Assert.Null((await hub.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]"""))!.Error);
        return (room, p, hub);
    }

    /// <summary>The member connects again, joins and appends <paramref name="insert"/> to the 12-code-point text: nothing was left behind.</summary>
    private async Task ReconnectsAndAppendsAsync(DraftRoom room, ParagraphView p, string sub, string insert)
    {
        await using var again = await RawHubConnection.ConnectAsync(api, sub);
        Assert.Null((await again.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]"""))!.Error);
        Assert.Null((await again.InvokeAsync("SubmitOperation", Submit(room, p.Id, $"[12, \"{insert}\"]")))!.Error);
        Assert.Equal(Text + insert, (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }

    private static string Submit(DraftRoom room, Guid paragraphId, string operation, string baseVersion = "0", string? clientId = null) =>
        $$"""[{"groupId":"{{room.GroupId}}","draftId":"{{room.DraftId}}","paragraphId":"{{paragraphId}}","baseVersion":{{baseVersion}},"clientOperationId":"{{clientId ?? Guid.NewGuid().ToString()}}","operation":{{operation}},"protocolVersion":2}]""";

    private async Task<long> EventCountAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_submit_naming_no_protocol_version_or_an_older_one_is_refused_as_outdated_after_the_membership_check()
    {
        var (room, p, hub) = await JoinedAsync();
        await using var connection = hub;
        var joined = (await hub.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]"""))!;
        Assert.Equal(DraftingHubProtocol.Version, joined.Result!.Value.GetProperty("protocolVersion").GetInt32());
        var before = await EventCountAsync();
        string Versioned(string version) => Submit(room, p.Id, "[12, \"!\"]").Replace("\"protocolVersion\":2", version, StringComparison.Ordinal);

        foreach (var submit in new[] { Versioned("\"protocolVersion\":1"), Versioned("\"protocolVersion\":null"), Versioned("\"extra\":0") })
        {
            var answer = (await hub.InvokeAsync("SubmitOperation", submit))!;
            Assert.True(answer.IsProblem, answer.Error);
            Assert.Equal((426, ProblemTypes.ProtocolOutdated), (answer.Status, answer.Type));
            Assert.Equal(DraftingHubProtocol.Version, answer.Problem.GetProperty("protocolVersion").GetInt32());
        }
        await using var stranger = await RawHubConnection.ConnectAsync(api, "a-stranger");
        var hidden = (await stranger.InvokeAsync("SubmitOperation", Versioned("\"protocolVersion\":1")))!;
        Assert.Equal((404, ProblemTypes.NotFound), (hidden.Status, hidden.Type));
        Assert.Equal(before, await EventCountAsync());
        Assert.Null((await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, "[12, \"!\"]")))!.Error);
    }

    [Theory]
    [InlineData("""[2147483647, 1, "x", -2147483647, -1, 12]""", "operation[1]")]
    [InlineData("""[12, 0]""", "operation[1]")]
    [InlineData("""[6.5, "x", 6]""", "operation[0]")]
    [InlineData("""[1e20]""", "operation[0]")]
    [InlineData("""[2147483648, -2147483636]""", "operation[0]")]
    [InlineData("""[-2147483648]""", "operation[0]")]
    [InlineData("""[12, null]""", "operation[1]")]
    [InlineData("""[6, ["x"], 6]""", "operation[1]")]
    [InlineData("""[6, {"insert": "x"}, 6]""", "operation[1]")]
    [InlineData("""[6, "", 6]""", "operation[1]")]
    [InlineData("""[6, "\ud800", 6]""", "operation[1]")]
    [InlineData("""{"retain": 12}""", "operation")]
    [InlineData("""[12, "\u0000"]""", "operation")]
    [InlineData("""[20001]""", "operation")]
    public async Task A_malformed_operation_is_refused_alone_with_a_400_problem_naming_the_component(string operation, string field)
    {
        var (room, p, hub) = await JoinedAsync();
        await using var connection = hub;
        var before = await EventCountAsync();

        var answer = (await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, operation)))!;

        Assert.True(answer.IsProblem, answer.Error);
        Assert.Equal(400, answer.Status);
        Assert.Equal(ProblemTypes.InvalidOperation, answer.Type);
        Assert.True(answer.Problem.GetProperty("errors").TryGetProperty(field, out _), answer.Error);
        Assert.Equal(before, await EventCountAsync());
        Assert.Equal(Text, (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
        // The connection stays usable, and the paragraph still takes well-formed operations.
        var ack = (await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, """[12, " 核查"]""")))!;
        Assert.Null(ack.Error);
        Assert.Equal("Verification 核查", (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }

    [Fact]
    public async Task Arguments_that_do_not_bind_are_answered_as_400_problems_naming_the_field_in_every_method()
    {
        var (room, p, hub) = await JoinedAsync();
        await using var connection = hub;
        var (g, d) = (room.GroupId, room.DraftId);
        var presence = $$"""{"groupId":"{{g}}","draftId":"{{d}}","paragraphId":"{{p.Id}}","typing":true""";
        var cases = new (string Method, string Arguments, string Type, string Field)[]
        {
            ("JoinDraft", $"""["not-a-guid","{d}"]""", ProblemTypes.MalformedRequest, "groupId"),
            ("JoinDraft", $"""[2147483648,"{d}"]""", ProblemTypes.MalformedRequest, "groupId"),
            ("JoinGroup", "[null]", ProblemTypes.MalformedRequest, "groupId"),
            ("JoinDraft", $"""["{g}"]""", ProblemTypes.MalformedRequest, "arguments"),
            ("CatchUp", $"""["{g}","{d}","{p.Id}",1.5]""", ProblemTypes.MalformedRequest, "fromVersion"),
            ("CatchUp", $"""["{g}","{d}","{p.Id}",9223372036854775808]""", ProblemTypes.MalformedRequest, "fromVersion"),
            ("CatchUp", $"""["{g}","{d}","{p.Id}",-1]""", ProblemTypes.InvalidRequest, "fromVersion"),
            ("UpdatePresence", $"[{presence},\"caret\":1e20}}]", ProblemTypes.MalformedRequest, "caret"),
            ("UpdatePresence", $"[{presence},\"caret\":\"3\"}}]", ProblemTypes.MalformedRequest, "caret"),
            ("UpdatePresence", $"[{presence},\"caret\":-1}}]", ProblemTypes.InvalidRequest, "caret"),
            ("UpdatePresence", $"[{presence},\"caret\":2147483647}}]", ProblemTypes.InvalidRequest, "caret"),
            ("UpdatePresence", $$"""[{"groupId":"{{g}}","paragraphId":"{{p.Id}}","caret":1}]""", ProblemTypes.InvalidRequest, "draftId"),
            ("SubmitOperation", Submit(room, p.Id, "[12]", "1e300"), ProblemTypes.MalformedRequest, "baseVersion"),
            ("SubmitOperation", Submit(room, p.Id, "[12]", "-1"), ProblemTypes.InvalidOperation, "baseVersion"),
            ("SubmitOperation", Submit(room, p.Id, "[12]", "0", new string('c', 201)), ProblemTypes.InvalidOperation, "clientOperationId"),
            ("SubmitOperation", "[\"a string\"]", ProblemTypes.MalformedRequest, "submit"),
            ("SubmitOperation", "[[[[[[[[1]]]]]]]]", ProblemTypes.MalformedRequest, "submit"),
            ("SubmitOperation", "[]", ProblemTypes.MalformedRequest, "arguments"),
            ("SubmitOperation", "[null]", ProblemTypes.MalformedRequest, "submit"),
            ("UpdatePresence", "[null]", ProblemTypes.MalformedRequest, "update"),
            ("SubmitOperation", $$"""[{"groupId":"{{g}}","draftId":"{{d}}","baseVersion":0,"clientOperationId":"c","operation":[12],"protocolVersion":2}]""", ProblemTypes.InvalidOperation, "paragraphId"),
            ("Heartbeat", "[1]", ProblemTypes.MalformedRequest, "arguments"),
        };
        var before = await EventCountAsync();
        foreach (var (method, arguments, type, field) in cases)
        {
            var answer = (await hub.InvokeAsync(method, arguments))!;
            Assert.True(answer.IsProblem, $"{method} {arguments}: {answer.Error}");
            Assert.Equal((400, type), (answer.Status, answer.Type));
            Assert.True(answer.Problem.GetProperty("errors").TryGetProperty(field, out _), $"{method} {arguments}: {answer.Error}");
        }
        var unknown = (await hub.InvokeAsync("NoSuchMethod", "[1]"))!;
        Assert.Equal((404, ProblemTypes.NotFound), (unknown.Status, unknown.Type));
        Assert.Equal(before, await EventCountAsync());
        Assert.Equal("demo-chair", (await hub.InvokeAsync("WhoAmI", "[]"))!.Result.ToString());
    }

    [Fact]
    public async Task A_well_formed_operation_whose_base_length_does_not_match_is_a_409_to_catch_up_on()
    {
        var (room, p, hub) = await JoinedAsync();
        await using var connection = hub;

        var answer = (await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, """[5, "x"]""")))!;

        Assert.Equal((409, ProblemTypes.OperationMismatch), (answer.Status, answer.Type));
        Assert.Equal(5, answer.Problem.GetProperty("expectedLength").GetInt32());
        Assert.Equal(12, answer.Problem.GetProperty("actualLength").GetInt32());
        Assert.Equal(Text, (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }

    [Fact]
    public async Task An_operation_that_fails_while_being_sequenced_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Text);
        var other = await DraftRoom.CreateAsync(api);
        var sequencers = api.Services.GetRequiredService<ParagraphSequencers>();
        var expert = new Actor("demo-expert-can", MemberRole.Expert, "CAN");
        SubmitOperation Op(string marker, long baseVersion = 0, TextOperation? op = null, Guid? group = null) =>
            new(group ?? room.GroupId, room.DraftId, p.Id, baseVersion, marker, op ?? TextOperation.Of(new TextComponent.Retain(12), new TextComponent.Insert($" [{marker}]")));

        // Submitted back to back, so they are sequenced together; the bad ones must not fail the honest ones.
        var honest = Enumerable.Range(1, 8).Select(i => sequencers.SubmitAsync(Op($"h{i}"), expert, CancellationToken.None)).ToList();
        var bad = new[]
        {
            sequencers.SubmitAsync(new SubmitOperation(room.GroupId, room.DraftId, p.Id, 0, "null-operation", null!), expert, CancellationToken.None),
            sequencers.SubmitAsync(Op("mismatch", op: TextOperation.Of(new TextComponent.Retain(5))), expert, CancellationToken.None),
            sequencers.SubmitAsync(Op("future", baseVersion: 1_000), expert, CancellationToken.None),
            sequencers.SubmitAsync(Op("elsewhere", group: other.GroupId), expert, CancellationToken.None),
            sequencers.SubmitAsync(Op("observer"), new Actor("demo-observer", MemberRole.Observer), CancellationToken.None),
            // Past the door's checks, PostgreSQL refuses to store it (jsonb holds no NUL): the store's refusal too is this one's alone.
            sequencers.SubmitAsync(Op("nul\0"), expert, CancellationToken.None),
        };
        honest.AddRange(Enumerable.Range(9, 8).Select(i => sequencers.SubmitAsync(Op($"h{i}"), expert, CancellationToken.None)));

        var acks = await Task.WhenAll(honest);
        var applied = new List<string>();
        foreach (var refused in bad)
        {
            try
            {
                applied.Add((await refused).ClientOperationId);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
            }
        }
        Assert.Empty(applied);
        Assert.Equal(16, acks.Select(a => a.Version).Distinct().Count());
        var text = (await room.Chair.Paragraph(room.DraftId, p.Id)).Text;
        foreach (var i in Enumerable.Range(1, 16))
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, $@"\[h{i}\]"));
        Assert.DoesNotContain("null-operation", text);
        Assert.DoesNotContain("elsewhere", text);
        Assert.DoesNotContain("observer", text);
        Assert.DoesNotContain("nul", text);
    }

    [Fact]
    public async Task A_refused_hub_call_is_one_log_line_naming_the_member_without_a_stack_trace_or_the_token()
    {
        var (room, p, hub) = await JoinedAsync("demo-expert-mex");
        await using var connection = hub;
        var token = GgeApiFactory.TokenFor("demo-expert-mex");
        api.LogLines.Clear();

        await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, "[0]"));
        await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, """[3, "x"]"""));
        await hub.InvokeAsync("CatchUp", $"""["{Guid.NewGuid()}","{room.DraftId}","{p.Id}",0]""");
        await hub.InvokeAsync("UpdatePresence", "[7]");

        var refusals = api.LogLines.Where(l => l.Contains("Refused hub call", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, refusals.Count);
        Assert.All(refusals, l => Assert.Contains("from demo-expert-mex", l, StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("SubmitOperation", StringComparison.Ordinal) && l.Contains("400 " + ProblemTypes.InvalidOperation, StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("409 " + ProblemTypes.OperationMismatch, StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("CatchUp", StringComparison.Ordinal) && l.Contains("404", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("UpdatePresence", StringComparison.Ordinal) && l.Contains("400 " + ProblemTypes.MalformedRequest, StringComparison.Ordinal));
        Assert.DoesNotContain(api.LogLines, l => l.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(api.LogLines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(api.LogLines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_that_keeps_sending_refused_messages_is_closed_and_its_member_can_connect_again()
    {
        var (room, p, hub) = await JoinedAsync("demo-expert-gbr");
        await using var connection = hub;

        var answered = 0;
        for (var i = 0; i < HubDoorFactory.MaxRefusals * 2 && await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, "[1e20]")) is not null; i++)
            answered++;

        Assert.InRange(answered, HubDoorFactory.MaxRefusals - 1, HubDoorFactory.MaxRefusals);
        Assert.False(hub.IsOpen);
        Assert.Contains(api.LogLines, l => l.Contains("Closing connection", StringComparison.Ordinal) && l.Contains("demo-expert-gbr", StringComparison.Ordinal)
            && l.Contains($"after {HubDoorFactory.MaxRefusals} refused", StringComparison.Ordinal));

        await ReconnectsAndAppendsAsync(room, p, "demo-expert-gbr", "!");
    }

    [Fact]
    public async Task An_operation_sent_before_joining_the_draft_is_a_409_draft_not_joined_and_the_same_operation_commits_after_joining()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Text);
        await using var hub = await RawHubConnection.ConnectAsync(api, "demo-expert-can");
        var submit = Submit(room, p.Id, "[12, \"!\"]", clientId: "before-joining");

        for (var i = 0; i < HubDoorFactory.MaxRefusals + 5; i++)
        {
            var refused = (await hub.InvokeAsync("SubmitOperation", submit))!;
            Assert.Equal((409, ProblemTypes.DraftNotJoined), (refused.Status, refused.Type));
        }
        Assert.True(hub.IsOpen);
        Assert.Equal(Text, (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);

        Assert.Null((await hub.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]"""))!.Error);
        Assert.Null((await hub.InvokeAsync("SubmitOperation", submit))!.Error);
        Assert.Equal(Text + "!", (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }

    [Fact]
    public async Task Streaming_calls_in_either_direction_are_400_problems_naming_the_method_because_no_hub_method_streams()
    {
        var (room, _, hub) = await JoinedAsync("demo-expert-mex");
        await using var connection = hub;
        api.LogLines.Clear();

        var answers = new[]
        {
            (await hub.StreamAsync("WhoAmI", "[]"))!,
            (await hub.StreamAsync("JoinGroup", $"""["{room.GroupId}"]"""))!,
            (await hub.InvokeWithStreamsAsync("JoinGroup", $"""["{room.GroupId}"]""", "s1"))!,
        };

        Assert.All(answers, a => Assert.Equal((400, ProblemTypes.MalformedRequest), (a.Status, a.Type)));
        Assert.All(answers, a => Assert.True(a.Problem.GetProperty("errors").TryGetProperty("streaming", out _), a.Error));
        Assert.Contains("'JoinGroup'", answers[1].Problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(api.LogLines, l => l.Contains("Refused hub call JoinGroup from demo-expert-mex", StringComparison.Ordinal));
        Assert.Equal("demo-expert-mex", (await hub.InvokeAsync("WhoAmI", "[]"))!.Result.ToString());
    }

    [Fact]
    public async Task The_dotnet_client_raises_a_refusal_as_a_HubException_whose_message_is_the_servers_prefix_then_the_problem()
    {
        await using var client = api.HubFor("demo-chair");
        await client.StartAsync();

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => client.InvokeAsync<GroupView>("JoinGroup", Guid.NewGuid()));

        const string prefix = "An unexpected error occurred invoking 'JoinGroup' on the server. HubException: ";
        Assert.StartsWith(prefix, refused.Message, StringComparison.Ordinal);
        using var problem = System.Text.Json.JsonDocument.Parse(refused.Message[refused.Message.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.NotFound, problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Conflicts_that_follow_from_what_others_do_do_not_count_towards_closing_a_connection()
    {
        var (room, p, hub) = await JoinedAsync("demo-expert-usa");
        await using var connection = hub;
        for (var i = 0; i < HubDoorFactory.MaxRefusals + 5; i++)
            Assert.Equal(409, (await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, """[3, "x"]""")))!.Status);
        Assert.True(hub.IsOpen);
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);
    }

    [Fact]
    public async Task Calls_of_unknown_methods_are_404_problems_logged_naming_the_member_and_counted_until_the_connection_closes()
    {
        var (_, _, hub) = await JoinedAsync("demo-expert-chn");
        await using var connection = hub;
        api.LogLines.Clear();

        var answered = new List<HubAnswer>();
        string[] names = ["NoSuchMethod", "submitoperation ", "Forged\nRefused hub call WhoAmI from demo-chair"];
        for (var i = 0; i < HubDoorFactory.MaxRefusals * 2 && await hub.InvokeAsync(names[i % names.Length], "[]") is { } answer; i++)
            answered.Add(answer);

        Assert.InRange(answered.Count, HubDoorFactory.MaxRefusals - 1, HubDoorFactory.MaxRefusals);
        Assert.All(answered, a => Assert.Equal((404, ProblemTypes.NotFound), (a.Status, a.Type)));
        Assert.Contains("NoSuchMethod", answered[0].Problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(hub.IsOpen);
        var refusals = api.LogLines.Where(l => l.Contains("Refused hub call", StringComparison.Ordinal)).ToList();
        Assert.Contains(refusals, l => l.Contains("Refused hub call NoSuchMethod from demo-expert-chn", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("Refused hub call submitoperation  from demo-expert-chn", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Contains("Refused hub call Forged?Refused hub call WhoAmI from demo-chair from demo-expert-chn", StringComparison.Ordinal));
        Assert.DoesNotContain(refusals, l => l.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(api.LogLines, l => l.Contains("Closing connection", StringComparison.Ordinal) && l.Contains("demo-expert-chn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Heartbeats_and_malformed_calls_count_towards_closing_a_connection_like_any_other_refusal()
    {
        var (_, _, hub) = await JoinedAsync("demo-expert-can");
        await using var connection = hub;
        var answered = 0;
        for (var i = 0; i < HubDoorFactory.MaxRefusals * 2 && await hub.InvokeAsync(i % 2 == 0 ? "Heartbeat" : "WhoAmI", "[1]") is not null; i++)
            answered++;
        Assert.InRange(answered, HubDoorFactory.MaxRefusals - 1, HubDoorFactory.MaxRefusals);
        Assert.False(hub.IsOpen);
    }

    public static TheoryData<string, string> UnreadableRecords => new()
    {
        { "not JSON", "Verification, not JSON" },
        { "nested deeper than 64 levels", $$"""{"type":1,"invocationId":"1","target":"SubmitOperation","arguments":{{new string('[', 70)}}1{{new string(']', 70)}}}""" },
        { "not an object", "[1,2,3]" },
        { "a truncated object", """{"type":1,"invocationId":"1","target":"WhoAmI","arguments":[""" },
    };

    [Theory]
    [MemberData(nameof(UnreadableRecords))]
    public async Task A_record_that_is_not_a_signalr_json_record_closes_the_connection_with_a_400_problem_as_its_reason(string kind, string record)
    {
        var (room, p, hub) = await JoinedAsync("demo-expert-mex");
        await using var connection = hub;
        api.LogLines.Clear();

        await hub.SendRecordAsync(record);
        var problem = CloseProblem.Parse(await hub.CloseErrorAsync());

        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.MalformedRequest, problem.GetProperty("type").GetString());
        Assert.Contains("not a SignalR JSON record", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(hub.IsOpen, kind);
        Assert.Contains(api.LogLines, l => l.Contains("Closed connection", StringComparison.Ordinal) && l.Contains("of demo-expert-mex", StringComparison.Ordinal));
        Assert.DoesNotContain(api.LogLines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.DoesNotContain(api.LogLines, l => l.Contains("   at ", StringComparison.Ordinal));

        // The member reconnects and edits as before: the record left nothing behind.
        await ReconnectsAndAppendsAsync(room, p, "demo-expert-mex", "!");
    }

    [Fact]
    public async Task A_record_over_the_size_limit_closes_the_connection_with_a_413_problem_the_dotnet_client_reports()
    {
        var (room, p, hub) = await JoinedAsync("demo-expert-usa");
        await using var raw = hub;
        await hub.SendRecordAsync($$"""{"type":1,"invocationId":"1","target":"WhoAmI","arguments":["{{new string('x', 40 * 1024)}}"]}""");
        var problem = CloseProblem.Parse(await hub.CloseErrorAsync());
        Assert.Equal((413, ProblemTypes.PayloadTooLarge), (problem.GetProperty("status").GetInt32(), problem.GetProperty("type").GetString()));
        Assert.Contains("32768 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The .NET client's Closed event carries the same problem; a failed call alone would only say the connection was lost.
        await using var client = api.HubFor("demo-expert-usa");
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await client.StartAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => client.InvokeAsync<string>("WhoAmI", new string('核', 20 * 1024)));
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.IsType<Microsoft.AspNetCore.SignalR.HubException>(reason);
        Assert.Equal(413, CloseProblem.Parse(reason.Message).GetProperty("status").GetInt32());

        await ReconnectsAndAppendsAsync(room, p, "demo-expert-usa", "؟");
    }

    [Fact]
    public async Task An_operation_that_finds_a_paragraph_loop_which_no_longer_takes_operations_is_sequenced_by_a_fresh_one()
    {
        var (room, p, hub) = await JoinedAsync("demo-expert-personal", "核查");
        await using var connection = hub;
        var sequencers = api.Services.GetRequiredService<ParagraphSequencers>();
        Assert.Null((await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, """[2, "😀"]""")))!.Error);

        // The state an operation can meet in the instant between a loop ending (idle, no such paragraph, stopping) and its
        // leaving memory: the loop is still found, but takes nothing more.
        for (var version = 1; version <= 10; version++)
        {
            var loop = sequencers.LoopOf(p.Id);
            Assert.NotNull(loop);
            loop.StopAccepting();
            var answer = (await hub.InvokeAsync("SubmitOperation", Submit(room, p.Id, $$"""[{{2 + version}}, "😀"]""", version.ToString(System.Globalization.CultureInfo.InvariantCulture))))!;
            Assert.True(answer.Error is null, answer.Error);
        }

        Assert.Equal("核查" + string.Concat(Enumerable.Repeat("😀", 11)), (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }
}
