using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Client.Live;

// Catching up after a reconnect or a version gap, resending what was in flight, and retrying what failed for a while.
public sealed partial class DraftingSession
{
    /// <summary>Catches every open paragraph up with what was committed while disconnected, then resends what was in flight.</summary>
    public async Task RecoverAsync()
    {
        await JoinAsync();
        foreach (var document in _documents.Values) await CatchUpAndResendAsync(document);
    }

    private async Task CatchUpAndResendAsync(ParagraphDocument document)
    {
        long version;
        lock (document) version = document.Version;
        var result = await _connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, GroupId, DraftId, document.ParagraphId, version);
        PendingOperationState? resend;
        lock (document)
        {
            // Too far behind for operations: the whole text, keeping local edits (the in-flight one is resent below).
            if (result.Text is not null) document.Rebase(result.Text, result.Version);
            else document.Receive(result.Operations);
            document.Verify(result.Version, result.TextHash);
            resend = document.Diverged ? null : document.Resend();
        }
        if (resend is not null) await SendAsync(document, resend);
        ResyncIfDiverged(document);
    }

    /// <summary>
    /// After a reconnect: recovers, retrying while the service cannot answer yet (e.g. its database is restarting), so the
    /// session never stays behind with an operation in flight that nobody resends.
    /// </summary>
    private async Task RecoverUntilDoneAsync()
    {
        await _recovering.WaitAsync();
        try
        {
            for (var delay = TimeSpan.FromMilliseconds(100); !_disposed.IsCancellationRequested; delay = Backoff(delay))
            {
                if (_connection.State != HubConnectionState.Connected) return; // the next Reconnected recovers
                try
                {
                    await RecoverAsync();
                    return;
                }
                catch (ClientOutdatedException e)
                {
                    _errors.Enqueue(e);
                    return;
                }
                catch (Exception e) when (!_disposed.IsCancellationRequested)
                {
                    _errors.Enqueue(e);
                }
                await Delay(delay);
            }
        }
        finally
        {
            _recovering.Release();
        }
    }

    /// <summary>
    /// The server failed an operation without refusing it (an unexpected error, e.g. its database was unreachable, or
    /// too many conflicts): the operation may or may not have been committed. Catch up (which acknowledges it if it was)
    /// and resend it with the same client id (applied once), until the service answers.
    /// </summary>
    private async Task RetryAsync(ParagraphDocument document)
    {
        for (var delay = TimeSpan.FromMilliseconds(100); !_disposed.IsCancellationRequested; delay = Backoff(delay))
        {
            await Delay(delay);
            if (_connection.State != HubConnectionState.Connected) return; // the reconnect recovers it
            await _recovering.WaitAsync();
            try
            {
                await CatchUpAndResendAsync(document);
                return;
            }
            catch (Exception e) when (!_disposed.IsCancellationRequested)
            {
                _errors.Enqueue(e);
            }
            finally
            {
                _recovering.Release();
            }
        }
    }

    private static TimeSpan Backoff(TimeSpan delay) => TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));

    private async Task Delay(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _disposed.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Whether a failure the hub answered is worth retrying: an unexpected server error (no problem details), or a problem
    /// with status 412 (too many concurrent conflicts), 429 (rate limit) or 5xx, or the draft not joined (yet) on this
    /// connection. Refusals (400, 403, 404, other 409s) are final, and so is a damaged paragraph (503, until an operator
    /// repairs it).
    /// </summary>
    internal static bool IsTransient(HubException e)
    {
        // The message is the server's problem details, after the client's own prefix.
        var start = e.Message.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return true;
        try
        {
            using var problem = JsonDocument.Parse(e.Message[start..]);
            if (problem.RootElement.ValueKind != JsonValueKind.Object || !problem.RootElement.TryGetProperty("status", out var status)
                || status.ValueKind != JsonValueKind.Number) return true;
            var code = status.GetInt32();
            var type = problem.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type == DraftingHubProtocol.DraftNotJoined) return true;
            if (type == DraftingHubProtocol.ParagraphDamaged) return false;
            return code is 412 or 429 or >= 500;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>
    /// While an operation waits for a missing version: once the same version has been missing for
    /// <see cref="GapCatchUpAfter"/>, catch up from the version held instead of waiting for a reconnect.
    /// </summary>
    private async Task CatchUpAtGapAsync(ParagraphDocument document)
    {
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                long? missing;
                lock (document) missing = document.MissingVersion;
                if (missing is null) return;
                await Task.Delay(GapCatchUpAfter, Time, _disposed.Token);
                long version;
                lock (document)
                {
                    if (document.MissingVersion != missing) continue; // filled, or a later gap: time that one afresh
                    version = document.Version;
                }
                if (_connection.State != HubConnectionState.Connected) return; // the reconnect catches up
                var result = await _connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, GroupId, DraftId, document.ParagraphId, version, _disposed.Token);
                Interlocked.Increment(ref _gapCatchUps);
                PendingOperationState? resend = null;
                lock (document)
                {
                    // The whole text may hold the operation in flight: it is resent and settled by its answer.
                    if (result.Text is not null && document.Rebase(result.Text, result.Version)) resend = document.Resend();
                    else if (result.Text is null) document.Receive(result.Operations);
                    document.Verify(result.Version, result.TextHash);
                }
                if (resend is not null) await SendAsync(document, resend);
                ResyncIfDiverged(document);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _errors.Enqueue(e);
        }
        finally
        {
            _watchedGaps.TryRemove(document.ParagraphId, out _);
        }
        // A gap that opened just as this watch ended is watched again.
        bool reopened;
        lock (document) reopened = document.MissingVersion is not null;
        if (reopened && !_disposed.IsCancellationRequested && _connection.State == HubConnectionState.Connected
            && _watchedGaps.TryAdd(document.ParagraphId, 0))
            _ = CatchUpAtGapAsync(document);
    }
}
