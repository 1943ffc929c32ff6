using System.Collections.Concurrent;
using System.Text.Json;
using GgeWorkspace.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Client.Live;

/// <summary>
/// One member's live session in a draft over the drafting hub: the paragraphs being edited (client-side OT), the
/// operations of others applied in version order, catch-up and resend after a reconnect, and presence.
/// </summary>
public sealed class DraftingSession : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ConcurrentDictionary<Guid, ParagraphDocument> _documents = new();
    private readonly ConcurrentQueue<Exception> _errors = new();
    private readonly List<IDisposable> _handlers = [];
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _recovering = new(1, 1);
    private readonly ConcurrentDictionary<Guid, byte> _watchedGaps = new();
    private readonly ConcurrentDictionary<Guid, byte> _resyncing = new();

    /// <param name="selective">Receive only the operations of the paragraphs opened (<see cref="OpenAsync"/>), not the whole draft's.</param>
    public DraftingSession(HubConnection connection, Guid groupId, Guid draftId, string sub, bool selective = false)
    {
        Selective = selective;
        _connection = connection;
        GroupId = groupId;
        DraftId = draftId;
        Sub = sub;
        _handlers.Add(connection.On<OperationsCommitted>(DraftingHubProtocol.OperationsCommitted, OnCommitted));
        _handlers.Add(connection.On<PresenceEntry>(DraftingHubProtocol.PresenceChanged, e => { if (e.DraftId == DraftId) Presence[e.TabId] = e; }));
        _handlers.Add(connection.On<PresenceGone>(DraftingHubProtocol.PresenceLeft, g => { if (g.DraftId == DraftId) Presence.TryRemove(g.TabId, out _); }));
        connection.Reconnected += _ => RecoverUntilDoneAsync();
    }

    /// <summary>Raised when the server acknowledged one of our operations (it is durable): paragraph, operation as sent, acknowledgement.</summary>
    public event Action<Guid, PendingOperationState, OperationAck>? Acknowledged;

    public bool Selective { get; }

    /// <summary>
    /// How long an operation received early may wait for a missing version before the paragraph catches up from the
    /// version held (a broadcast can be lost without the connection dropping).
    /// </summary>
    public TimeSpan GapCatchUpAfter { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The clock that times <see cref="GapCatchUpAfter"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How many times a paragraph caught up because an operation waited at a version gap.</summary>
    public int GapCatchUps => _gapCatchUps;

    private int _gapCatchUps;

    /// <summary>How many times a paragraph's text differed from the server's (by its hash) and was taken whole again.</summary>
    public int Resyncs => _resyncs;

    private int _resyncs;

    public Guid GroupId { get; }

    public Guid DraftId { get; }

    public string Sub { get; }

    public HubConnection Connection => _connection;

    /// <summary>Others in the draft, per tab.</summary>
    public ConcurrentDictionary<string, PresenceEntry> Presence { get; } = new();

    /// <summary>This session's own tab id.</summary>
    public string? TabId { get; private set; }

    /// <summary>The draft as the hub returned it when joining.</summary>
    public JsonElement Draft { get; private set; }

    /// <summary>The live-editing protocol version this session speaks (this library's, <see cref="DraftingHubProtocol.Version"/>).</summary>
    public int ProtocolVersion { get; init; } = DraftingHubProtocol.Version;

    /// <summary>The protocol version the service answered when joining (null before joining).</summary>
    public int? ServiceProtocolVersion { get; private set; }

    /// <summary>
    /// True when the service speaks a newer protocol version than this session: nothing more is submitted (edits stay
    /// pending locally) until the client is updated.
    /// </summary>
    public bool IsOutdated => ServiceProtocolVersion > ProtocolVersion;

    /// <summary>Errors the server answered to submitted operations (e.g. a paragraph no longer editable).</summary>
    public IReadOnlyCollection<Exception> Errors => _errors;

    public async Task JoinAsync(CancellationToken ct = default)
    {
        if (_connection.State == HubConnectionState.Disconnected) await _connection.StartAsync(ct);
        var joined = await _connection.InvokeAsync<JsonElement>(
            Selective ? DraftingHubProtocol.JoinDraftSelectively : DraftingHubProtocol.JoinDraft, GroupId, DraftId, ct);
        if (Selective)
            foreach (var paragraphId in _documents.Keys)
                await _connection.InvokeAsync(DraftingHubProtocol.FollowParagraph, GroupId, DraftId, paragraphId, ct);
        Draft = joined.GetProperty("draft");
        TabId = joined.GetProperty("tabId").GetString();
        foreach (var entry in joined.GetProperty("presence").Deserialize<List<PresenceEntry>>(LiveJson.Options) ?? [])
            if (entry.TabId != TabId) Presence[entry.TabId] = entry;
        ServiceProtocolVersion = joined.TryGetProperty("protocolVersion", out var version) ? version.GetInt32() : null;
        if (IsOutdated) throw new ClientOutdatedException(ProtocolVersion, ServiceProtocolVersion!.Value);
    }

    /// <summary>Starts editing a paragraph from the text and version the draft showed when joining.</summary>
    public ParagraphDocument Open(Guid paragraphId)
    {
        return _documents.GetOrAdd(paragraphId, id =>
        {
            var paragraph = Paragraphs(Draft).FirstOrDefault(p => p.GetProperty("id").GetGuid() == id);
            if (paragraph.ValueKind != JsonValueKind.Object) throw new InvalidOperationException("The paragraph is not in the draft.");
            var document = new ParagraphDocument(id, paragraph.GetProperty("text").GetString()!, paragraph.GetProperty("textVersion").GetInt64(), Sub);
            document.ReadyToSend += pending => _ = SendAsync(document, pending);
            return document;
        });
    }

    /// <summary>Opens a paragraph and, in a selective session, starts receiving its operations.</summary>
    public async Task<ParagraphDocument> OpenAsync(Guid paragraphId, CancellationToken ct = default)
    {
        var document = Open(paragraphId);
        if (!Selective) return document;
        await _connection.InvokeAsync(DraftingHubProtocol.FollowParagraph, GroupId, DraftId, paragraphId, ct);
        // Whatever was committed between reading the draft and following the paragraph.
        long version;
        lock (document) version = document.Version;
        var missed = await _connection.InvokeAsync<CatchUpResult>(DraftingHubProtocol.CatchUp, GroupId, DraftId, paragraphId, version, ct);
        lock (document)
        {
            if (missed.Text is not null) document.Rebase(missed.Text, missed.Version);
            else document.Receive(missed.Operations);
            document.Verify(missed.Version, missed.TextHash);
        }
        ResyncIfDiverged(document);
        return document;
    }

    /// <summary>Applies a local edit (code points); it is sent when nothing of ours is in flight.</summary>
    public void Edit(Guid paragraphId, TextOperation operation)
    {
        var document = _documents[paragraphId];
        lock (document) document.Edit(operation);
    }

    /// <summary>Edits with a function of the current text, atomically with respect to incoming operations.</summary>
    public void Edit(Guid paragraphId, Func<string, TextOperation> edit)
    {
        var document = _documents[paragraphId];
        lock (document) document.Edit(edit(document.Text));
    }

    public (string Text, long Version, bool Synchronized) Snapshot(Guid paragraphId)
    {
        var document = _documents[paragraphId];
        lock (document) return (document.Text, document.Version, document.IsSynchronized);
    }

    public Task UpdatePresenceAsync(Guid? paragraphId, int? caret, int? selectionEnd, bool typing, CancellationToken ct = default) =>
        _connection.InvokeAsync(DraftingHubProtocol.UpdatePresence, new PresenceUpdate(GroupId, DraftId, paragraphId, caret, selectionEnd, typing), ct);

    public Task HeartbeatAsync(CancellationToken ct = default) => _connection.InvokeAsync(DraftingHubProtocol.Heartbeat, ct);

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
    /// connection. Refusals (400, 403, 404, other 409s) are final.
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
            if (problem.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == DraftingHubProtocol.DraftNotJoined) return true;
            return code is 412 or 429 or >= 500;
        }
        catch (JsonException)
        {
            return true;
        }
    }

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

    private static IEnumerable<JsonElement> Paragraphs(JsonElement draft)
    {
        static IEnumerable<JsonElement> Of(JsonElement section) =>
            section.GetProperty("paragraphs").EnumerateArray().Concat(section.GetProperty("subSections").EnumerateArray().SelectMany(Of));
        return draft.GetProperty("sections").EnumerateArray().SelectMany(Of);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        foreach (var handler in _handlers) handler.Dispose();
        await _connection.DisposeAsync();
    }
}

/// <summary>
/// The service speaks a newer live-editing protocol than this client: the client must be updated. A session that got it
/// submits nothing more.
/// </summary>
public sealed class ClientOutdatedException(int clientVersion, int serviceVersion) : InvalidOperationException(
    $"The service speaks live-editing protocol version {serviceVersion}, newer than this client's {clientVersion}: update the client. Edits are no longer submitted.")
{
    public int ClientVersion { get; } = clientVersion;

    public int ServiceVersion { get; } = serviceVersion;
}

internal static class LiveJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
