using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// What importing a language version did: <see cref="Imported"/> is false when the group already held exactly this version.
/// <see cref="Paragraphs"/> counts the paragraphs kept; <see cref="Unaligned"/> lists what did not align.
/// </summary>
public sealed record LanguageVersionImportResult(
    Guid DocumentId, string Symbol, string Language, bool Official, bool Imported, int Replies, int Paragraphs,
    IReadOnlyList<AlignmentGap> Unaligned, long Version);

/// <summary>
/// The Secretariat imports a version of a source document in another of the six languages (docs/sources.md, "Language
/// versions"); it is aligned with the document by reply and paragraph, and what aligned is kept.
/// </summary>
public sealed record ImportSourceLanguageVersion(Guid GroupId, Guid DocumentId, string Language, LanguageVersionText? Version, string? IdempotencyKey = null)
    : ICommand<LanguageVersionImportResult>, IGroupScoped, IIdempotent
{
    public const int MaxParagraphLength = 50_000;

    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Secretariat;
}

public sealed class ImportSourceLanguageVersionValidator : AbstractValidator<ImportSourceLanguageVersion>
{
    public ImportSourceLanguageVersionValidator()
    {
        RuleFor(x => x.Language).Must(UnLanguages.IsOne).WithMessage($"The language is one of the six of the United Nations: {UnLanguages.Listed}.");
        RuleFor(x => x.Version).NotNull().WithMessage("Send the language version as JSON: {language, official, title?, note?, replies: [{code, submitter, sections: [{heading, paragraphs}]}]}.");
        When(x => x.Version is not null, () =>
        {
            RuleFor(x => x.Version!.Language).Equal(x => x.Language).When(x => x.Version!.Language is not null)
                .OverridePropertyName("language").WithMessage("The body names another language than the path.");
            RuleFor(x => x.Version!.Official).NotNull().OverridePropertyName("official")
                .WithMessage("Say whether the version is official (a United Nations language version) or a working translation (false).");
            RuleFor(x => x.Version!.Title).MaximumLength(500).OverridePropertyName("title");
            RuleFor(x => x.Version!.Note).MaximumLength(4000).OverridePropertyName("note");
            RuleFor(x => x.Version!.Replies).NotEmpty().OverridePropertyName("replies").WithMessage("A version holds at least one reply.");
            RuleForEach(x => x.Version!.Replies).ChildRules(reply =>
            {
                reply.RuleFor(r => r.Code).NotEmpty().MaximumLength(10);
                reply.RuleFor(r => r.Submitter).MaximumLength(500);
                reply.RuleFor(r => r.Sections).NotNull();
                reply.RuleForEach(r => r.Sections).ChildRules(section =>
                {
                    section.RuleFor(s => s.Heading).MaximumLength(500);
                    section.RuleFor(s => s.Paragraphs).NotNull();
                    section.RuleForEach(s => s.Paragraphs).MaximumLength(ImportSourceLanguageVersion.MaxParagraphLength);
                });
            }).OverridePropertyName("replies");
        });
    }
}

public sealed class ImportSourceLanguageVersionHandler(StreamWrite write, TimeProvider time)
    : ICommandHandler<ImportSourceLanguageVersion, LanguageVersionImportResult>
{
    public async ValueTask<LanguageVersionImportResult> Handle(ImportSourceLanguageVersion command, CancellationToken ct)
    {
        var target = await write.FetchAsync<GroupSourceDocument>(command.DocumentId, null, d =>
            d is not null && d.GroupId == command.GroupId ? d : throw new NotFoundException("No such source document in this group."), ct);
        var version = command.Version!;
        var events = SourceLanguageDecisions.Import(target.State, command.Language, version, SourceLanguageDecisions.ContentHash(version), time.GetUtcNow());
        var written = await write.AppendAsync(target, events, ct);
        if (events.Count > 0) await write.SaveAsync(ct);
        var held = written.State.VersionIn(command.Language)!;
        return new LanguageVersionImportResult(written.State.Id, written.State.Symbol, held.Language, held.Official, events.Count > 0,
            held.Replies.Count, held.Replies.Sum(r => r.Paragraphs.Count), held.Unaligned, written.Version);
    }
}

/// <summary>One language a document is held in: its own (official, nothing unaligned) or a version, with what did not align.</summary>
public sealed record SourceLanguageSummary(
    string Language, bool Official, bool Original, string Title, string? Note, DateTimeOffset ImportedAt, int Replies, int Paragraphs,
    IReadOnlyList<AlignmentGap> Unaligned);

public sealed record ListSourceLanguages(Guid GroupId, Guid DocumentId) : IQuery<IReadOnlyList<SourceLanguageSummary>>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class ListSourceLanguagesHandler(IQuerySession session) : IQueryHandler<ListSourceLanguages, IReadOnlyList<SourceLanguageSummary>>
{
    public async ValueTask<IReadOnlyList<SourceLanguageSummary>> Handle(ListSourceLanguages query, CancellationToken ct)
    {
        var d = await SourceReads.DocumentAsync(session, query.GroupId, query.DocumentId, ct);
        return
        [
            new SourceLanguageSummary(d.Language, true, true, d.Title, null, d.ImportedAt, d.Replies.Count, d.Replies.Sum(r => r.Paragraphs.Count), []),
            .. d.LanguageVersions.Select(v => new SourceLanguageSummary(v.Language, v.Official, false, v.Title, v.Note, v.ImportedAt, v.Replies.Count,
                v.Replies.Sum(r => r.Paragraphs.Count), v.Unaligned)),
        ];
    }
}

public static class SourceLanguageEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/sources/{documentId:guid}/languages", (Guid groupId, Guid documentId, IMediator m, CancellationToken ct) =>
                m.Send(new ListSourceLanguages(groupId, documentId), ct))
            .WithSummary("The languages a document is held in: its own, then its versions, each official or not, with what did not align.");
        group.MapPost("/sources/{documentId:guid}/languages/{language}",
                async (Guid groupId, Guid documentId, string language, LanguageVersionText? version, IMediator m, HttpContext http, CancellationToken ct) =>
                {
                    var result = await m.Send(new ImportSourceLanguageVersion(groupId, documentId, language, version, IdempotencyHeader.Read(http)), ct);
                    Versions.SetETag(http, result.Version);
                    return result.Imported
                        ? Results.Created($"/api/groups/{groupId}/sources/{documentId}/languages", result)
                        : Results.Ok(result);
                })
            .WithSummary("Import a version of the document in another UN language (Secretariat), aligned by reply and paragraph; the answer lists what did not align. 201 when imported, 200 when the group already holds this version.")
            .Produces<LanguageVersionImportResult>(StatusCodes.Status201Created)
            .Produces<LanguageVersionImportResult>();
    }
}
