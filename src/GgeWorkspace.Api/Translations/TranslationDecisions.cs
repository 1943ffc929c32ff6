namespace GgeWorkspace.Api.Translations;

/// <summary>
/// Pure rules of translations: the Secretariat writes translations into any language, a Translator into their own languages
/// only; the working language is the Chair's or the Secretariat's to choose, and is fixed once a translation exists.
/// </summary>
public static class TranslationDecisions
{
    /// <summary>403 unless <paramref name="actor"/> writes translations into <paramref name="language"/>.</summary>
    public static void RequireMayTranslate(Actor actor, string language)
    {
        if (actor.Role == MemberRole.Secretariat) return;
        if (actor.Role != MemberRole.Translator)
            throw new ForbiddenException($"Only the Secretariat or a Translator into '{language}' writes translations; the {actor.Role} reads them.");
        if (actor.Languages is not { } languages || !languages.Contains(language))
            throw new ForbiddenException(
                $"A Translator writes translations into their own languages ({string.Join(", ", actor.Languages ?? [])}) only, not into '{language}'.");
    }

    public static object[] ChangeWorkingLanguage(Draft draft, string language, Actor actor)
    {
        if (actor.Role is not (MemberRole.Chair or MemberRole.Secretariat))
            throw new ForbiddenException("Only the Chair or the Secretariat chooses a draft's working language.");
        if (draft.WorkingLanguage == language) return [];
        if (draft.TranslationLanguages.Count > 0)
            throw new ConflictException(
                $"The working language is fixed once a translation exists; this draft has translations into {string.Join(", ", draft.TranslationLanguages)}.",
                new Dictionary<string, object?> { ["workingLanguage"] = draft.WorkingLanguage, ["translationLanguages"] = draft.TranslationLanguages });
        return [new DraftWorkingLanguageChanged(draft.GroupId, draft.Id, language)];
    }

    /// <summary>409 unless <paramref name="version"/> is a text version the working text has had (naming the current one).</summary>
    public static void RequireSourceVersion(Paragraph working, long version)
    {
        if (version < 0 || version > working.TextVersion)
            throw new ConflictException($"The working text has no version {version}; its current text version is {working.TextVersion}.",
                new Dictionary<string, object?> { ["workingTextVersion"] = working.TextVersion });
    }

    /// <summary>
    /// A translator writes the whole text of <paramref name="language"/>'s translation of <paramref name="working"/>, reading
    /// the working text <paramref name="source"/>: the translation starts (and the draft records its first translation into that
    /// language), or its text changes; either way it is current as of that source.
    /// </summary>
    public static (object[] Translation, object[] Draft) Write(
        Draft draft, Paragraph working, Paragraph? translation, string language, string text, WorkingSource source, Actor actor, DateTimeOffset now)
    {
        RequireMayTranslate(actor, language);
        RequireTranslatable(draft, working, language);
        RequireSourceVersion(working, source.Version);
        if (translation is null)
        {
            var id = Translation.IdOf(working.Id, language);
            object[] started = [new TranslationStarted(working.GroupId, working.DraftId, id, working.Id, language, text, source.Version, source.Text, actor.Sub, now)];
            return (started, draft.TranslationLanguages.Contains(language) ? [] : [new DraftTranslationLanguageAdded(draft.GroupId, draft.Id, language)]);
        }
        var changed = ParagraphDecisions.Sequence(translation, TextOperation.FromDiff(translation.Text, text), TextChangeKind.Replaced, actor.Sub, null, now);
        return ([.. changed, .. MadeCurrent(translation, source, actor, now)], []);
    }

    /// <summary>The translator confirms the translation says what the working text <paramref name="source"/> says.</summary>
    public static object[] Confirm(Paragraph working, Paragraph translation, WorkingSource source, Actor actor, DateTimeOffset now)
    {
        RequireMayTranslate(actor, translation.Language!);
        RequireSourceVersion(working, source.Version);
        return MadeCurrent(translation, source, actor, now);
    }

    /// <summary>A live edit of a translation made while reading <paramref name="source"/>: the events of the edit, then the translation made current.</summary>
    public static object[] MadeCurrent(Paragraph translation, WorkingSource source, Actor actor, DateTimeOffset now) =>
        translation.SourceTextVersion == source.Version && translation.SourceText == source.Text
            ? []
            : [new TranslationMadeCurrent(translation.GroupId, translation.DraftId, translation.Id, source.Version, source.Text, actor.Sub, now)];

    private static void RequireTranslatable(Draft draft, Paragraph working, string language)
    {
        if (language == draft.WorkingLanguage)
            throw new ConflictException($"'{language}' is the draft's working language: the paragraph itself is that text.",
                new Dictionary<string, object?> { ["workingLanguage"] = draft.WorkingLanguage });
        if (working.IsDeleted) throw new ConflictException("A deleted paragraph is not translated.");
    }
}
