using System.Text.RegularExpressions;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// What a UN document's pages print around the text, and which a text extraction leaves among it: the symbol as
/// running head ("A/72/304"), the page counter ("5/33"), the job number with its language letter ("17-13629 (C)"),
/// alone or several on one line, and the rule that separates footnotes from the text ("__________").
/// Only whole lines are furniture: a symbol or a number inside a sentence is text.
/// </summary>
public static partial class PageFurniture
{
    public static bool IsFurniture(string line) => Furniture().IsMatch(line) || IsFootnoteSeparator(line);

    public static bool IsFootnoteSeparator(string line) => Separator().IsMatch(line);

    [GeneratedRegex(@"^\s*(?:A/\d+/\d+(?:/[A-Za-z]+\.\d+)?|\d{1,3}/\d{1,3}|\d{2}-\d{5}(?:\s*\([A-Z]{1,2}\))?)(?:\s+(?:A/\d+/\d+(?:/[A-Za-z]+\.\d+)?|\d{1,3}/\d{1,3}|\d{2}-\d{5}(?:\s*\([A-Z]{1,2}\))?))*\s*$")]
    private static partial Regex Furniture();

    [GeneratedRegex(@"^\s*_{5,}\s*$")]
    private static partial Regex Separator();
}
