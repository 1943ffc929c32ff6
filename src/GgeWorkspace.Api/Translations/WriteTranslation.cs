using GgeWorkspace.Api.Infrastructure.Writes;

namespace GgeWorkspace.Api.Translations;

public sealed record WriteTranslationRequest(string? Text, long? SourceTextVersion);

/// <summary>
/// The Secretariat or a Translator into <see cref="Language"/> writes the whole text of a paragraph's translation, reading the
/// working text at <see cref="SourceTextVersion"/>: the first write starts the translation, later ones name its text version
/// (If-Match) as paragraph text writes do. The translation is then current as of that working text.
/// </summary>
public sealed record WriteTranslation(
    Guid GroupId, Guid DraftId, Guid ParagraphId, string Language, string Text, long SourceTextVersion, long? ExpectedTextVersion)
    : ICommand<TranslationView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.TranslationWriters;
}

public sealed class WriteTranslationValidator : AbstractValidator<WriteTranslation>
{
    public WriteTranslationValidator(IConfiguration configuration)
    {
        var max = configuration.GetValue("Limits:MaxParagraphCodePoints", 20_000);
        RuleFor(x => x.Language).OfficialLanguage();
        RuleFor(x => x.Text).ValidText().NotEmpty().Must(t => CodePoints.Length(t) <= max)
            .WithMessage($"A translation has text of at most {max} characters.").OverridePropertyName("text");
        RuleFor(x => x.SourceTextVersion).GreaterThanOrEqualTo(0)
            .WithMessage("sourceTextVersion is the working text version the translation translates, zero or more.").OverridePropertyName("sourceTextVersion");
    }
}

public sealed class WriteTranslationHandler(StreamWrite write, GroupAccess access, TimeProvider time) : ICommandHandler<WriteTranslation, TranslationView>
{
    public async ValueTask<TranslationView> Handle(WriteTranslation command, CancellationToken ct)
    {
        var actor = Actor.From(access.Required.Member);
        var working = await write.Session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        TranslationDecisions.RequireMayTranslate(actor, command.Language);
        var draft = await write.FetchAsync<Draft>(command.DraftId, null, d => Draft.InGroup(d, command.GroupId), ct);
        var stream = await write.FetchMaybeNewAsync<Paragraph>(Translation.IdOf(working.Id, command.Language), exclusive: false, ct);
        if (stream.Aggregate is { } translation)
        {
            if (translation.Damage is { } damage) throw new ParagraphDamagedException(translation.Id, damage.Sequence ?? 0, damage.Reason);
            if (command.ExpectedTextVersion is not { } expected) throw new PreconditionRequiredException();
            if (expected != translation.TextVersion) throw new PreconditionFailedException(translation.TextVersion);
            await write.GuardAsync(translation, new ParagraphTextWrite(translation.Id), ct);
        }
        else if (command.ExpectedTextVersion is > 0)
        {
            throw new PreconditionFailedException(0, "There is no translation into this language yet: its text version is 0.");
        }

        var source = await WorkingTexts.AtAsync(write.Session, working, command.SourceTextVersion, ct);
        var (translationEvents, draftEvents) = TranslationDecisions.Write(
            draft.State, working, stream.Aggregate, command.Language, command.Text, source, actor, time.GetUtcNow());
        if (draftEvents.Length > 0) await write.AppendAsync(draft, draftEvents, ct);
        var written = await write.AppendAsync(stream, translationEvents, ct);
        await write.SaveAsync(ct);
        return TranslationView.Of(working, written.State, command.Language, DraftOutline.Of(draft.State).NumberOf(working.Id), withAuthorship: true);
    }
}

public sealed record ConfirmTranslationRequest(long? SourceTextVersion);

/// <summary>A translator confirms that the translation says what the working text at <see cref="SourceTextVersion"/> says: it is current as of that text.</summary>
public sealed record ConfirmTranslation(Guid GroupId, Guid DraftId, Guid ParagraphId, string Language, long SourceTextVersion)
    : ICommand<TranslationView>, IGroupScoped
{
    public IReadOnlyCollection<MemberRole> AllowedRoles => Roles.TranslationWriters;
}

public sealed class ConfirmTranslationValidator : AbstractValidator<ConfirmTranslation>
{
    public ConfirmTranslationValidator()
    {
        RuleFor(x => x.Language).OfficialLanguage();
        RuleFor(x => x.SourceTextVersion).GreaterThanOrEqualTo(0)
            .WithMessage("sourceTextVersion is the working text version the translation says, zero or more.").OverridePropertyName("sourceTextVersion");
    }
}

public sealed class ConfirmTranslationHandler(StreamWrite write, GroupAccess access, TimeProvider time) : ICommandHandler<ConfirmTranslation, TranslationView>
{
    public async ValueTask<TranslationView> Handle(ConfirmTranslation command, CancellationToken ct)
    {
        var actor = Actor.From(access.Required.Member);
        var working = await write.Session.LoadParagraphInDraftAsync(command.GroupId, command.DraftId, command.ParagraphId, ct);
        TranslationDecisions.RequireMayTranslate(actor, command.Language);
        var target = await write.FetchAsync<Paragraph>(Translation.IdOf(working.Id, command.Language), null,
            t => t ?? throw new ConflictException($"This paragraph has no translation into '{command.Language}' to confirm; write one first."), ct);
        if (target.State.Damage is { } damage) throw new ParagraphDamagedException(target.State.Id, damage.Sequence ?? 0, damage.Reason);
        var source = await WorkingTexts.AtAsync(write.Session, working, command.SourceTextVersion, ct);
        var written = await write.AppendAsync(target, TranslationDecisions.Confirm(working, target.State, source, actor, time.GetUtcNow()), ct);
        await write.SaveAsync(ct);
        var draft = await write.Session.LoadAsync<Draft>(command.DraftId, ct);
        return TranslationView.Of(working, written.State, command.Language, draft is null ? null : DraftOutline.Of(draft).NumberOf(working.Id), withAuthorship: true);
    }
}

public static class WriteTranslationEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        const string translation = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/translations/{language}";
        group.MapPut(translation, async (Guid groupId, Guid draftId, Guid paragraphId, string language, WriteTranslationRequest r, IMediator m, HttpContext http,
                CancellationToken ct) =>
            {
                var view = await m.Send(new WriteTranslation(groupId, draftId, paragraphId, language, r.Text ?? "", r.SourceTextVersion ?? -1,
                    Versions.ReadIfMatch(http)), ct);
                Versions.SetETag(http, view.TextVersion);
                return view;
            })
            .WithSummary("Write a paragraph's translation (the Secretariat, or a Translator into that language): {text, sourceTextVersion}, the working " +
                "text version translated. If-Match: the translation's text version (none, or 0, to start it). It is then current as of that working text.");
        group.MapPost(translation + "/confirm", async (Guid groupId, Guid draftId, Guid paragraphId, string language, ConfirmTranslationRequest r, IMediator m,
                HttpContext http, CancellationToken ct) =>
            {
                var view = await m.Send(new ConfirmTranslation(groupId, draftId, paragraphId, language, r.SourceTextVersion ?? -1), ct);
                Versions.SetETag(http, view.TextVersion);
                return view;
            })
            .WithSummary("Confirm a translation still says what the working text at sourceTextVersion says (the Secretariat, or a Translator into that language).");
    }
}
