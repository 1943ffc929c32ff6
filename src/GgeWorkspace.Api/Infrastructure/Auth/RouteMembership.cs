using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using Marten;
using Marten.Services.BatchQuerying;

namespace GgeWorkspace.Api.Infrastructure.Auth;

/// <summary>
/// Before an endpoint reads anything of the request (body, If-Match, Idempotency-Key, query) or of the state it names, the
/// group in the route must have the caller as a member, and every draft, section, paragraph, workstream, amendment,
/// comment thread, silence procedure and source document in the route must belong to it (and to the draft named before
/// it). Otherwise the answer is the same 404 whether the thing does not exist or exists elsewhere, so no other answer can
/// serve as an oracle for another group's content. Roles are still checked by <see cref="GroupAccessBehavior{TMessage,TResponse}"/>.
/// </summary>
public static class RouteMembership
{
    public static IApplicationBuilder UseRouteMembership(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated == true && RouteId(http, "groupId") is { } groupId)
            await RequireAsync(http, groupId);
        await next(http);
    });

    private static async Task RequireAsync(HttpContext http, Guid groupId)
    {
        var services = http.RequestServices;
        var session = services.GetRequiredService<IQuerySession>();
        var ct = http.RequestAborted;
        var sub = services.GetRequiredService<CallerAccessor>().Current.Sub;
        var group = await services.GetRequiredService<GroupMembershipCache>().GetAsync(groupId, session, ct);
        if (group?.MemberFor(sub) is null) throw new NotFoundException("No such group.");

        var draftId = RouteId(http, "draftId");
        var paragraphId = RouteId(http, "paragraphId");
        var workstreamId = RouteId(http, "workstreamId");
        var amendmentId = RouteId(http, "amendmentId");
        var threadId = RouteId(http, "threadId");
        var procedureId = RouteId(http, "procedureId");
        var sectionId = RouteId(http, "sectionId");
        var documentId = RouteId(http, "documentId");
        if (draftId is null && workstreamId is null && documentId is null) return;

        // One round trip for everything the route names.
        var batch = session.CreateBatchQuery();
        var draft = Load<Draft>(batch, draftId);
        var paragraph = Load<Paragraph>(batch, paragraphId);
        var workstream = Load<Workstream>(batch, workstreamId);
        var amendment = Load<Amendment>(batch, amendmentId);
        var thread = Load<CommentThread>(batch, threadId);
        var procedure = Load<SilenceProcedure>(batch, procedureId);
        var document = Load<Sources.GroupSourceDocument>(batch, documentId);
        await batch.Execute(ct);

        if (draftId is not null && (await draft)?.GroupId != groupId) throw new NotFoundException("No such draft in this group.");
        if (sectionId is { } named && (await draft)?.SectionFor(named) is null) throw new NotFoundException("There is no such section in the draft.");
        if (documentId is not null && (await document)?.GroupId != groupId) throw new NotFoundException("No such source document in this group.");
        if (workstreamId is not null && (await workstream)?.GroupId != groupId) throw new NotFoundException("No such workstream in this group.");
        InDraft(paragraphId, await paragraph is { } p ? (p.GroupId, p.DraftId) : null, "No such paragraph in this draft.");
        InDraft(amendmentId, await amendment is { } a ? (a.GroupId, a.DraftId) : null, "No such amendment in this draft.");
        InDraft(threadId, await thread is { } t ? (t.GroupId, t.DraftId) : null, "No such comment thread in this draft.");
        InDraft(procedureId, await procedure is { } s ? (s.GroupId, s.DraftId) : null, "No such silence procedure on this draft.");

        void InDraft(Guid? named, (Guid GroupId, Guid DraftId)? owner, string message)
        {
            if (named is not null && owner != (groupId, draftId)) throw new NotFoundException(message);
        }
    }

    private static Task<T?> Load<T>(IBatchedQuery batch, Guid? id) where T : class =>
        id is { } value ? batch.Load<T>(value)! : Task.FromResult<T?>(null);

    private static Guid? RouteId(HttpContext http, string name) =>
        http.Request.RouteValues.TryGetValue(name, out var value) && Guid.TryParse(value as string, out var id) ? id : null;
}
