using System.Collections.Concurrent;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Text;
using GgeWorkspace.IntegrationTests.Infrastructure;
using GgeWorkspace.IntegrationTests.Reliability;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>A host whose paragraph loops retire after a millisecond idle, so operations keep meeting loops that are retiring.</summary>
public sealed class ParagraphLoopFactory : GgeApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["LiveEditing:IdleAfterMs"] = "1",
        ["LiveEditing:MaxRefusalsPerConnection"] = "1000000",
        ["LiveEditing:OperationsPerSecondPerConnection"] = "100000",
    };
}

public sealed class ParagraphLoopTests(ParagraphLoopFactory api) : IClassFixture<ParagraphLoopFactory>
{
    private static readonly string[] Inserts = ["x", "核", "ع", "😀", "e\u0301"];

    private static string Submit(Guid groupId, Guid draftId, Guid paragraphId, long baseVersion, int length, string insert) =>
        $$"""[{"groupId":"{{groupId}}","draftId":"{{draftId}}","paragraphId":"{{paragraphId}}","baseVersion":{{baseVersion}},"clientOperationId":"{{Guid.NewGuid()}}","operation":[{{(length > 0 ? $"{length}," : "")}}{{System.Text.Json.JsonSerializer.Serialize(insert)}}],"protocolVersion":2}]""";

    [Fact]
    public async Task Operations_are_never_refused_when_the_paragraph_loop_retires_between_them()
    {
        const int PerParagraph = 120;
        var room = await DraftRoom.CreateAsync(api);
        var writers = new[] { "demo-chair", "demo-expert-can", "demo-expert-chn", "demo-expert-mex" };
        var paragraphs = new List<Guid>();
        foreach (var _ in writers) paragraphs.Add((await room.AddParagraph("Verification")).Id);
        var failures = new ConcurrentQueue<string>();

        await Task.WhenAll(writers.Select((sub, w) => Task.Run(async () =>
        {
            await using var hub = await RawHubConnection.ConnectAsync(api, sub);
            Assert.Null((await hub.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]"""))!.Error);
            var length = 12;
            for (var i = 0; i < PerParagraph; i++)
            {
                var insert = Inserts[i % Inserts.Length];
                var answer = await hub.InvokeAsync("SubmitOperation", Submit(room.GroupId, room.DraftId, paragraphs[w], i, length, insert));
                if (answer?.Error is not null || answer is null) failures.Enqueue($"{sub} #{i}: {answer?.Error ?? "connection closed"}");
                length += CodePoints.Length(insert);
            }
        })));

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(10)));
        var expected = "Verification" + string.Concat(Enumerable.Range(0, PerParagraph).Select(i => Inserts[i % Inserts.Length]));
        foreach (var paragraphId in paragraphs) Assert.Equal(expected, (await room.Chair.Paragraph(room.DraftId, paragraphId)).Text);
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);
    }

    [Fact]
    public async Task Operations_on_made_up_paragraph_ids_leave_no_paragraph_loop_or_remembered_paragraph_behind()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph("تؤكد المجموعة");
        var sequencers = api.Services.GetRequiredService<ParagraphSequencers>();
        await using var hub = await RawHubConnection.ConnectAsync(api, "demo-expert-gbr");
        Assert.Null((await hub.InvokeAsync("JoinDraft", $"""["{room.GroupId}","{room.DraftId}"]"""))!.Error);
        Assert.Null((await hub.InvokeAsync("SubmitOperation", Submit(room.GroupId, room.DraftId, p.Id, 0, 13, "!")))!.Error);
        var remembered = sequencers.RememberedOwners;

        for (var i = 0; i < 500; i++)
        {
            var answer = (await hub.InvokeAsync("SubmitOperation", Submit(room.GroupId, room.DraftId, Guid.NewGuid(), 0, 0, "x")))!;
            Assert.Equal((404, ProblemTypes.NotFound), (answer.Status, answer.Type));
        }

        Assert.Equal(remembered, sequencers.RememberedOwners);
        // Only loops of real paragraphs were ever started, and they retire once idle.
        await Wait.UntilAsync(() => sequencers.ActiveParagraphs == 0, "every paragraph loop retired");
        Assert.Null((await hub.InvokeAsync("SubmitOperation", Submit(room.GroupId, room.DraftId, p.Id, 1, 14, "؟")))!.Error);
        Assert.Equal("تؤكد المجموعة!؟", (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }
}
