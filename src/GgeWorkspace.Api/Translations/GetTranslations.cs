namespace GgeWorkspace.Api.Translations;

/// <summary>One paragraph's translation into one language (status missing when there is none). Every member reads translations.</summary>
public sealed record GetTranslation(Guid GroupId, Guid DraftId, Guid ParagraphId, string Language) : IQuery<TranslationView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetTranslationValidator : AbstractValidator<GetTranslation>
{
    public GetTranslationValidator() => RuleFor(x => x.Language).OfficialLanguage();
}

public sealed class GetTranslationHandler(IQuerySession session) : IQueryHandler<GetTranslation, TranslationView>
{
    public async ValueTask<TranslationView> Handle(GetTranslation query, CancellationToken ct)
    {
        var working = await session.LoadParagraphInDraftAsync(query.GroupId, query.DraftId, query.ParagraphId, ct);
        var draft = Draft.InGroup(await session.LoadAsync<Draft>(query.DraftId, ct), query.GroupId);
        var translation = await session.LoadAsync<Paragraph>(Translation.IdOf(working.Id, query.Language), ct);
        if (translation?.Damage is { } damage) throw new ParagraphDamagedException(translation.Id, damage.Sequence ?? 0, damage.Reason);
        return TranslationView.Of(working, translation, query.Language, DraftOutline.Of(draft).NumberOf(working.Id), withAuthorship: true);
    }
}

/// <summary>The draft's paragraphs in one language: per numbered paragraph its translation's status, text, and what changed since when stale.</summary>
public sealed record GetDraftTranslations(Guid GroupId, Guid DraftId, string Language) : IQuery<DraftTranslationsView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.Anyone;
}

public sealed class GetDraftTranslationsValidator : AbstractValidator<GetDraftTranslations>
{
    public GetDraftTranslationsValidator() => RuleFor(x => x.Language).OfficialLanguage();
}

public sealed class GetDraftTranslationsHandler(IQuerySession session) : IQueryHandler<GetDraftTranslations, DraftTranslationsView>
{
    public async ValueTask<DraftTranslationsView> Handle(GetDraftTranslations query, CancellationToken ct)
    {
        var draft = Draft.InGroup(await session.LoadAsync<Draft>(query.DraftId, ct), query.GroupId);
        if (query.Language == draft.WorkingLanguage)
            throw new InvalidFieldsException($"'{query.Language}' is the draft's working language: read the draft itself.",
                new Dictionary<string, string[]> { ["language"] = ["The working language has no translations."] });
        var texts = await DraftTranslations.LoadAsync(session, draft, [query.Language], ct);
        return new DraftTranslationsView(draft.Id, draft.WorkingLanguage, query.Language,
            [.. texts.Numbered().Select(n => TranslationView.Of(n.Paragraph, texts.TranslationOf(n.Paragraph.Id, query.Language), query.Language, n.Placed.Number, false))]);
    }
}

public static class GetTranslationsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/translations/{language}",
                async (Guid groupId, Guid draftId, Guid paragraphId, string language, IMediator m, HttpContext http, CancellationToken ct) =>
                {
                    var view = await m.Send(new GetTranslation(groupId, draftId, paragraphId, language), ct);
                    Versions.SetETag(http, view.TextVersion);
                    return view;
                })
            .WithSummary("A paragraph's translation into one language (ar, zh, en, fr, ru, es): current, stale (with the word diff of the working text " +
                "since) or missing. ETag is the translation's text version (0 while missing).");
        group.MapGet("/drafts/{draftId:guid}/translations", (Guid groupId, Guid draftId, string? language, IMediator m, CancellationToken ct) =>
                m.Send(new GetDraftTranslations(groupId, draftId, language ?? ""), ct))
            .WithSummary("The draft in one language (?language=fr): each numbered paragraph's translation, current, stale (with what changed since) or missing.");
    }
}
