using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Consensus;

public sealed class PositionsOnEarlierTextTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Given = "Verification must be effective.";
    private const string Edited = "Verification must be effective and credible.";

    private static async Task<ParagraphView> Replace(ConsensusRoom room, ParagraphView p, string text) =>
        await DraftingApi.Read<ParagraphView>(await room.Chair.Send(HttpMethod.Put, $"/drafts/{room.DraftId}/paragraphs/{p.Id}/text", new { text }, p.TextVersion));

    private static JsonElement DashboardRow(JsonElement dashboard, Guid paragraphId) =>
        dashboard.GetProperty("sections")[0].GetProperty("paragraphs").EnumerateArray().Single(r => r.GetProperty("paragraphId").GetGuid() == paragraphId);

    [Fact]
    public async Task A_position_given_on_earlier_text_is_shown_on_the_positions_and_the_dashboard_until_confirmed()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync(Given);
        (await room.StatePosition("demo-expert-can", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();

        var before = await room.Get("demo-observer", room.Positions(p.Id));
        Assert.Equal(Given, before.GetProperty("positions")[0].GetProperty("givenOn").GetProperty("text").GetString());
        Assert.Empty(before.GetProperty("givenOnEarlierText").EnumerateArray());

        p = await Replace(room, p, Edited);

        var positions = await room.Get("demo-observer", room.Positions(p.Id));
        var earlier = Assert.Single(positions.GetProperty("givenOnEarlierText").EnumerateArray());
        Assert.Equal("CAN", earlier.GetProperty("delegation").GetProperty("state").GetString());
        Assert.Equal(" and credible".Length, earlier.GetProperty("codePointsInserted").GetInt32());
        Assert.Equal(0, earlier.GetProperty("codePointsDeleted").GetInt32());
        var row = DashboardRow(await room.Get("demo-chair", $"/drafts/{room.DraftId}/dashboard"), p.Id);
        Assert.Single(row.GetProperty("givenOnEarlierText").EnumerateArray());
        Assert.True(row.GetProperty("readyToAgree").GetBoolean());

        var confirmed = await DraftingApi.Read<JsonElement>(await room.StatePosition("demo-expert-can", p.Id, new { kind = "JoinConsensus" }));
        Assert.Empty(confirmed.GetProperty("givenOnEarlierText").EnumerateArray());
        Assert.Equal(p.TextVersion, confirmed.GetProperty("positions")[0].GetProperty("givenOn").GetProperty("textVersion").GetInt64());
        Assert.Empty(DashboardRow(await room.Get("demo-chair", $"/drafts/{room.DraftId}/dashboard"), p.Id).GetProperty("givenOnEarlierText").EnumerateArray());
    }

    [Fact]
    public async Task An_edit_undone_does_not_make_a_position_given_on_earlier_text()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync(Given);
        (await room.StatePosition("demo-expert-can", p.Id, new { kind = "CanLiveWith" })).EnsureSuccessStatusCode();

        p = await Replace(room, p, Edited);
        p = await Replace(room, p, Given);

        var positions = await room.Get("demo-chair", room.Positions(p.Id));
        Assert.Empty(positions.GetProperty("givenOnEarlierText").EnumerateArray());
    }
}
