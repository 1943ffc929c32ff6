using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// A reply paragraph was linked to a workstream as asking for it, with the sentence that does so. <see cref="SuggestedBy"/>
/// names the rule (Data/workstream-rules.json) that proposed the link, or is null when the Secretariat chose it by hand.
/// </summary>
public sealed record WorkstreamSourceLinked(
    Guid GroupId, Guid WorkstreamId, string SourceParagraphId, string Code, string SubmitterEnglish, string Evidence, string? SuggestedBy) : IGroupEvent;

public sealed record WorkstreamSourceUnlinked(Guid GroupId, Guid WorkstreamId, string SourceParagraphId) : IGroupEvent;

public sealed record WorkstreamSourceLink(string SourceParagraphId, string Code, string SubmitterEnglish, string Evidence, string? SuggestedBy);

public static class WorkstreamSourceDecisions
{
    /// <summary>Linking a paragraph already linked changes nothing.</summary>
    public static IReadOnlyList<object> Link(Workstream workstream, string sourceParagraphId, string code, string submitterEnglish, string evidence, string? suggestedBy) =>
        workstream.Sources.Any(s => s.SourceParagraphId == sourceParagraphId)
            ? []
            : [new WorkstreamSourceLinked(workstream.GroupId, workstream.Id, sourceParagraphId, code, submitterEnglish, evidence, suggestedBy)];

    public static IReadOnlyList<object> Unlink(Workstream workstream, string sourceParagraphId) =>
        workstream.Sources.Any(s => s.SourceParagraphId == sourceParagraphId)
            ? [new WorkstreamSourceUnlinked(workstream.GroupId, workstream.Id, sourceParagraphId)]
            : []; // Removing a link that is not there changes nothing: DELETE is idempotent.

    /// <summary>The evidence when none is given: the paragraph's first sentence.</summary>
    public static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['。', '！', '？', '.']);
        return end < 0 ? text : text[..(end + 1)];
    }
}

public sealed record WorkstreamSourcesView(Guid WorkstreamId, string Title, string? Label, IReadOnlyList<WorkstreamSourceLink> Sources, long Version);

public sealed record LinkWorkstreamSourceRequest(string? SourceParagraphId, string? Evidence);

/// <summary>The Secretariat links a reply paragraph to a workstream as asking for it (evidence: a quote, by default its first sentence).</summary>
public sealed record LinkWorkstreamSource(Guid GroupId, Guid WorkstreamId, string SourceParagraphId, string? Evidence, string? SuggestedBy = null)
    : ICommand<WorkstreamSourcesView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class LinkWorkstreamSourceValidator : AbstractValidator<LinkWorkstreamSource>
{
    public LinkWorkstreamSourceValidator()
    {
        RuleFor(x => x.SourceParagraphId).NotEmpty().MaximumLength(200)
            .Matches("^[^:]+:[A-Z]{2,3}:[0-9]+$").WithMessage("A source paragraph id reads like A/72/304:CAN:3.");
        RuleFor(x => x.Evidence).MaximumLength(4000);
        RuleFor(x => x.SuggestedBy).MaximumLength(100);
    }
}

public sealed class LinkWorkstreamSourceHandler(StreamWrite write) : ICommandHandler<LinkWorkstreamSource, WorkstreamSourcesView>
{
    public async ValueTask<WorkstreamSourcesView> Handle(LinkWorkstreamSource command, CancellationToken ct)
    {
        var target = await WorkstreamSourceWrites.FetchAsync(write, command.GroupId, command.WorkstreamId, ct);
        var (_, reply, paragraph) = await SourceReads.ParagraphAsync(write.Session, command.GroupId, command.SourceParagraphId, ct);
        var events = WorkstreamSourceDecisions.Link(target.State, paragraph.Id, reply.Code, reply.SubmitterEnglish,
            command.Evidence ?? WorkstreamSourceDecisions.FirstSentence(paragraph.Text), command.SuggestedBy);
        return await WorkstreamSourceWrites.SaveAsync(write, target, events, ct);
    }
}

public sealed record UnlinkWorkstreamSource(Guid GroupId, Guid WorkstreamId, string SourceParagraphId) : ICommand<WorkstreamSourcesView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class UnlinkWorkstreamSourceValidator : AbstractValidator<UnlinkWorkstreamSource>
{
    public UnlinkWorkstreamSourceValidator() => RuleFor(x => x.SourceParagraphId).NotEmpty().MaximumLength(200);
}

public sealed class UnlinkWorkstreamSourceHandler(StreamWrite write) : ICommandHandler<UnlinkWorkstreamSource, WorkstreamSourcesView>
{
    public async ValueTask<WorkstreamSourcesView> Handle(UnlinkWorkstreamSource command, CancellationToken ct)
    {
        var target = await WorkstreamSourceWrites.FetchAsync(write, command.GroupId, command.WorkstreamId, ct);
        return await WorkstreamSourceWrites.SaveAsync(write, target, WorkstreamSourceDecisions.Unlink(target.State, command.SourceParagraphId), ct);
    }
}

public sealed record GetWorkstreamSources(Guid GroupId, Guid WorkstreamId) : IQuery<WorkstreamSourcesView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetWorkstreamSourcesHandler(IQuerySession session) : IQueryHandler<GetWorkstreamSources, WorkstreamSourcesView>
{
    public async ValueTask<WorkstreamSourcesView> Handle(GetWorkstreamSources query, CancellationToken ct)
    {
        var workstream = await session.LoadAsync<Workstream>(query.WorkstreamId, ct);
        if (workstream is null || workstream.GroupId != query.GroupId) throw new NotFoundException("No such workstream in this group.");
        return WorkstreamSourceWrites.View(workstream);
    }
}

internal static class WorkstreamSourceWrites
{
    public static Task<WriteTarget<Workstream>> FetchAsync(StreamWrite write, Guid groupId, Guid workstreamId, CancellationToken ct) =>
        write.FetchAsync<Workstream>(workstreamId, null, w =>
            w is not null && w.GroupId == groupId ? w : throw new NotFoundException("No such workstream in this group."), ct);

    public static async Task<WorkstreamSourcesView> SaveAsync(StreamWrite write, WriteTarget<Workstream> target, IReadOnlyList<object> events, CancellationToken ct)
    {
        var written = await write.AppendAsync(target, events, ct);
        if (events.Count > 0) await write.SaveAsync(ct);
        return View(written.State) with { Version = written.Version };
    }

    public static WorkstreamSourcesView View(Workstream w) => new(w.Id, w.Title, w.Label, w.Sources, w.Version);
}

public static class WorkstreamSourceEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/workstreams/{workstreamId:guid}/sources", (Guid groupId, Guid workstreamId, IMediator m, CancellationToken ct) =>
                m.Send(new GetWorkstreamSources(groupId, workstreamId), ct))
            .WithSummary("The reply paragraphs that ask for this workstream, with the evidence quoted.");
        group.MapPost("/workstreams/{workstreamId:guid}/sources", async (Guid groupId, Guid workstreamId, LinkWorkstreamSourceRequest r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new LinkWorkstreamSource(groupId, workstreamId, r.SourceParagraphId ?? "", r.Evidence), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Link a reply paragraph to the workstream (Secretariat): {sourceParagraphId, evidence?}. Linking twice changes nothing.");
        group.MapDelete("/workstreams/{workstreamId:guid}/sources/{*sourceParagraphId}", async (Guid groupId, Guid workstreamId, string sourceParagraphId, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new UnlinkWorkstreamSource(groupId, workstreamId, Uri.UnescapeDataString(sourceParagraphId)), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Remove a link (Secretariat); the id is the paragraph's, such as A/72/304:CAN:3.");
    }
}
