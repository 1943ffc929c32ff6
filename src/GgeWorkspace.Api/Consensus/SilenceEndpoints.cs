namespace GgeWorkspace.Api.Consensus;

public sealed record StartSilenceRequest(IReadOnlyList<Guid>? ParagraphIds, Guid? SectionId, bool? WholeDraft, DateTimeOffset? Deadline);

public sealed record BreakSilenceRequest(string? Reason);

public sealed record CancelSilenceRequest(string? Reason);

public static class SilenceEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string silence = "/drafts/{draftId:guid}/silence";
        group.MapGet(silence, (Guid groupId, Guid draftId, IMediator m, CancellationToken ct) => m.Send(new ListSilenceProcedures(groupId, draftId), ct))
            .WithSummary("The draft's silence procedures, newest first; times in UTC and in the group's time zone.");
        group.MapPost(silence, async (Guid groupId, Guid draftId, StartSilenceRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new StartSilence(groupId, draftId, r.ParagraphIds, r.SectionId, r.WholeDraft ?? false, r.Deadline,
                    IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, view.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/silence/{view.Id}", view);
            })
            .WithSummary("Chair: place paragraphIds, a sectionId or the wholeDraft under silence until deadline (default 72 hours). Accepts Idempotency-Key.")
            .Produces<SilenceProcedureView>(StatusCodes.Status201Created);
        group.MapPost(silence + "/{procedureId:guid}/break", async (Guid groupId, Guid draftId, Guid procedureId, BreakSilenceRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeSilence(groupId, draftId, new BreakSilence(procedureId, r.Reason ?? ""), Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("A delegation (Expert) breaks silence before the deadline, with a reason.");
        group.MapPost(silence + "/{procedureId:guid}/cancel", async (Guid groupId, Guid draftId, Guid procedureId, CancelSilenceRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeSilence(groupId, draftId, new CancelSilence(procedureId, r?.Reason), Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Chair: cancel the procedure; the paragraphs keep the status they had.");
    }
}
