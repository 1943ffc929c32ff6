using System.Security.Cryptography;
using System.Text;

namespace GgeWorkspace.Api.Infrastructure.Marten;

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
}
