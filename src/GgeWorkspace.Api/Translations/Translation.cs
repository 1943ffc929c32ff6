namespace GgeWorkspace.Api.Translations;

/// <summary>Whether a paragraph's translation into a language says what its working text says now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TranslationStatus>))]
public enum TranslationStatus
{
    /// <summary>The working text is the text the translation was made current as of.</summary>
    Current,

    /// <summary>The working text changed since (compared as text: an edit undone is no change).</summary>
    Stale,

    /// <summary>No translation into this language was started.</summary>
    Missing,
}

/// <summary>The working text at one of its versions: what a translation translates.</summary>
public sealed record WorkingSource(long Version, string Text);

/// <summary>
/// A translation of one paragraph into one language is a text stream of its own: a <see cref="Paragraph"/> started by
/// <see cref="TranslationStarted"/>, edited, bracketed and co-edited live as a paragraph's text is, never numbered or negotiated.
/// </summary>
public static class Translation
{
    /// <summary>The id of the translation of <paramref name="paragraphId"/> into <paramref name="language"/>: the same every time.</summary>
    public static Guid IdOf(Guid paragraphId, string language) => StreamIds.NameBased($"translation:{paragraphId:N}:{language}");

    public static TranslationStatus StatusOf(Paragraph? translation, Paragraph working) =>
        translation is null ? TranslationStatus.Missing
        : translation.SourceText == working.Text ? TranslationStatus.Current
        : TranslationStatus.Stale;
}
