using System.Buffers;
using System.Runtime.InteropServices;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>A commit was refused because one of its events would be stored in a form the service cannot read back.</summary>
public sealed class UnreadableEventRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The write path's half of "what is stored can always be read": before any commit, each of the product's events is
/// serialized once as it will be stored, read back from those bytes with the same serializer and the same <see cref="StoredEventRules"/> the
/// readers apply, and must serialize to the same JSON again. An event that fails refuses the whole commit (nothing is
/// stored). This catches what in-memory checks cannot see: values that do not survive JSON, fields left null.
/// </summary>
public sealed class StoredEventCheck : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        foreach (var stream in session.PendingChanges.Streams())
        {
            foreach (var e in stream.Events)
            {
                var type = e.Data.GetType();
                if (!StoredEventRules.IsProductEvent(type)) continue;
                if (UnreadableEvents.IsUnreadable(e.Data))
                    throw new UnreadableEventRefusedException($"A stand-in for an unreadable {type.Name} cannot be stored.");
                // Written once as UTF-8, read back from those very bytes, written again only to compare.
                var written = new ArrayBufferWriter<byte>(512);
                serializer.WriteTo(written, e.Data);
                object readBack;
                try
                {
                    using var stored = AsStream(written);
                    readBack = serializer.FromJson(type, stored);
                }
                catch (Exception failure) when (failure is System.Text.Json.JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
                {
                    throw new UnreadableEventRefusedException($"{type.Name} for stream {stream.Id} would not read back: {failure.Message}", failure);
                }
                if (StoredEventRules.Problem(readBack) is { } problem)
                    throw new UnreadableEventRefusedException($"{type.Name} for stream {stream.Id} breaks the stored-event rules: {problem}.");
                var rewritten = new ArrayBufferWriter<byte>(written.WrittenCount);
                serializer.WriteTo(rewritten, readBack);
                if (!rewritten.WrittenSpan.SequenceEqual(written.WrittenSpan))
                    throw new UnreadableEventRefusedException($"{type.Name} for stream {stream.Id} would read back differently from what was written.");
            }
        }
        return Task.CompletedTask;
    }

    private static MemoryStream AsStream(ArrayBufferWriter<byte> written) =>
        MemoryMarshal.TryGetArray(written.WrittenMemory, out var bytes)
            ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
            : new MemoryStream(written.WrittenSpan.ToArray(), writable: false);
}
