using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

public sealed class ClientProtocolVersionTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task<(Guid GroupId, Guid DraftId, ParagraphView Paragraph)> Paragraph(string text)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons and outstanding issues", "(c)");
        var section = await chair.AddSection(workstream.DraftId, "Lessons");
        return (groupId, workstream.DraftId, await chair.AddParagraph(workstream.DraftId, section, text));
    }

    [Fact]
    public async Task A_client_joining_a_service_of_its_own_protocol_version_is_not_outdated()
    {
        var (groupId, draftId, _) = await Paragraph("States should cooperate.");
        await using var session = new DraftingSession(api.HubFor("demo-chair"), groupId, draftId, "demo-chair");

        await session.JoinAsync();

        Assert.Equal(DraftingHubProtocol.Version, session.ServiceProtocolVersion);
        Assert.False(session.IsOutdated);
    }

    [Fact]
    public async Task A_client_older_than_the_service_is_told_to_update_and_submits_nothing()
    {
        var (groupId, draftId, paragraph) = await Paragraph("States should cooperate.");
        await using var session = new DraftingSession(api.HubFor("demo-chair"), groupId, draftId, "demo-chair")
        {
            ProtocolVersion = DraftingHubProtocol.Version - 1,
        };

        var refusal = await Assert.ThrowsAsync<ClientOutdatedException>(() => session.JoinAsync());
        Assert.Equal((DraftingHubProtocol.Version - 1, DraftingHubProtocol.Version), (refusal.ClientVersion, refusal.ServiceVersion));
        Assert.Contains("update the client", refusal.Message);
        Assert.True(session.IsOutdated);

        session.Open(paragraph.Id);
        session.Edit(paragraph.Id, text => TextOperation.Empty.Retain(CodePoints.Length(text)).Insert(" 核查"));

        Assert.Contains(session.Errors, e => e is ClientOutdatedException);
        Assert.Equal(("States should cooperate. 核查", false), (session.Snapshot(paragraph.Id).Text, session.Snapshot(paragraph.Id).Synchronized));
        var server = await new DraftingApi(api.ClientFor("demo-observer"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal(("States should cooperate.", paragraph.TextVersion), (server.Text, server.TextVersion));
    }
}
