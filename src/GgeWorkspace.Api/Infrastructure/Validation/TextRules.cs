namespace GgeWorkspace.Api.Infrastructure.Validation;

/// <summary>
/// The one rule for every text a member writes (paragraphs, amendments, comments, options, headings, names, reasons):
/// no character that PostgreSQL jsonb or XML 1.0 cannot hold, so the event store and every export can keep it. That is
/// NUL and the other C0 controls except tab, line feed and carriage return, a surrogate without its pair, and the
/// non-characters U+FFFE and U+FFFF. Everything else is kept exactly, including bidirectional controls (U+202A-U+202E,
/// U+2066-U+2069) and zero-width characters (U+200B-U+200D, U+2060), which Arabic and mixed-script text needs.
/// </summary>
public static class TextRules
{
    public const string Message = "Text must not contain NUL, other control characters than tab and line breaks, unpaired surrogates or U+FFFE/U+FFFF.";

    public static bool IsValid(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c) || (c < ' ' && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }
        }
        return true;
    }

    public static IRuleBuilderOptions<T, TText> ValidText<T, TText>(this IRuleBuilder<T, TText> rule) =>
        rule.Must(text => text switch
        {
            string s => IsValid(s),
            IEnumerable<string> all => all.All(IsValid),
            _ => true,
        }).WithMessage(Message);
}
