using Microsoft.Extensions.Caching.Memory;

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
        // A point is a paragraph stream: its route names it as a point, and it is found as a paragraph.
        var pointId = RouteId(http, "pointId");
        var workstreamId = RouteId(http, "workstreamId");
        var amendmentId = RouteId(http, "amendmentId");
        var threadId = RouteId(http, "threadId");
        var procedureId = RouteId(http, "procedureId");
        var sectionId = RouteId(http, "sectionId");
        var documentId = RouteId(http, "documentId");
        if (draftId is null && workstreamId is null && documentId is null) return;

        // What the route names is looked up in memory first: a thing's group and draft are fixed when it is created and no
        // event changes them, so an owner once read stays true. Only what memory does not know yet (and a section, which
        // needs the draft's current outline) costs one round trip for all of it together.
        var owners = services.GetRequiredService<RouteOwners>();
        var batch = session.CreateBatchQuery();
        var pending = false;
        var draft = Owner<Draft>(draftId, d => new(d.GroupId, null), needsDocument: sectionId is not null);
        var paragraph = Owner<Paragraph>(paragraphId, p => new(p.GroupId, p.DraftId));
        var point = Owner<Paragraph>(pointId, p => new(p.GroupId, p.DraftId));
        var workstream = Owner<Workstream>(workstreamId, w => new(w.GroupId, null));
        var amendment = Owner<Amendment>(amendmentId, a => new(a.GroupId, a.DraftId));
        var thread = Owner<CommentThread>(threadId, t => new(t.GroupId, t.DraftId));
        var procedure = Owner<SilenceProcedure>(procedureId, s => new(s.GroupId, s.DraftId));
        var document = Owner<Sources.GroupSourceDocument>(documentId, d => new(d.GroupId, null));
        if (pending) await batch.Execute(ct);

        if (draftId is not null && (await draft.Owner)?.GroupId != groupId) throw new NotFoundException("No such draft in this group.");
        if (sectionId is { } named && (await draft.Document)?.SectionFor(named) is null) throw new NotFoundException("There is no such section in the draft.");
        if (documentId is not null && (await document.Owner)?.GroupId != groupId) throw new NotFoundException("No such source document in this group.");
        if (workstreamId is not null && (await workstream.Owner)?.GroupId != groupId) throw new NotFoundException("No such workstream in this group.");
        InDraft(paragraphId, await paragraph.Owner, "No such paragraph in this draft.");
        InDraft(pointId, await point.Owner, "No such point in this draft.");
        InDraft(amendmentId, await amendment.Owner, "No such amendment in this draft.");
        InDraft(threadId, await thread.Owner, "No such comment thread in this draft.");
        InDraft(procedureId, await procedure.Owner, "No such silence procedure on this draft.");

        void InDraft(Guid? named, RouteOwner? owner, string message)
        {
            if (named is not null && owner != new RouteOwner(groupId, draftId)) throw new NotFoundException(message);
        }

        (Task<RouteOwner?> Owner, Task<T?> Document) Owner<T>(Guid? id, Func<T, RouteOwner> ownerOf, bool needsDocument = false) where T : class
        {
            if (id is not { } value) return (Task.FromResult<RouteOwner?>(null), Task.FromResult<T?>(null));
            if (!needsDocument && owners.Find<T>(value) is { } known) return (Task.FromResult<RouteOwner?>(known), Task.FromResult<T?>(null));
            pending = true;
            var loaded = batch.Load<T>(value);
            return (Remembered(loaded!), loaded!);

            async Task<RouteOwner?> Remembered(Task<T?> read) => await read is { } found ? owners.Remember<T>(value, ownerOf(found)) : null;
        }
    }

    private static Guid? RouteId(HttpContext http, string name) =>
        http.Request.RouteValues.TryGetValue(name, out var value) && Guid.TryParse(value as string, out var id) ? id : null;
}

/// <summary>The group, and the draft where there is one, that a drafting thing belongs to.</summary>
public readonly record struct RouteOwner(Guid GroupId, Guid? DraftId);

/// <summary>
/// The owners of things routes have named, kept per instance. Ownership is set by a thing's first event and never changes
/// (nothing is moved between drafts or groups, and nothing is deleted), so a remembered owner never goes stale; things not
/// found are not remembered, so one created later is still found. Bounded, least recently used first out.
/// </summary>
public sealed class RouteOwners : IDisposable
{
    private readonly MemoryCache _owners = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    public RouteOwner? Find<T>(Guid id) => _owners.TryGetValue((typeof(T), id), out RouteOwner owner) ? owner : null;

    public RouteOwner Remember<T>(Guid id, RouteOwner owner)
    {
        _owners.Set((typeof(T), id), owner, new MemoryCacheEntryOptions { Size = 1 });
        return owner;
    }

    public void Dispose() => _owners.Dispose();
}
