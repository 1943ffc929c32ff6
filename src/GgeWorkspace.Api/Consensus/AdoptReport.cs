using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Consensus;

/// <summary>Whether the draft is adopted (and when, by whom), and what remains before it can be.</summary>
public sealed record AdoptionView(Guid DraftId, bool IsAdopted, DateTimeOffset? AdoptedAt, string? AdoptedBySub, AdoptionReadiness Readiness);

/// <summary>The Chair adopts the draft as a whole once every remaining paragraph is agreed; it becomes read-only.</summary>
public sealed record AdoptReport(Guid GroupId, Guid DraftId) : ICommand<AdoptionView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;
}

public sealed class AdoptReportHandler(StreamWrite write, GroupAccess access, IOpenAmendmentCounts amendments, TimeProvider time)
    : ICommandHandler<AdoptReport, AdoptionView>
{
    public async ValueTask<AdoptionView> Handle(AdoptReport command, CancellationToken ct)
    {
        var session = write.Session;
        // Every paragraph is locked while deciding and fenced on adoption: a change racing the adoption (a reopening, a live edit)
        // either commits first, and is seen here, or finds the paragraph adopted.
        var versions = await ParagraphFences.LockDraftAsync(session, command.GroupId, command.DraftId, ct);
        var state = await DraftConsensus.LoadAsync(session, amendments, command.GroupId, command.DraftId, ct);
        // Fetched for writing although it starts the stream: a second adoption racing this one fails at commit.
        var stream = await write.FetchMaybeNewAsync<DraftAdoption>(ConsensusStreams.AdoptionOf(command.DraftId), exclusive: false, ct);
        var events = AdoptionRules.Adopt(new AdoptDraft(command.GroupId, command.DraftId), stream.Aggregate, state.Draft, state.Paragraphs,
            Actor.From(access.Required.Member), time.GetUtcNow());
        await write.AppendAsync(stream, events, ct);
        foreach (var paragraph in state.Paragraphs.Values.Where(p => versions.ContainsKey(p.Id)))
        {
            ParagraphFences.Append(session, versions, new ParagraphAdopted(command.GroupId, command.DraftId, paragraph.Id, paragraph.TextVersion));
            ParagraphFences.AppendToPoints(session, versions, state.Draft, paragraph);
        }
        await write.SaveAsync(ct);
        var adopted = (DraftAdopted)events[0];
        return new AdoptionView(command.DraftId, true, adopted.AdoptedAt, adopted.AdoptedBySub, AdoptionRules.Readiness(state.Draft, state.Paragraphs));
    }
}

public sealed record GetAdoption(Guid GroupId, Guid DraftId) : IQuery<AdoptionView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetAdoptionHandler(IQuerySession session, IOpenAmendmentCounts amendments) : IQueryHandler<GetAdoption, AdoptionView>
{
    public async ValueTask<AdoptionView> Handle(GetAdoption query, CancellationToken ct)
    {
        var state = await DraftConsensus.LoadAsync(session, amendments, query.GroupId, query.DraftId, ct);
        return new AdoptionView(query.DraftId, state.Adoption is not null, state.Adoption?.AdoptedAt, state.Adoption?.AdoptedBySub,
            AdoptionRules.Readiness(state.Draft, state.Paragraphs));
    }
}

public static class AdoptionEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/drafts/{draftId:guid}/adopt", (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new AdoptReport(groupId, draftId), ct))
            .WithSummary("Chair: adopt the draft as a whole once every remaining paragraph is agreed; it becomes read-only.");
        group.MapGet("/drafts/{draftId:guid}/adoption", (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new GetAdoption(groupId, draftId), ct))
            .WithSummary("Whether the draft is adopted, and the paragraphs not yet agreed.");
    }
}
