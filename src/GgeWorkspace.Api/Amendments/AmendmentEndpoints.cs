namespace GgeWorkspace.Api.Amendments;

public static class AmendmentEndpoints
{
    private static async Task<IResult> Change(IMediator m, HttpContext http, Guid groupId, Guid draftId, IAmendmentCommand change, CancellationToken ct)
    {
        var amendment = await m.Send(new ChangeAmendment(groupId, draftId, change, Versions.ReadIfMatch(http)), ct);
        Versions.SetETag(http, amendment.Version);
        return Results.Ok(amendment);
    }

    public static void Map(RouteGroupBuilder group)
    {
        const string amendments = "/drafts/{draftId:guid}/amendments";
        const string amendment = amendments + "/{amendmentId:guid}";
        group.MapPost(amendments, async (Guid groupId, Guid draftId, SubmitAmendmentRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var created = await m.Send(new SubmitAmendment(groupId, draftId, r.Kind ?? (AmendmentKind)(-1), r.ParagraphId ?? Guid.Empty, r.Text,
                    r.Explanation, r.BaseTextVersion, IdempotencyHeader.Read(http)), ct);
                Versions.SetETag(http, created.Version);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/amendments/{created.Id}", created);
            })
            .WithSummary("Propose an amendment (Experts): replace the text, insert a paragraph after, delete the paragraph, or add an option. Accepts Idempotency-Key.")
            .Produces<Amendment>(StatusCodes.Status201Created);
        group.MapGet(amendments, (Guid groupId, Guid draftId, Guid? paragraphId, AmendmentState? state, string? proposer, string? proposerState,
                IMediator m, CancellationToken ct) =>
                m.Send(new ListAmendments(groupId, draftId, new AmendmentFilter(paragraphId, state, proposer, proposerState)), ct))
            .WithSummary("The draft's amendments, oldest first; filter by paragraphId, state, proposer (sub) and proposerState (ISO 3166 alpha-3).");
        group.MapGet(amendment, async (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var found = await m.Send(new GetAmendment(groupId, draftId, amendmentId), ct);
                Versions.SetETag(http, found.Version);
                return found;
            })
            .WithSummary("One amendment with its supporters and objections; ETag is its version.");
        group.MapPost(amendment + "/support", (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new SupportAmendment(amendmentId), ct))
            .WithSummary("Co-sponsor (Experts other than the proposer); replaces an objection.");
        group.MapPost(amendment + "/object", (Guid groupId, Guid draftId, Guid amendmentId, ReasonRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new ObjectToAmendment(amendmentId, r?.Reason), ct))
            .WithSummary("Object, optionally with a reason (Experts other than the proposer); replaces support.");
        group.MapDelete(amendment + "/position", (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new WithdrawAmendmentPosition(amendmentId), ct))
            .WithSummary("Withdraw one's own support or objection.");
        group.MapPost(amendment + "/reject", (Guid groupId, Guid draftId, Guid amendmentId, ReasonRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new RejectAmendment(amendmentId, r?.Reason), ct))
            .WithSummary("Reject, optionally with a reason (the Chair).");
        group.MapPost(amendment + "/withdraw", (Guid groupId, Guid draftId, Guid amendmentId, IMediator m, HttpContext http, CancellationToken ct) =>
                Change(m, http, groupId, draftId, new WithdrawAmendment(amendmentId), ct))
            .WithSummary("Withdraw the amendment (its proposer).");
        group.MapPost(amendment + "/accept", async (Guid groupId, Guid draftId, Guid amendmentId, AcceptRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var accepted = await m.Send(new AcceptAmendmentIntoText(groupId, draftId, amendmentId, Versions.RequireIfMatch(http),
                    r?.OverrideObjections ?? false, r?.Reason), ct);
                Versions.SetETag(http, accepted.Amendment.Version);
                return accepted;
            })
            .WithSummary("Accept (the Chair; If-Match: the amendment version); over objections only with {overrideObjections: true, reason} (409 naming them otherwise). Merges three-way with changes since its base; overlapping changes are 409 with base, current and proposed.");
    }
}
