using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;

namespace GgeWorkspace.Bench;

/// <summary>
/// A lighter .NET driver: one raw WebSocket speaking SignalR's JSON hub protocol (records ended by 0x1E), with the
/// client library's <see cref="ParagraphDocument"/> for the client algorithm (one operation in flight, what is typed
/// meanwhile composed, incoming operations transformed over what is pending). It joins selectively and follows its
/// paragraph, as the session driver does, so both receive the same messages. Like the session it checks the text hash
/// of acknowledgements, broadcasts and catch-ups, takes the whole text again with Resync when it differs (counted in
/// <see cref="Divergences"/>), and keeps pending edits when a catch-up answers the whole text.
/// </summary>
public sealed class RawLiveClient : ILiveClient
{
    private const byte RecordSeparator = 0x1E;
    private static readonly JsonSerializerOptions Json = CreateJson();

    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Guid _groupId;
    private readonly Guid _draftId;
    private readonly Guid _paragraphId;
    private ParagraphDocument? _document;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private long _nextCall;
    private int _errors;

    private RawLiveClient(WebSocket socket, Guid groupId, Guid draftId, Guid paragraphId)
    {
        _socket = socket;
        _groupId = groupId;
        _draftId = draftId;
        _paragraphId = paragraphId;
    }

    public event Action<TextOperation>? RemoteApplied;

    public int ErrorCount => Volatile.Read(ref _errors);

    private int _divergences;

    /// <summary>How many times the text held differed from the server's (by its hash, or an operation that did not fit).</summary>
    public int Divergences => Volatile.Read(ref _divergences);

    private int _resyncing;

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return o;
    }

    public static async Task<ILiveClient> ConnectAsync(BenchGroup group, string sub, Guid draftId, Guid paragraphId)
    {
        var token = group.TokenFor(sub);
        var http = new Uri(group.BaseAddress, DraftingHubProtocol.Path.TrimStart('/'));
        var uri = new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
        WebSocket socket;
        if (group.Transport.ConnectWebSocket is { } connect) socket = await connect(uri, CancellationToken.None);
        else
        {
            var client = new ClientWebSocket();
            await client.ConnectAsync(uri, CancellationToken.None);
            socket = client;
        }
        var raw = new RawLiveClient(socket, group.GroupId, draftId, paragraphId);
        await raw.StartAsync(sub);
        return raw;
    }

    private async Task StartAsync(string sub)
    {
        await SendRecordAsync("{\"protocol\":\"json\",\"version\":1}"u8.ToArray());
        var handshake = await ReadRecordAsync() ?? throw new InvalidOperationException("The hub closed during the handshake.");
        using (var answer = JsonDocument.Parse(handshake))
            if (answer.RootElement.TryGetProperty("error", out var error)) throw new InvalidOperationException($"Handshake refused: {error}");
        _receiving = Task.Run(ReceiveLoopAsync);
        // The server closes a connection it has not heard from in 30 s; SignalR clients ping every 15 s.
        _pinging = Task.Run(PingLoopAsync);

        var joined = await InvokeAsync(DraftingHubProtocol.JoinDraftSelectively, _groupId, _draftId);
        var paragraph = Paragraphs(joined.GetProperty("draft")).First(p => p.GetProperty("id").GetGuid() == _paragraphId);
        var document = new ParagraphDocument(_paragraphId, paragraph.GetProperty("text").GetString()!, paragraph.GetProperty("textVersion").GetInt64(), sub);
        document.ReadyToSend += pending => _ = SubmitAsync(document, pending);
        document.RemoteApplied += op => RemoteApplied?.Invoke(op);
        lock (document) _document = document;
        await InvokeAsync(DraftingHubProtocol.FollowParagraph, _groupId, _draftId, _paragraphId);
        long version;
        lock (document) version = document.Version;
        // Whatever was committed between reading the draft and following the paragraph.
        var missed = (await InvokeAsync(DraftingHubProtocol.CatchUp, _groupId, _draftId, _paragraphId, version)).Deserialize<CatchUpResult>(Json)!;
        await TakeCatchUpAsync(document, missed);
    }

    /// <summary>
    /// Applies a catch-up: the operations, or the whole text with pending edits rebased over it (the operation in flight
    /// is then resent, applied once by its client id); then checks the text hash.
    /// </summary>
    private async Task TakeCatchUpAsync(ParagraphDocument document, CatchUpResult result)
    {
        PendingOperationState? resend = null;
        lock (document)
        {
            if (result.Text is not null)
            {
                if (document.Rebase(result.Text, result.Version)) resend = document.Resend();
            }
            else document.Receive(result.Operations);
            document.Verify(result.Version, result.TextHash);
            if (document.Diverged) resend = null;
        }
        if (resend is not null) await SubmitAsync(document, resend);
        ResyncIfDiverged(document);
    }

    private void ResyncIfDiverged(ParagraphDocument document)
    {
        bool diverged;
        lock (document) diverged = document.Diverged;
        if (!diverged || Interlocked.CompareExchange(ref _resyncing, 1, 0) != 0) return;
        Interlocked.Increment(ref _divergences);
        _ = ResyncAsync(document);
    }

    /// <summary>The text differs from the server's: take the whole text again, keeping pending edits, as the session does.</summary>
    private async Task ResyncAsync(ParagraphDocument document)
    {
        try
        {
            var result = (await InvokeAsync(DraftingHubProtocol.Resync, _groupId, _draftId, _paragraphId)).Deserialize<CatchUpResult>(Json)!;
            PendingOperationState? resend;
            lock (document) resend = document.Rebase(result.Text!, result.Version) ? document.Resend() : null;
            if (resend is not null) await SubmitAsync(document, resend);
        }
        catch (InvalidOperationException) when (!_closing.IsCancellationRequested)
        {
            Interlocked.Increment(ref _errors);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            Volatile.Write(ref _resyncing, 0);
        }
    }

    public void Edit(Func<string, TextOperation> edit)
    {
        var document = _document!;
        lock (document) document.Edit(edit(document.Text));
    }

    public (string Text, long Version, bool Synchronized) Snapshot()
    {
        var document = _document!;
        lock (document) return (document.Text, document.Version, document.IsSynchronized);
    }

    private async Task SubmitAsync(ParagraphDocument document, PendingOperationState pending)
    {
        try
        {
            var ack = (await InvokeAsync(DraftingHubProtocol.Submit,
                new SubmitOperation(_groupId, _draftId, _paragraphId, pending.BaseVersion, pending.ClientOperationId, pending.Operation)))
                .Deserialize<OperationAck>(Json)!;
            lock (document)
            {
                // After a whole-text catch-up the text may hold it already: then it comes out of the local text again.
                if (ack.Duplicate && ack.Version <= document.Version) document.SettleCommittedInFlight(pending.ClientOperationId);
                else document.Verify(ack.Version, ack.TextHash);
            }
            ResyncIfDiverged(document);
        }
        catch (Exception) when (!_closing.IsCancellationRequested)
        {
            // Refused: the local edits are dropped and the text returns to the server's, as the session does.
            Interlocked.Increment(ref _errors);
            lock (document) document.Reject(pending.ClientOperationId);
        }
    }

    private async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextCall).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        await SendRecordAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = 1, invocationId = id, target, arguments }, Json));
        return await call.Task;
    }

    private async Task SendRecordAsync(byte[] json)
    {
        var record = new byte[json.Length + 1];
        json.CopyTo(record, 0);
        record[^1] = RecordSeparator;
        await _sending.WaitAsync();
        try { await _socket.SendAsync(record, WebSocketMessageType.Text, true, CancellationToken.None); }
        finally { _sending.Release(); }
    }

    private readonly ArrayBufferWriter<byte> _incoming = new();

    /// <summary>The next record (without its separator), or null when the socket closed.</summary>
    private async Task<byte[]?> ReadRecordAsync()
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var span = _incoming.WrittenSpan;
            var end = span.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                var record = span[..end].ToArray();
                var rest = span[(end + 1)..].ToArray();
                _incoming.Clear();
                _incoming.Write(rest);
                return record;
            }
            var read = await _socket.ReceiveAsync(buffer, _closing.Token);
            if (read.MessageType == WebSocketMessageType.Close) return null;
            _incoming.Write(buffer.AsSpan(0, read.Count));
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReadRecordAsync() is { } record)
            {
                using var message = JsonDocument.Parse(record);
                var root = message.RootElement;
                switch (root.GetProperty("type").GetInt32())
                {
                    case 1 when root.GetProperty("target").GetString() == DraftingHubProtocol.OperationsCommitted:
                        var committed = root.GetProperty("arguments")[0].Deserialize<OperationsCommitted>(Json)!;
                        if (committed.ParagraphId != _paragraphId || _document is not { } document) break;
                        bool gap;
                        lock (document)
                        {
                            document.Receive(committed.Operations);
                            gap = document.MissingVersion is not null;
                        }
                        ResyncIfDiverged(document);
                        if (gap && Interlocked.CompareExchange(ref _watchingGap, 1, 0) == 0) _ = CatchUpAtGapAsync(document);
                        break;
                    case 3:
                        if (!_calls.TryRemove(root.GetProperty("invocationId").GetString()!, out var call)) break;
                        if (root.TryGetProperty("error", out var error)) call.TrySetException(new InvalidOperationException(error.GetString()));
                        else call.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                        break;
                    case 7:
                        return;
                }
            }
        }
        catch (Exception e) when (_closing.IsCancellationRequested || e is WebSocketException)
        {
            // Closed by us, or the connection dropped: pending calls fail below and the run reports no convergence.
        }
        finally
        {
            foreach (var call in _calls.Values) call.TrySetException(new InvalidOperationException("The hub connection closed."));
        }
    }

    private int _watchingGap;

    /// <summary>
    /// As the session does: an operation that waited at a version gap for 1.5 s (a broadcast can be lost without the
    /// connection dropping) makes the paragraph catch up from the version held.
    /// </summary>
    private async Task CatchUpAtGapAsync(ParagraphDocument document)
    {
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                long? missing;
                lock (document) missing = document.MissingVersion;
                if (missing is null) return;
                await Task.Delay(TimeSpan.FromSeconds(1.5), _closing.Token);
                long version;
                lock (document)
                {
                    if (document.MissingVersion != missing) continue;
                    version = document.Version;
                }
                var result = (await InvokeAsync(DraftingHubProtocol.CatchUp, _groupId, _draftId, _paragraphId, version)).Deserialize<CatchUpResult>(Json)!;
                Interlocked.Increment(ref _gapCatchUps);
                await TakeCatchUpAsync(document, result);
            }
        }
        catch (Exception) when (_closing.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException)
        {
            Interlocked.Increment(ref _errors);
        }
        finally
        {
            Volatile.Write(ref _watchingGap, 0);
        }
    }

    private int _gapCatchUps;

    /// <summary>How many times the paragraph caught up at a version gap.</summary>
    public int GapCatchUps => Volatile.Read(ref _gapCatchUps);

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), _closing.Token);
                await SendRecordAsync("{\"type\":6}"u8.ToArray());
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
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
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(2)));
        await _closing.CancelAsync();
        await Task.WhenAll(_receiving, _pinging);
        _socket.Dispose();
    }
}
