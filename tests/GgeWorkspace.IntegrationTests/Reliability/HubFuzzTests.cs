using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;
using Xunit.Abstractions;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// Hostile and random hub messages through real SignalR connections against real PostgreSQL, while honest writers edit
/// the same paragraphs: invocations from plausible to absurd, of methods the hub has and has not, interleaved with records
/// that are no SignalR JSON record or are over the size limit (each closes its connection, which then reconnects). A fixed seed and budget keep it under a minute; GGE_FUZZ_MESSAGES (messages per fuzzing
/// connection) and GGE_FUZZ_SEED run it longer or differently, e.g. GGE_FUZZ_MESSAGES=20000 GGE_FUZZ_SEED=7.
/// </summary>
public sealed class HubFuzzTests(GgeApiFactory api, ITestOutputHelper output) : IClassFixture<GgeApiFactory>
{
    private static readonly int MessagesPerFuzzer = int.TryParse(Environment.GetEnvironmentVariable("GGE_FUZZ_MESSAGES"), out var n) ? n : 600;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("GGE_FUZZ_SEED"), out var s) ? s : 20_260_315;

    // Honest inserts are single code points of a private use plane that the fuzzers never send, so each can be counted.
    private const int FirstMarker = 0xF0000;

    [Fact]
    public async Task Random_and_hostile_hub_messages_leave_every_paragraph_readable_and_every_honest_operation_applied_once()
    {
        var room = await DraftRoom.CreateAsync(api);
        var paragraphs = new[]
        {
            await room.AddParagraph("تؤكد المجموعة أهمية التحقق"),
            await room.AddParagraph("核裁军核查的作用"),
            await room.AddParagraph("Verification 👩🏽‍🔬 e\u0301 🇺🇳"),
        };
        var other = await DraftRoom.CreateAsync(api);
        var otherParagraph = await other.AddParagraph("Another group's text.");
        var targets = new FuzzTargets(room, paragraphs.Select(p => p.Id).ToArray(), other, otherParagraph.Id);

        var honestSubs = new[] { "demo-chair", "demo-expert-can", "demo-expert-chn" };
        var writers = new List<DraftingSession>();
        var acknowledged = 0;
        foreach (var sub in honestSubs)
        {
            var session = new DraftingSession(api.HubFor(sub), room.GroupId, room.DraftId, sub);
            session.Acknowledged += (_, _, ack) => { if (!ack.Duplicate) Interlocked.Increment(ref acknowledged); };
            await session.JoinAsync();
            foreach (var p in paragraphs) session.Open(p.Id);
            writers.Add(session);
        }

        var fuzzing = new CancellationTokenSource();
        var markers = new ConcurrentBag<int>();
        var honest = writers.Select((session, w) => Task.Run(async () =>
        {
            var random = new Random(Seed + w);
            // Typing pace for as long as the fuzzing lasts (at least 30 inserts, at most 1,500 so the paragraphs stay under the limit).
            for (var i = 0; i < 30 || (i < 1_500 && !fuzzing.IsCancellationRequested); i++)
            {
                var marker = FirstMarker + (w * 10_000) + i;
                var paragraphId = paragraphs[random.Next(paragraphs.Length)].Id;
                session.Edit(paragraphId, text =>
                {
                    var length = CodePoints.Length(text);
                    var at = random.Next(length + 1);
                    return TextOperation.Empty.Retain(at).Insert(char.ConvertFromUtf32(marker)).Retain(length - at);
                });
                markers.Add(marker);
                await Task.Delay(random.Next(20, 120));
            }
        })).ToList();

        var fuzzers = new[] { "demo-expert-mex", "demo-expert-gbr", "demo-observer", "a-stranger" };
        var outcomes = new ConcurrentDictionary<string, int>();
        var unexpected = new ConcurrentQueue<string>();
        var fuzz = fuzzers.Select((sub, f) => Task.Run(async () =>
        {
            var generator = new HubMessageGenerator(new Random(Seed * 31 + f), targets);
            var hub = await ConnectAsync(sub, room, generator);
            var refusedHere = 0;
            void Count(string outcome) => outcomes.AddOrUpdate(outcome, 1, (_, c) => c + 1);
            for (var i = 0; i < MessagesPerFuzzer; i++)
            {
                if (generator.UnreadableRecord() is { } record)
                {
                    // Sent on a connection far from the refusal limit, so the close is this record's doing.
                    if (refusedHere >= MaxRefusals - 10)
                    {
                        await hub.DisposeAsync();
                        (hub, refusedHere) = (await ConnectAsync(sub, room, generator), 0);
                    }
                    Count(record.Expected == 413 ? "oversized record sent" : "unreadable record sent");
                    await hub.SendRecordAsync(record.Text);
                    var error = await hub.CloseErrorAsync();
                    var closedWith = error is not null && error.Contains("UnreadableRecordException: {", StringComparison.Ordinal)
                        ? CloseProblem.Parse(error).GetProperty("status").GetInt32() : 0;
                    if (closedWith == record.Expected) Count($"closed with {closedWith}");
                    else unexpected.Enqueue($"{Shorten(record.Text)} -> closed with {error ?? "no reason"}");
                    await hub.DisposeAsync();
                    (hub, refusedHere) = (await ConnectAsync(sub, room, generator), 0);
                    continue;
                }
                var (method, arguments) = generator.Next();
                var unknownMethod = !HubMessageGenerator.IsHubMethod(method);
                if (unknownMethod) Count("unknown method sent");
                var answer = await hub.InvokeAsync(method, arguments);
                if (answer is null)
                {
                    Count(unknownMethod ? "unknown method: connection closed" : "connection closed");
                    await hub.DisposeAsync();
                    (hub, refusedHere) = (await ConnectAsync(sub, room, generator), 0);
                    continue;
                }
                var outcome = answer.Error is null ? "answered" : answer.IsProblem ? answer.Status.ToString(CultureInfo.InvariantCulture) : "not a problem";
                Count(unknownMethod ? $"unknown method: {outcome}" : outcome);
                if (answer.IsProblem && answer.Status is >= 400 and < 500 and not 409 and not 412) refusedHere++;
                if (outcome == "not a problem" || (answer.IsProblem && answer.Status >= 500) || (unknownMethod && outcome is not ("404" or "429")))
                    unexpected.Enqueue($"{method} {Shorten(arguments)} -> {answer.Error}");
            }
            await hub.DisposeAsync();
        })).ToList();

        await Task.WhenAll(fuzz);
        await fuzzing.CancelAsync();
        await Task.WhenAll(honest);
        foreach (var session in writers)
            await Wait.UntilAsync(() => paragraphs.All(p => session.Snapshot(p.Id).Synchronized), "the honest writers' edits are all acknowledged");

        output.WriteLine($"seed {Seed}; {MessagesPerFuzzer * fuzzers.Length} messages fuzzed from {fuzzers.Length} connections; outcomes: "
            + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(unexpected.IsEmpty, string.Join(Environment.NewLine, unexpected.Take(10)));
        int Outcome(string key) => outcomes.GetValueOrDefault(key);
        // Unknown methods are answered (404, or 429 over the rate limit) unless the refusal limit closed the connection first;
        // every unreadable record closes its connection with a 400 problem as the reason, every oversized one with a 413.
        Assert.True(Outcome("unknown method: 404") > 0 && Outcome("unreadable record sent") > 0 && Outcome("oversized record sent") > 0);
        Assert.Equal(Outcome("unknown method sent"),
            Outcome("unknown method: 404") + Outcome("unknown method: 429") + Outcome("unknown method: connection closed"));
        Assert.Equal(Outcome("unreadable record sent"), Outcome("closed with 400"));
        Assert.Equal(Outcome("oversized record sent"), Outcome("closed with 413"));

        // Every paragraph reads, and every honest insert is there exactly once, as every writer sees it.
        var texts = new List<string>();
        foreach (var p in paragraphs)
        {
            var text = (await room.Chair.Paragraph(room.DraftId, p.Id)).Text;
            texts.Add(text);
            foreach (var session in writers) Assert.Equal(text, session.Snapshot(p.Id).Text);
        }
        Assert.Equal("Another group's text.", (await other.Chair.Paragraph(other.DraftId, otherParagraph.Id)).Text);
        using (var draft = await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}/drafts/{room.DraftId}")) Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var stored = texts.SelectMany(t => t.EnumerateRunes()).Where(r => r.Value >= FirstMarker).Select(r => r.Value).ToList();
        Assert.Equal(markers.Order(), stored.Order());

        await using var query = api.Store.QuerySession();
        var honestEvents = await query.Events.QueryRawEventDataOnly<ParagraphTextEdited>()
            .Where(e => e.GroupId == room.GroupId && honestSubs.Contains(e.AuthorSub)).CountAsync();
        output.WriteLine($"honest: {markers.Count} inserts in {acknowledged} acknowledged operations; {honestEvents} stored; {stored.Count} inserts found once each");
        Assert.Equal(acknowledged, honestEvents);

        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => api.Anonymous().GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, "ready after the fuzzing");
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);
        foreach (var session in writers) await session.DisposeAsync();
    }

    private async Task<RawHubConnection> ConnectAsync(string sub, DraftRoom room, HubMessageGenerator generator)
    {
        var hub = await RawHubConnection.ConnectAsync(api, sub);
        // Most fuzzers join, so their operations reach the sequencer instead of stopping at "join first".
        if (generator.Chance(0.8)) await hub.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]""");
        return hub;
    }

    // The default of LiveEditing:MaxRefusalsPerConnection, which this host keeps.
    private const int MaxRefusals = 100;

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "...";
}

internal sealed record FuzzTargets(DraftRoom Room, Guid[] Paragraphs, DraftRoom Other, Guid OtherParagraph);

/// <summary>Hub invocations, from plausible to absurd: numbers at the edges of 32 and 53 bits, wrong types, deep and huge arrays, other groups' ids.</summary>
internal sealed class HubMessageGenerator(Random random, FuzzTargets targets)
{
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "12", "2147483647", "2147483648", "-2147483647", "-2147483648", "-2147483649", "4294967296",
        "9007199254740991", "9007199254740992", "9007199254740993", "-9007199254740993", "9223372036854775807", "9223372036854775808",
        "0.5", "-1.5", "3.0", "1e20", "1E2", "-1e-7", "1e308", "-1e400",
    ];

    private static readonly string[] Strings =
    [
        "\"\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud83d\"", "\"\\u0000\"", "\"\\u0007\"", "\"\\uffff\"", "\"not-a-guid\"", "\"تحقق\"", "\"核查\"",
        "\"😀\"", "\"e\\u0301\"", "\"00000000-0000-0000-0000-000000000000\"", "\"{}\"", "\"[1]\"",
    ];

    private static readonly string[] Methods =
    [
        "SubmitOperation", "SubmitOperation", "SubmitOperation", "SubmitOperation", "UpdatePresence", "UpdatePresence", "CatchUp",
        "JoinDraft", "JoinDraftSelectively", "FollowParagraph", "UnfollowParagraph", "JoinGroup", "LeaveGroup", "Heartbeat", "WhoAmI",
    ];

    // Names the hub does not have: near misses, lifecycle methods, object members, a very long one.
    private static readonly string[] UnknownMethods =
    [
        "NoSuchMethod", "SubmitOperations", "submitoperation ", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "__proto__",
        "constructor", "核查", "Submit\u0000Operation", new string('M', 5_000),
    ];

    private static readonly string[] Pieces = ["x", "核", "تح", "😀", "e\u0301", " ", "\n", "👩🏽‍🔬"];

    public static bool IsHubMethod(string method) => Methods.Contains(method);

    public bool Chance(double p) => random.NextDouble() < p;

    /// <summary>Now and then a record that is no SignalR JSON record (2%) or is over the 32 KiB limit (1%), with the status its close must carry.</summary>
    public (string Text, int Expected)? UnreadableRecord() => random.Next(100) switch
    {
        0 or 1 => (random.Next(5) switch
        {
            0 => "Verification, not JSON",
            1 => $$"""{"type":1,"invocationId":"1","target":"SubmitOperation","arguments":{{Nested(random.Next(66, 200))}}}""",
            2 => "[1,2,3]",
            3 => $$"""{"type":1,"invocationId":"1","target":"CatchUp","arguments":[{{Pick(Strings)}}""",
            _ => "{\"type\":\"核\"}",
        }, 400),
        2 => ($$"""{"type":1,"invocationId":"1","target":"{{Pick(Methods)}}","arguments":["{{new string('x', random.Next(33, 200) * 1024)}}"]}""", 413),
        _ => null,
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public (string Method, string Arguments) Next()
    {
        if (Chance(0.05)) return (Pick(UnknownMethods), Chance(0.5) ? "[]" : $"[{Value()}]");
        var method = Pick(Methods);
        var arguments = method switch
        {
            "SubmitOperation" => [Submit()],
            "UpdatePresence" => [Presence()],
            "CatchUp" => [GroupId(), DraftId(), ParagraphId(), Chance(0.6) ? random.Next(0, 40).ToString(CultureInfo.InvariantCulture) : Value()],
            "JoinDraft" or "JoinDraftSelectively" => [GroupId(), DraftId()],
            "FollowParagraph" => [GroupId(), DraftId(), ParagraphId()],
            "UnfollowParagraph" => [GroupId(), ParagraphId()],
            "JoinGroup" or "LeaveGroup" => [GroupId()],
            _ => new List<string>(),
        };
        if (Chance(0.05)) arguments.Add(Value());
        if (Chance(0.05) && arguments.Count > 0) arguments.RemoveAt(random.Next(arguments.Count));
        if (Chance(0.05) && arguments.Count > 0) arguments[random.Next(arguments.Count)] = Value();
        return (method, $"[{string.Join(',', arguments)}]");
    }

    private string Value(int depth = 0) => random.Next(depth > 2 ? 6 : 10) switch
    {
        0 or 1 => Pick(Numbers),
        2 or 3 => Pick(Strings),
        4 => "null",
        5 => Chance(0.5) ? "true" : "false",
        6 => Nested(random.Next(1, 80)),
        7 => $"[{string.Join(',', Enumerable.Range(0, random.Next(0, Chance(0.2) ? 4000 : 50)).Select(_ => Pick(Numbers)))}]",
        8 => $"{{\"{Pick(["a", "groupId", "operation", "__proto__"])}\":{Value(depth + 1)}}}",
        _ => Id(),
    };

    private string Nested(int depth) => new string('[', depth) + Pick(Numbers) + new string(']', depth);

    private string Id() => random.Next(8) switch
    {
        0 => $"\"{targets.Room.GroupId}\"",
        1 => $"\"{targets.Room.DraftId}\"",
        2 => $"\"{Pick(targets.Paragraphs)}\"",
        3 => $"\"{targets.Other.GroupId}\"",
        4 => $"\"{targets.Other.DraftId}\"",
        5 => $"\"{targets.OtherParagraph}\"",
        6 => $"\"{Guid.NewGuid()}\"",
        _ => Pick(Strings),
    };

    private string GroupId() => Chance(0.75) ? $"\"{targets.Room.GroupId}\"" : Chance(0.5) ? $"\"{targets.Other.GroupId}\"" : Value();

    private string DraftId() => Chance(0.75) ? $"\"{targets.Room.DraftId}\"" : Chance(0.5) ? $"\"{targets.Other.DraftId}\"" : Value();

    private string ParagraphId() => Chance(0.75) ? $"\"{Pick(targets.Paragraphs)}\"" : Chance(0.5) ? $"\"{targets.OtherParagraph}\"" : Value();

    private string Submit()
    {
        if (Chance(0.08)) return Value();
        var fields = new List<string>
        {
            $"\"groupId\":{GroupId()}",
            $"\"draftId\":{DraftId()}",
            $"\"paragraphId\":{ParagraphId()}",
            $"\"baseVersion\":{(Chance(0.7) ? random.Next(0, 60).ToString(CultureInfo.InvariantCulture) : Value())}",
            $"\"clientOperationId\":{(Chance(0.85) ? $"\"fuzz-{random.Next(0, 200)}\"" : Value())}",
            $"\"operation\":{Operation()}",
            $"\"protocolVersion\":{(Chance(0.9) ? "2" : Value())}",
        };
        if (Chance(0.05)) fields.RemoveAt(random.Next(fields.Count));
        if (Chance(0.05)) fields.Add($"\"extra\":{Value()}");
        return $"{{{string.Join(',', fields)}}}";
    }

    /// <summary>
    /// Mostly arrays of components. Deletes are never well-formed counts here, so whatever a fuzzer's operation does to
    /// the text, it cannot remove what the honest writers inserted (which the test counts).
    /// </summary>
    private string Operation()
    {
        if (Chance(0.1)) return Value();
        var components = Enumerable.Range(0, random.Next(0, 7)).Select(_ => random.Next(10) switch
        {
            < 4 => random.Next(1, 40).ToString(CultureInfo.InvariantCulture),
            < 7 => JsonString(string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Pieces)))),
            7 => Pick(["-2147483648", "-2147483649", "-1e20", "-0.5", "-9007199254740993"]),
            _ => Value(1),
        });
        return $"[{string.Join(',', components)}]";
    }

    private static string JsonString(string s) => System.Text.Json.JsonSerializer.Serialize(s, new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private string Presence()
    {
        if (Chance(0.1)) return Value();
        var caret = Chance(0.6) ? random.Next(0, 30).ToString(CultureInfo.InvariantCulture) : Value();
        var end = Chance(0.6) ? "null" : Value();
        return $"{{\"groupId\":{GroupId()},\"draftId\":{DraftId()},\"paragraphId\":{(Chance(0.2) ? "null" : ParagraphId())},\"caret\":{caret},\"selectionEnd\":{end},\"typing\":{(Chance(0.8) ? "true" : Value())}}}";
    }
}
