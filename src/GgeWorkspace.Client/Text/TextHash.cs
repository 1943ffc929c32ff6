using System.IO.Hashing;
using System.Text;

namespace GgeWorkspace.Client.Text;

/// <summary>
/// The hash of a paragraph's text that acknowledgements, broadcasts and catch-ups carry, so a client can tell that its
/// copy of the server's text differs from the server's: XxHash64 with seed 0 over the text's UTF-8 bytes (no
/// normalization), written as 16 lowercase hex digits of the 64-bit value, most significant first (the hash's
/// canonical big-endian bytes). The empty text hashes to <c>ef46db3751d8e999</c>.
/// </summary>
public static class TextHash
{
    public static string Of(string text) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
