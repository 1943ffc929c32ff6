using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using JasperFx.Events;

namespace GgeWorkspace.UnitTests.Groups;

public sealed class ActivityEntryTests
{
    private static readonly Guid GroupId = Guid.CreateVersion7();
    private static readonly Guid DraftId = Guid.CreateVersion7();
    private static readonly Guid ParagraphId = Guid.CreateVersion7();

    private static Event<T> Stored<T>(T data, string actor, string? state, string? reason = null) where T : notnull
    {
        var e = new Event<T>(data) { Sequence = 42, Timestamp = DateTimeOffset.UnixEpoch };
        e.SetHeader(EventHeaders.Actor, actor);
        e.SetHeader(EventHeaders.ActorName, actor);
        if (state is not null) e.SetHeader(EventHeaders.State, state);
        if (reason is not null) e.SetHeader(EventHeaders.Reason, reason);
        return e;
    }

    [Fact]
    public void An_activity_entry_names_the_paragraph_the_member_their_delegation_and_the_reason()
    {
        var entry = GroupActivityProjection.EntryFor(Stored(new ParagraphParked(GroupId, DraftId, ParagraphId), "expert-can", "CAN", "Awaiting capitals."));

        Assert.NotNull(entry);
        Assert.Equal(("expert-can", "CAN", "Awaiting capitals."), (entry.Actor, entry.ActorState, entry.Reason));
        Assert.Equal(ParagraphId, entry.Concerns!.ParagraphId);
    }

    [Fact]
    public void An_agreement_made_when_holds_were_lifted_is_attributed_to_the_procedure_not_the_expert_who_lifted_the_last_hold()
    {
        var entry = GroupActivityProjection.EntryFor(Stored(
            new ParagraphAgreed(GroupId, DraftId, ParagraphId, null, GgeWorkspace.Api.Consensus.ConsensusProcedures.HoldsLifted), "expert-can", "CAN"));

        Assert.NotNull(entry);
        Assert.Equal("procedure:holds-lifted", entry.Actor);
        Assert.Null(entry.ActorState);
        Assert.Equal(ParagraphId, entry.Concerns!.ParagraphId);
    }
}
