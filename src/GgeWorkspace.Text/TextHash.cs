using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace GgeWorkspace.Text;

/// <summary>
/// The hash of a paragraph's text that acknowledgements, broadcasts and catch-ups carry, so a client can tell that its
/// copy of the server's text differs from the server's: XxHash64 with seed 0 over the text's UTF-8 bytes (no
/// normalization), written as 16 lowercase hex digits of the 64-bit value, most significant first (the hash's
/// canonical big-endian bytes). The empty text hashes to <c>ef46db3751d8e999</c>.
/// </summary>
public static class TextHash
{
    // Computed for every committed version on the live path: the UTF-8 bytes go through a pooled buffer, so a long
    // paragraph (up to 80 KB of UTF-8) does not allocate a large-object array per operation.
    public static string Of(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return XxHash64.HashToUInt64(buffer.AsSpan(0, length)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
