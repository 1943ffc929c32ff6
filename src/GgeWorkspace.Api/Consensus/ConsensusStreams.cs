using System.Security.Cryptography;
using System.Text;

namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The stream ids of consensus streams that belong to a paragraph or a draft. They are derived from that id (name-based,
/// RFC 9562 version 5) so the write side finds them without a lookup, and they never collide with the paragraph or draft
/// stream itself. Silence procedures have their own ids (<c>Guid.CreateVersion7()</c>).
/// </summary>
public static class ConsensusStreams
{
    private static readonly Guid PositionsNamespace = Guid.Parse("6a1d2c6e-6f73-4b6f-9e0a-706f73697469");
    private static readonly Guid AdoptionNamespace = Guid.Parse("6a1d2c6e-6f73-4b6f-9e0a-61646f707469");

    /// <summary>The stream of the delegations' positions on one paragraph (and of its auto-agree request).</summary>
    public static Guid PositionsOf(Guid paragraphId) => NameBased(PositionsNamespace, paragraphId);

    /// <summary>The stream recording the adoption of one draft.</summary>
    public static Guid AdoptionOf(Guid draftId) => NameBased(AdoptionNamespace, draftId);

    private static Guid NameBased(Guid @namespace, Guid name)
    {
        Span<byte> input = stackalloc byte[32];
        @namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        name.TryWriteBytes(input[16..], bigEndian: true, out _);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 ids; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
