using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

/// <summary>The Chair asks that a paragraph agreed ad referendum become agreed when its last hold is lifted.</summary>
public sealed record RequestAutoAgreeOnHoldsLifted(Guid ParagraphId) : IHoldCommand;

/// <summary>The Chair withdraws that request.</summary>
public sealed record CancelAutoAgreeOnHoldsLifted(Guid ParagraphId) : IHoldCommand;

/// <summary>
/// The Chair sets a paragraph agreed ad referendum to become agreed when its last hold is lifted (<see cref="RequestAutoAgreeOnHoldsLifted"/>),
/// or withdraws that (<see cref="CancelAutoAgreeOnHoldsLifted"/>). The outcome is decided after each position change
/// (<see cref="ChangePositionHandler"/>); when it fails, AutoAgreeFailed reaches the Chair live with the reasons.
/// </summary>
public sealed record ChangeAutoAgree(Guid GroupId, Guid DraftId, IHoldCommand Change, long? ExpectedVersion) : ICommand<ParagraphPositionsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;
}

public sealed class ChangeAutoAgreeHandler(StreamWrite write, GroupAccess access, ParagraphWriteGuards guards, TimeProvider time)
    : ICommandHandler<ChangeAutoAgree, ParagraphPositionsView>
{
    public async ValueTask<ParagraphPositionsView> Handle(ChangeAutoAgree command, CancellationToken ct)
    {
        var paragraph = await write.Session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.Change.ParagraphId, ct);
        await guards.EnsureDraftMayChangeAsync(command.DraftId, ct);
        var target = await write.FetchAsync<ParagraphPositions>(ConsensusStreams.PositionsOf(paragraph.Id), command.ExpectedVersion,
            p => p ?? ParagraphPositions.Empty(command.GroupId, command.DraftId, paragraph.Id), ct);
        var events = HoldRules.Decide(command.Change, target.Stream.Aggregate, paragraph, Actor.From(access.Required.Member), time.GetUtcNow());
        var written = await write.AppendAsync(target, events, ct);
        await write.SaveAsync(ct);
        return ParagraphPositionsView.From(written.State, paragraph);
    }
}

public static class AutoAgreeEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string path = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/auto-agree";
        group.MapPost(path, async (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeAutoAgree(groupId, draftId, new RequestAutoAgreeOnHoldsLifted(paragraphId), Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Chair: agree this paragraph (agreed ad referendum) automatically when its last hold is lifted, if it still can be.");
        group.MapDelete(path, async (Guid groupId, Guid draftId, Guid paragraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeAutoAgree(groupId, draftId, new CancelAutoAgreeOnHoldsLifted(paragraphId), Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Chair: withdraw the request to agree when holds are lifted.");
    }
}
