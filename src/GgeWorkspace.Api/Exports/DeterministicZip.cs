using System.IO.Compression;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// Rewrites a ZIP package so the same parts always give the same bytes: entries in a fixed order ([Content_Types].xml,
/// then _rels/.rels, then the rest by ordinal name) and every entry stamped with the document's own date, never the clock.
/// </summary>
internal static class DeterministicZip
{
    private static readonly DateTimeOffset Earliest = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2107, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Normalize(byte[] zip, DateTimeOffset timestamp)
    {
        var entries = new List<(string Name, byte[] Content)>();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        {
            foreach (var entry in source.Entries)
            {
                using var stream = entry.Open();
                using var content = new MemoryStream();
                stream.CopyTo(content);
                entries.Add((entry.FullName, content.ToArray()));
            }
        }

        var stamp = new DateTimeOffset(timestamp.UtcDateTime.Date, TimeSpan.Zero);
        stamp = stamp < Earliest ? Earliest : stamp > Latest ? Latest : stamp;
        using var result = new MemoryStream();
        using (var target = new ZipArchive(result, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries.OrderBy(e => Rank(e.Name)).ThenBy(e => e.Name, StringComparer.Ordinal))
            {
                var entry = target.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = stamp;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return result.ToArray();
    }

    private static int Rank(string name) => name switch
    {
        "[Content_Types].xml" => 0,
        "_rels/.rels" => 1,
        _ => 2,
    };
}
