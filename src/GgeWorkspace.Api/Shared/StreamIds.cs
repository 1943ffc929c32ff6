using System.Security.Cryptography;

namespace GgeWorkspace.Api.Shared;

/// <summary>Stream ids are shared by every kind of stream, so a stream derived from another gets its own id from a name.</summary>
public static class StreamIds
{
    /// <summary>A name-based id (UUID version 8, from SHA-256): the same name always gives the same id.</summary>
    public static Guid NameBased(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A name-based id (RFC 9562 version 5, SHA-1) of <paramref name="name"/> within <paramref name="namespace"/>.</summary>
    public static Guid NameBased(Guid @namespace, Guid name)
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
