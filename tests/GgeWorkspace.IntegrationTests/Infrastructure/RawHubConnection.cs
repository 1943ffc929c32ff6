using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>
/// A hub connection that speaks the SignalR JSON protocol by hand over the test host's WebSocket, so a test can send any
/// bytes a hostile client could (numbers out of range, wrong shapes, lone surrogate escapes) and read the exact answer.
/// </summary>
public sealed class RawHubConnection : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly WebSocket _socket;
    private readonly StringBuilder _received = new();
    private int _nextId;

    private RawHubConnection(WebSocket socket) => _socket = socket;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public static async Task<RawHubConnection> ConnectAsync(GgeApiFactory api, string sub)
    {
        var token = GgeApiFactory.TokenFor(sub);
        var uri = new Uri(api.Server.BaseAddress, $"hubs/drafting?access_token={Uri.EscapeDataString(token)}");
        var socket = await api.Server.CreateWebSocketClient().ConnectAsync(new UriBuilder(uri) { Scheme = "ws" }.Uri, CancellationToken.None);
        var connection = new RawHubConnection(socket);
        await connection.SendRecordAsync("""{"protocol":"json","version":1}""");
        var handshake = await connection.ReceiveRecordAsync() ?? throw new InvalidOperationException("No handshake answer.");
        if (handshake != "{}") throw new InvalidOperationException($"Handshake refused: {handshake}");
        return connection;
    }

    /// <summary>Invokes <paramref name="target"/> with <paramref name="argumentsJson"/> as the raw JSON of the arguments array; the completion, or null once the server closed the connection.</summary>
    public Task<HubAnswer?> InvokeAsync(string target, string argumentsJson) => InvokeAsync(1, target, argumentsJson, "");

    /// <summary>A streaming invocation (type 4), asking the hub to stream <paramref name="target"/>'s results.</summary>
    public Task<HubAnswer?> StreamAsync(string target, string argumentsJson) => InvokeAsync(4, target, argumentsJson, "");

    /// <summary>An invocation that sends stream arguments to the hub (their ids in <c>streamIds</c>).</summary>
    public Task<HubAnswer?> InvokeWithStreamsAsync(string target, string argumentsJson, params string[] streamIds) =>
        InvokeAsync(1, target, argumentsJson, $",\"streamIds\":{JsonSerializer.Serialize(streamIds)}");

    private async Task<HubAnswer?> InvokeAsync(int type, string target, string argumentsJson, string extra)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendRecordAsync($$"""{"type":{{type}},"invocationId":"{{id}}","target":{{JsonSerializer.Serialize(target)}},"arguments":{{argumentsJson}}{{extra}}}""");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await ReceiveRecordAsync(timeout.Token) is { } record)
        {
            using var message = JsonDocument.Parse(record);
            var root = message.RootElement;
            if (root.GetProperty("type").GetInt32() == 3 && root.GetProperty("invocationId").GetString() == id)
                return new HubAnswer(
                    root.TryGetProperty("error", out var error) ? error.GetString() : null,
                    root.TryGetProperty("result", out var result) ? result.Clone() : null);
        }
        if (timeout.IsCancellationRequested) throw new TimeoutException($"No answer to {target} within a minute.");
        return null;
    }

    /// <summary>
    /// Reads until the server has closed the connection: the error of its close message ("Connection closed with an error. ..."),
    /// or null when it closed without one.
    /// </summary>
    public async Task<string?> CloseErrorAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await ReceiveRecordAsync(timeout.Token) is { } record)
        {
            using var message = JsonDocument.Parse(record);
            if (message.RootElement.GetProperty("type").GetInt32() != 7) continue;
            var error = message.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
            while (await ReceiveRecordAsync(timeout.Token) is not null)
            {
                // Nothing follows a close message but the end of the connection.
            }
            return error;
        }
        if (timeout.IsCancellationRequested) throw new TimeoutException("The server did not close the connection within a minute.");
        return null;
    }

    /// <summary>Sends raw text as one record (the separator is added).</summary>
    public async Task SendRecordAsync(string record)
    {
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(record + Separator), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // Closed by the server: the next receive says so.
        }
    }

    private async Task<string?> ReceiveRecordAsync(CancellationToken ct = default)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = _received.ToString();
            var end = text.IndexOf(Separator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _received.Remove(0, end + 1);
                return text[..end];
            }
            if (_socket.State != WebSocketState.Open) return null;
            WebSocketReceiveResult result;
            var bytes = new List<byte>();
            try
            {
                do
                {
                    result = await _socket.ReceiveAsync(buffer, ct);
                    if (result.MessageType == WebSocketMessageType.Close) return null;
                    bytes.AddRange(buffer.AsSpan(0, result.Count));
                }
                while (!result.EndOfMessage);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                return null;
            }
            _received.Append(Encoding.UTF8.GetString([.. bytes]));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}

/// <summary>
/// The problem a close message carries: SignalR sends "Connection closed with an error. UnreadableRecordException: " and the problem JSON.
/// </summary>
public static class CloseProblem
{
    public static JsonElement Parse(string? error) => JsonDocument.Parse(
        error is { } e && e.Contains("UnreadableRecordException: {", StringComparison.Ordinal)
            ? e[e.IndexOf('{', StringComparison.Ordinal)..]
            : throw new Xunit.Sdk.XunitException($"Expected a close with a problem, got: {error ?? "no error"}")).RootElement;
}

/// <summary>
/// A completion: either an error or a result. SignalR sends a refusal's error as
/// "An unexpected error occurred invoking 'X' on the server. HubException: " followed by the problem JSON.
/// </summary>
public sealed record HubAnswer(string? Error, JsonElement? Result)
{
    public bool IsProblem => Error is { } e && e.Contains("HubException: {", StringComparison.Ordinal) && !e.Contains("Failed to invoke", StringComparison.Ordinal);

    public JsonElement Problem => JsonDocument.Parse(
        Error is { } e ? e[e.IndexOf('{', StringComparison.Ordinal)..] : throw new Xunit.Sdk.XunitException($"Expected a refusal, got {Result}")).RootElement;

    public int Status => Problem.GetProperty("status").GetInt32();

    public string Type => Problem.GetProperty("type").GetString()!;
}
