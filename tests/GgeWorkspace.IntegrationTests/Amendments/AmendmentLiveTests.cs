using System.Text.Json;
using System.Threading.Channels;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Amendments;

public sealed class AmendmentLiveTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_member_in_the_drafting_room_receives_amendment_and_comment_events_live()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph("Verification must be effective and non-discriminatory.");

        await using var connection = api.HubFor("demo-expert-mex");
        var events = Channel.CreateUnbounded<JsonElement>();
        connection.On<JsonElement>("GroupEvent", e => events.Writer.TryWrite(e));
        await connection.StartAsync();
        await connection.InvokeAsync<GroupView>("JoinGroup", room.GroupId);

        var amendment = await room.Proposed("demo-expert-can", p.Id, AmendmentKind.ReplaceText, "Verification must be credible and non-discriminatory.");
        await room.OnAmendment("demo-expert-usa", HttpMethod.Post, amendment.Id, "support");
        await room.As("demo-expert-gbr").Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{p.Id}/comments", new { text = "Credible to whom?" });

        async Task<JsonElement> Next(string type)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var e = await events.Reader.ReadAsync(timeout.Token);
                if (e.GetProperty("type").GetString() == type) return e;
            }
        }

        var proposed = await Next("amendment_proposed");
        Assert.Equal(amendment.Id, proposed.GetProperty("streamId").GetGuid());
        Assert.Equal("demo-expert-can", proposed.GetProperty("actor").GetString());
        Assert.Equal("CAN", proposed.GetProperty("data").GetProperty("proposerState").GetString());
        var supported = await Next("amendment_supported");
        Assert.Equal("demo-expert-usa", supported.GetProperty("data").GetProperty("supporterSub").GetString());
        await Next("comment_thread_opened");
    }
}
