using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Client.Live;

public sealed partial class DraftingSession
{
    private void OnCommitted(OperationsCommitted message)
    {
        if (message.DraftId != DraftId || !_documents.TryGetValue(message.ParagraphId, out var document)) return;
        bool waiting;
        lock (document)
        {
            document.Receive(message.Operations);
            waiting = document.MissingVersion is not null;
        }
        ResyncIfDiverged(document);
        if (waiting && _watchedGaps.TryAdd(document.ParagraphId, 0)) _ = CatchUpAtGapAsync(document);
    }

    private void ResyncIfDiverged(ParagraphDocument document)
    {
        bool diverged;
        lock (document) diverged = document.Diverged;
        if (diverged && _resyncing.TryAdd(document.ParagraphId, 0)) _ = ResyncAsync(document);
    }

    /// <summary>
    /// The paragraph's text no longer matches the server's: take the whole text again (the call counts as a divergence on
    /// the server), keeping local edits, and resend the operation in flight (applied once by its client id).
    /// </summary>
    private async Task ResyncAsync(ParagraphDocument document)
    {
        try
        {
            var result = await _connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.Resync, GroupId, DraftId, document.ParagraphId, _disposed.Token);
            Interlocked.Increment(ref _resyncs);
            PendingOperationState? resend;
            lock (document) resend = document.Rebase(result.Text!, result.Version) ? document.Resend() : null;
            if (resend is not null) await SendAsync(document, resend);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The next hash that differs (or the reconnect) tries again.
            _errors.Enqueue(e);
        }
        finally
        {
            _resyncing.TryRemove(document.ParagraphId, out _);
        }
    }
}
