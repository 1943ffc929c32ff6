using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Translations;

public sealed record WorkingLanguageRequest(string? Language);

public sealed record WorkingLanguageView(Guid DraftId, string WorkingLanguage, IReadOnlyList<string> TranslationLanguages, long Version);

/// <summary>The Chair or Secretariat chooses the language a draft is written in, while it has no translations (409 once it has).</summary>
public sealed record ChangeWorkingLanguage(Guid GroupId, Guid DraftId, long ExpectedVersion, string Language) : ICommand<WorkingLanguageView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.ChairOrSecretariat;
}

public sealed class ChangeWorkingLanguageValidator : AbstractValidator<ChangeWorkingLanguage>
{
    public ChangeWorkingLanguageValidator() =>
        RuleFor(x => x.Language).OfficialLanguage();
}

public sealed class ChangeWorkingLanguageHandler(StreamWrite write, GroupAccess access) : ICommandHandler<ChangeWorkingLanguage, WorkingLanguageView>
{
    public async ValueTask<WorkingLanguageView> Handle(ChangeWorkingLanguage command, CancellationToken ct)
    {
        var written = await write.ExecuteAsync<Draft>(command.DraftId, command.ExpectedVersion, d => Draft.InGroup(d, command.GroupId),
            d => TranslationDecisions.ChangeWorkingLanguage(d, command.Language, Actor.From(access.Required.Member)), ct);
        return new WorkingLanguageView(written.State.Id, written.State.WorkingLanguage, written.State.TranslationLanguages, written.Version);
    }
}

public static class ChangeWorkingLanguageEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/drafts/{draftId:guid}/working-language", async (Guid groupId, Guid draftId, WorkingLanguageRequest r, IMediator m, HttpContext http,
                CancellationToken ct) =>
            {
                var view = await m.Send(new ChangeWorkingLanguage(groupId, draftId, Versions.RequireIfMatch(http), r.Language ?? ""), ct);
                Versions.SetETag(http, view.Version);
                return view;
            })
            .WithSummary("Choose the draft's working language (the Chair or Secretariat; If-Match: the draft's version). Fixed once a translation exists (409).");
}

/// <summary>The translations feature's routes: a draft's working language, and its paragraphs' translations.</summary>
public static class TranslationRoutes
{
    public static IEndpointRouteBuilder MapTranslations(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Translations", ChangeWorkingLanguageEndpoint.Map, GetTranslationsEndpoints.Map, WriteTranslationEndpoints.Map);
}
