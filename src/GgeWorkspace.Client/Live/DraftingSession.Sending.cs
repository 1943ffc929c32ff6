using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Client.Live;

public sealed partial class DraftingSession
{
    private async Task SendAsync(ParagraphDocument document, PendingOperationState pending)
    {
        if (IsOutdated)
        {
            // The service would refuse it as outdated: it stays in flight locally, never submitted.
            _errors.Enqueue(new ClientOutdatedException(ProtocolVersion, ServiceProtocolVersion!.Value));
            return;
        }
        try
        {
            var ack = await _connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
                new SubmitOperation(GroupId, DraftId, document.ParagraphId, pending.BaseVersion, pending.ClientOperationId, pending.Operation)
                {
                    ProtocolVersion = ProtocolVersion,
                    SourceTextVersion = _workingTextVersions.TryGetValue(document.ParagraphId, out var reading) ? reading : null,
                });
            lock (document)
            {
                // After a resync the whole text may hold it already: then it comes out of the local text again.
                if (ack.Duplicate && ack.Version <= document.Version) document.SettleCommittedInFlight(pending.ClientOperationId);
                else document.Verify(ack.Version, ack.TextHash);
            }
            ResyncIfDiverged(document);
            Acknowledged?.Invoke(document.ParagraphId, pending, ack);
        }
        catch (HubException e)
        {
            _errors.Enqueue(e);
            if (IsTransient(e))
            {
                if (_connection.State == HubConnectionState.Connected) _ = RetryAsync(document);
            }
            else
            {
                // Refused for good (status, silence, role...): drop the local edits, back to the server's text.
                lock (document) document.Reject(pending.ClientOperationId);
            }
        }
        catch (Exception e) when (_connection.State != HubConnectionState.Connected)
        {
            // Disconnected mid-flight: RecoverAsync resends it after the reconnect (applied once by its client id).
            _errors.Enqueue(e);
        }
    }
}
