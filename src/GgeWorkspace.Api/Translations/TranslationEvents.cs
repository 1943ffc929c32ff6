namespace GgeWorkspace.Api.Translations;

/// <summary>
/// A translation of paragraph <see cref="TranslationOf"/> into <see cref="Language"/> was started: a text stream of its own
/// (<see cref="ParagraphId"/> is the translation's id, <see cref="Translation.IdOf"/>), edited as a paragraph's text is, live
/// or not. It translates the working text at <see cref="SourceTextVersion"/>, whose text was <see cref="SourceText"/>.
/// </summary>
public sealed record TranslationStarted(
    Guid GroupId, Guid DraftId, Guid ParagraphId, Guid TranslationOf, string Language, string Text, long SourceTextVersion, string SourceText,
    string AuthorSub, DateTimeOffset StartedAt) : IParagraphEvent;

/// <summary>
/// The translation is current as of the working text at <see cref="SourceTextVersion"/> (then <see cref="SourceText"/>): its
/// translator edited it while reading that text, or confirmed it still says what that text says.
/// </summary>
public sealed record TranslationMadeCurrent(
    Guid GroupId, Guid DraftId, Guid ParagraphId, long SourceTextVersion, string SourceText, string BySub, DateTimeOffset At) : IParagraphEvent;
