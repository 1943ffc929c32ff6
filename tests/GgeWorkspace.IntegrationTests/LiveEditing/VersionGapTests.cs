using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

public sealed class VersionGapTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_client_missing_one_broadcast_catches_up_without_reconnecting()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons and outstanding issues", "(c)");
        var section = await chair.AddSection(workstream.DraftId, "Lessons");
        var paragraph = await chair.AddParagraph(workstream.DraftId, section, "核查");
        var draftId = workstream.DraftId;

        // A selective reader opens the paragraph without following it yet, so the first operation never reaches it.
        await using var reader = new DraftingSession(api.HubFor("demo-expert-gbr"), groupId, draftId, "demo-expert-gbr", selective: true)
        {
            GapCatchUpAfter = TimeSpan.FromMilliseconds(300),
        };
        await reader.JoinAsync();
        reader.Open(paragraph.Id);
        await using var writer = api.HubFor("demo-expert-usa");
        await writer.StartAsync();
        await writer.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);
        await writer.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "usa-1", TextOperation.Empty.Retain(2).Insert(" 😀")));

        await reader.Connection.InvokeAsync(DraftingHubProtocol.FollowParagraph, groupId, draftId, paragraph.Id);
        await writer.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 1, "usa-2", TextOperation.Empty.Retain(4).Insert(" التحقق e\u0301")));

        await Wait.UntilAsync(() => reader.Snapshot(paragraph.Id).Version == 2, "the reader applies version 2 after catching up", seconds: 30);
        Assert.Equal("核查 😀 التحقق e\u0301", reader.Snapshot(paragraph.Id).Text);
        Assert.Equal(1, reader.GapCatchUps);
        Assert.Equal(HubConnectionState.Connected, reader.Connection.State);
    }
}
