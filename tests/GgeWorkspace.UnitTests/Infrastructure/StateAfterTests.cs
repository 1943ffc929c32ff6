using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.UnitTests.Infrastructure;

/// <summary>The state a write answers with: folded in memory from the state it decided on, at the stream's version.</summary>
public sealed class StateAfterTests
{
    private static readonly Guid GroupId = Guid.CreateVersion7();

    [Fact]
    public void A_new_stream_answers_with_its_first_events_folded_at_their_count()
    {
        object[] events =
        [
            new GroupCreated(GroupId, "GGE on verification", "A/RES/71/67", "Europe/Zurich"),
            new MemberAdded(GroupId, "secretariat", "Secretariat", MemberRole.Secretariat, null, ContributionAttribution.Personal),
        ];

        var group = StateAfter.Events<Group>(null, events, events.Length);

        Assert.Equal(("GGE on verification", 2L), (group.Name, group.Version));
        Assert.Equal("secretariat", Assert.Single(group.Members).Sub);
    }

    [Fact]
    public void The_state_after_a_write_is_a_new_value_at_the_streams_version_and_the_state_decided_on_is_left_as_it_was()
    {
        var paragraphId = Guid.CreateVersion7();
        var before = ParagraphPositions.Empty(GroupId, Guid.CreateVersion7(), paragraphId);
        before.Version = 4;
        var stated = new PositionStated(GroupId, before.DraftId, paragraphId, "expert-can", "CAN", new Position(PositionKind.JoinConsensus), DateTimeOffset.UnixEpoch);

        var after = StateAfter.Events(before, [stated], 5);
        var unchanged = StateAfter.Events(before, [], 4);

        Assert.Equal((5L, "CAN"), (after.Version, Assert.Single(after.Positions).Delegation.State));
        Assert.Equal((4L, 0), (before.Version, before.Positions.Count));
        Assert.NotSame(before, unchanged);
        Assert.Equal(4, unchanged.Version);
    }
}
