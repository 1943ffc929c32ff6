using System.Text;

namespace GgeWorkspace.Text;

public sealed partial class TextOperation
{
    /// <summary>Applies <paramref name="operation"/> to <paramref name="text"/>; a 409 if the lengths disagree.</summary>
    public static string Apply(string text, TextOperation operation)
    {
        var length = CodePoints.Length(text);
        if (length != operation.BaseLength)
            throw Mismatch($"The operation applies to a text of {operation.BaseLength} characters, but the text has {length}.",
                operation.BaseLength, length);

        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var c in operation.components)
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    var end = Advance(text, at, r.Count);
                    result.Append(text, at, end - at);
                    at = end;
                    break;
                case TextComponent.Insert i:
                    result.Append(i.Text);
                    break;
                case TextComponent.Delete d:
                    at = Advance(text, at, d.Count);
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>The operation that undoes <paramref name="operation"/> once applied to <paramref name="baseText"/>.</summary>
    public static TextOperation Invert(TextOperation operation, string baseText)
    {
        var result = new Builder();
        var at = 0;
        foreach (var c in operation.components)
        {
            switch (c)
            {
                case TextComponent.Retain r:
                    result.Add(r);
                    at += r.Count;
                    break;
                case TextComponent.Insert i:
                    result.Add(new TextComponent.Delete(i.Length));
                    break;
                case TextComponent.Delete d:
                    result.Add(new TextComponent.Insert(CodePoints.Slice(baseText, at, d.Count)));
                    at += d.Count;
                    break;
            }
        }
        return result.Build();
    }

    private static int Advance(string text, int utf16Index, int codePoints)
    {
        for (var n = 0; n < codePoints; n++) utf16Index += CodePoints.UnitsAt(text, utf16Index);
        return utf16Index;
    }
}
