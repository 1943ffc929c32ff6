using System.Net;
using GgeWorkspace.IntegrationTests.Consensus;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>How the one write path answers a version the caller names in If-Match (Marten checks it while fetching).</summary>
public sealed class WritePathTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task A_stale_If_Match_read_in_one_batch_with_other_streams_is_412_naming_the_current_version_and_appends_nothing()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("Verification should build confidence among States.");
        (await room.StatePosition("demo-expert-mex", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();
        (await room.StatePosition("demo-expert-can", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();

        var stale = await room.As("demo-expert-can").Send(HttpMethod.Post, room.Positions(p.Id),
            new { kind = "Objection", reason = "Confidence is not enough." }, ifMatch: 1);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(2, (await stale.ProblemAsync()).GetProperty("currentVersion").GetInt64());
        var positions = await room.Get("demo-observer", room.Positions(p.Id));
        Assert.Equal(2, positions.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_stream_that_is_not_the_callers_is_404_whatever_version_If_Match_names()
    {
        var room = await ConsensusRoom.OpenAsync(api);

        var cancelled = await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/silence/{Guid.CreateVersion7()}/cancel", new { }, ifMatch: 7);

        Assert.Equal(HttpStatusCode.NotFound, cancelled.StatusCode);
    }
}
