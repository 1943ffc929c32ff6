using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Revisions;

/// <summary>The Chair issues the next revision of a draft, optionally with a note (e.g. what changed and why).</summary>
public sealed record IssueRevision(Guid DraftId, Guid RevisionId, string? Note = null);

public sealed record IssueRevisionRequest(string? Note);

/// <summary>
/// The Chair issues the draft's next revision (the zero draft first). Its content is the draft and its paragraphs read in one
/// repeatable-read snapshot, and the global sequence is the last one of their streams in that snapshot.
/// </summary>
public sealed record IssueNextRevision(Guid GroupId, Guid DraftId, string? Note, string? IdempotencyKey = null)
    : ICommand<RevisionSummary>, IGroupScoped, IIdempotent
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Chair;
}

public sealed class IssueNextRevisionValidator : AbstractValidator<IssueNextRevision>
{
    public IssueNextRevisionValidator() => RuleFor(x => x.Note).ValidText().MaximumLength(4000);
}

public sealed class IssueNextRevisionHandler(IDocumentStore store, StreamWrite write, GroupAccess access, TimeProvider time)
    : ICommandHandler<IssueNextRevision, RevisionSummary>
{
    public async ValueTask<RevisionSummary> Handle(IssueNextRevision command, CancellationToken ct)
    {
        var current = await CurrentDraft.ReadAsync(store, command.GroupId, command.DraftId, ct);
        // The log is locked while numbering, so two revisions issued at once get consecutive numbers.
        var log = await write.FetchMaybeNewAsync<RevisionLog>(RevisionLog.StreamIdFor(command.DraftId), exclusive: true, ct);
        var (draft, paragraphs, sequence) = current.State;
        // The translations as they stand now: a translation written between the two reads is in the revision or not, as it lands.
        var translationIds = paragraphs.Keys.SelectMany(id => draft.TranslationLanguages.Select(l => Translations.Translation.IdOf(id, l))).ToArray();
        var translations = translationIds.Length == 0 ? [] : await write.Session.LoadManyAsync<Paragraph>(ct, translationIds);
        var events = RevisionDecisions.Issue(new IssueRevision(command.DraftId, Guid.CreateVersion7(), command.Note), log.Aggregate, draft, paragraphs,
            sequence, Actor.From(access.Required.Member), time.GetUtcNow(), translations.Where(t => t.IsTranslation).ToDictionary(t => t.Id));
        var written = await write.AppendAsync(log, events, ct);
        await write.SaveAsync(ct);
        return written.State.Revisions[^1];
    }
}

public static class IssueRevisionEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        const string revisions = RevisionRoutes.RevisionsPath;
        group.MapPost(revisions, async (Guid groupId, Guid draftId, IssueRevisionRequest? r, IMediator m, HttpContext http, CancellationToken ct) =>
            {
                var issued = await m.Send(new IssueNextRevision(groupId, draftId, r?.Note, IdempotencyHeader.Read(http)), ct);
                return Results.Created($"/api/groups/{groupId}/drafts/{draftId}/revisions/{issued.Number}", issued);
            })
            .WithSummary("Issue the next revision (the Chair): the zero draft (number 0), then Rev.1, Rev.2, ... Accepts Idempotency-Key.")
            .Produces<RevisionSummary>(StatusCodes.Status201Created);
    }
}
