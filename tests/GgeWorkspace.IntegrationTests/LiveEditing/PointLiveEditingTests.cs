using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>A point is edited live over the hub by its id, as a paragraph, under its paragraph's status.</summary>
public sealed class PointLiveEditingTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_point_is_edited_live_and_is_frozen_once_its_paragraph_is_agreed()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Recommendations", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Recommendations");
        var draftId = workstream.DraftId;
        var paragraph = await chair.AddParagraph(draftId, section, "The Group recommends that States:");
        var point = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"/drafts/{draftId}/paragraphs/{paragraph.Id}/points",
            new { text = "share practices;" }));

        await using var writer = new DraftingSession(api.HubFor("demo-expert-can"), groupId, draftId, "demo-expert-can");
        await using var reader = new DraftingSession(api.HubFor("demo-expert-chn"), groupId, draftId, "demo-expert-chn");
        await writer.JoinAsync();
        await reader.JoinAsync();
        writer.Open(point.Id);
        reader.Open(point.Id);

        writer.Edit(point.Id, t => TextOperation.Empty.Retain(6).Insert("best ").Retain(CodePoints.Length(t) - 6));
        await Wait.UntilAsync(() => reader.Snapshot(point.Id).Text == "share best practices;", "the other delegation sees the point's edit");
        Assert.Equal("share best practices;", (await chair.Paragraph(draftId, point.Id)).Text);

        var opened = await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, paragraph, ParagraphStatus.UnderNegotiation));
        await DraftingApi.Read<ParagraphView>(await chair.ChangeStatus(draftId, opened, ParagraphStatus.Agreed));

        writer.Edit(point.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(" Too late."));
        await Wait.UntilAsync(() => writer.Errors.Count > 0 && writer.Snapshot(point.Id).Synchronized, "the refusal");
        Assert.Equal("share best practices;", writer.Snapshot(point.Id).Text);
        Assert.Equal("share best practices;", (await chair.Paragraph(draftId, point.Id)).Text);
    }
}
