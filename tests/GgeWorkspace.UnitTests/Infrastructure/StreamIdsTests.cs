using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Infrastructure.Marten;
using GgeWorkspace.Api.Revisions;

namespace GgeWorkspace.UnitTests.Infrastructure;

public sealed class StreamIdsTests
{
    [Fact]
    public void A_name_based_id_is_the_same_for_the_same_name_and_is_a_version_8_uuid()
    {
        var id = StreamIds.NameBased("gge-workspace/revisions/x");
        Assert.Equal(id, StreamIds.NameBased("gge-workspace/revisions/x"));
        Assert.NotEqual(id, StreamIds.NameBased("gge-workspace/revisions/y"));
        Assert.Equal(8, id.Version);
        Assert.Equal('8', id.ToString("D")[14]);
    }

    [Fact]
    public void Streams_derived_from_a_draft_or_an_amendment_never_reuse_its_id()
    {
        var id = Guid.CreateVersion7();
        var amendment = new Amendment(id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), AmendmentKind.InsertParagraphAfter, "Text.", null, 0, "",
            "expert", null, DateTimeOffset.UnixEpoch, AmendmentState.Submitted, [], [], null, null);
        Assert.NotEqual(id, amendment.ResultingId);
        Assert.NotEqual(id, RevisionLog.StreamIdFor(id));
        Assert.NotEqual(amendment.ResultingId, RevisionLog.StreamIdFor(id));
    }
}
