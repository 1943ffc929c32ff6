using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Client.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.Bench;

/// <summary>A child process (the service or the ShareDB peer) with its CPU time read from /proc.</summary>
public sealed class ChildProcess(Process process, string name) : IAsyncDisposable
{
    public Process Process => process;

    public string Name => name;

    public static ChildProcess Start(string name, string file, IEnumerable<string> args, IDictionary<string, string> env, string workingDirectory, string logFile)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {name}");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new ChildProcess(p, name);
    }

    /// <summary>User + system CPU seconds of the process so far.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 (1-based) of /proc/pid/stat; fields[0] is field 3.
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Resident memory in MB.</summary>
    public double RssMb()
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM first, so the service shuts down cleanly; kill if it does not.
            try { Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit(); } catch (System.ComponentModel.Win32Exception) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForHttpAsync(string url, ChildProcess child, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (child.Process.HasExited) throw new InvalidOperationException($"{child.Name} exited with {child.Process.ExitCode}; see its log.");
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{child.Name} did not answer {url}.");
            await Task.Delay(200);
        }
    }
}

/// <summary>REST calls on the running service as one member (tokens signed with the run's key).</summary>
public sealed class ServiceClient
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return o;
    }

    public ServiceClient(Uri baseAddress, AuthOptions auth, string sub, bool secretariat = false, HttpMessageHandler? handler = null)
    {
        Sub = sub;
        Token = DevelopmentTokens.IssueToken(new DemoUser(sub, sub, "", secretariat), auth, TimeProvider.System, TimeSpan.FromHours(6));
        Http = new HttpClient(handler ?? new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public string Sub { get; }

    public string Token { get; }

    public HttpClient Http { get; }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, long? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return await Http.SendAsync(request);
    }

    public async Task<JsonNode> ReadAsync(HttpMethod method, string path, object? body = null, long? ifMatch = null)
    {
        var response = await SendAsync(method, path, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

/// <summary>
/// How the driver reaches the service: over the network by default; a test passes its in-memory server's HTTP handler
/// and WebSocket client. The socket callback receives each hub connection's WebSocket, so a client can be killed
/// (aborted without a close) as a crashed process would be.
/// </summary>
public sealed record BenchTransport(
    Func<HttpMessageHandler>? Handler = null,
    Func<Uri, CancellationToken, Task<System.Net.WebSockets.WebSocket>>? ConnectWebSocket = null);

/// <summary>A group with a chair and expert members, and helpers to build drafts in it.</summary>
public sealed class BenchGroup
{
    private readonly Dictionary<string, string> _tokens = [];

    private BenchGroup(Guid groupId, ServiceClient chair, IReadOnlyList<string> experts, Uri baseAddress, AuthOptions auth, BenchTransport transport)
    {
        GroupId = groupId;
        Chair = chair;
        Experts = experts;
        BaseAddress = baseAddress;
        Auth = auth;
        Transport = transport;
    }

    public BenchTransport Transport { get; }

    /// <summary>A hub connection (WebSockets, no negotiation) for a member; <paramref name="onSocket"/> receives its WebSocket.</summary>
    public HubConnection CreateHub(string sub, Action<System.Net.WebSockets.WebSocket>? onSocket = null)
    {
        var token = TokenFor(sub);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, DraftingHubProtocol.Path.TrimStart('/')), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    // As browsers do: the token travels as access_token in the WebSocket URL.
                    var uri = new Uri($"{context.Uri}{(context.Uri.Query.Length > 0 ? "&" : "?")}access_token={Uri.EscapeDataString(token)}");
                    System.Net.WebSockets.WebSocket socket;
                    if (Transport.ConnectWebSocket is { } connect) socket = await connect(uri, ct);
                    else
                    {
                        var client = new System.Net.WebSockets.ClientWebSocket();
                        await client.ConnectAsync(uri, ct);
                        socket = client;
                    }
                    onSocket?.Invoke(socket);
                    return socket;
                };
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        return connection;
    }

    /// <summary>A member's bearer token, issued once per member.</summary>
    public string TokenFor(string sub)
    {
        lock (_tokens)
        {
            if (!_tokens.TryGetValue(sub, out var token)) _tokens[sub] = token = As(sub).Token;
            return token;
        }
    }

    public Guid GroupId { get; }

    public ServiceClient Chair { get; }

    public IReadOnlyList<string> Experts { get; }

    public Uri BaseAddress { get; }

    public AuthOptions Auth { get; }

    public string Base => $"/api/groups/{GroupId}";

    public ServiceClient As(string sub) => new(BaseAddress, Auth, sub, handler: Transport.Handler?.Invoke());

    public static async Task<BenchGroup> CreateAsync(Uri baseAddress, AuthOptions auth, int experts, BenchTransport? transport = null)
    {
        transport ??= new BenchTransport();
        var secretariat = new ServiceClient(baseAddress, auth, "bench-secretariat", secretariat: true, handler: transport.Handler?.Invoke());
        var group = await secretariat.ReadAsync(HttpMethod.Post, "/api/groups", new { name = "Benchmark group", mandateReference = "A/RES/00/00" });
        var groupId = group["id"]!.GetValue<Guid>();
        var version = group["version"]!.GetValue<long>();
        var members = new List<(string Sub, string Role)> { ("bench-chair", "Chair") };
        members.AddRange(Enumerable.Range(1, experts).Select(i => ($"bench-expert-{i:D3}", "Expert")));
        foreach (var (sub, role) in members)
        {
            var added = await secretariat.SendAsync(HttpMethod.Post, $"/api/groups/{groupId}/members", new { sub, role }, version);
            if (!added.IsSuccessStatusCode) throw new InvalidOperationException($"Adding {sub}: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
            version = long.Parse(added.Headers.ETag!.Tag.Trim('"'));
        }
        return new BenchGroup(groupId, new ServiceClient(baseAddress, auth, "bench-chair", handler: transport.Handler?.Invoke()),
            [.. members.Skip(1).Select(m => m.Sub)], baseAddress, auth, transport);
    }

    /// <summary>A workstream draft with one section per heading; returns the draft id and the section ids.</summary>
    public async Task<(Guid DraftId, List<Guid> Sections)> CreateDraftAsync(string title, int sections)
    {
        var ws = await Chair.ReadAsync(HttpMethod.Post, $"{Base}/workstreams", new { title, mandate = $"Mandate of {title}", label = "(a)" });
        var draftId = ws["draftId"]!.GetValue<Guid>();
        var ids = new List<Guid>();
        for (var i = 1; i <= sections; i++)
        {
            var draft = await Chair.ReadAsync(HttpMethod.Get, $"{Base}/drafts/{draftId}");
            var heading = $"Section {i}";
            await Chair.ReadAsync(HttpMethod.Post, $"{Base}/drafts/{draftId}/sections", new { heading }, draft["version"]!.GetValue<long>());
            var after = await Chair.ReadAsync(HttpMethod.Get, $"{Base}/drafts/{draftId}");
            ids.Add(after["sections"]!.AsArray().Single(s => s!["heading"]!.GetValue<string>() == heading)!["id"]!.GetValue<Guid>());
        }
        return (draftId, ids);
    }

    public async Task<JsonNode> AddParagraphAsync(Guid draftId, Guid sectionId, string text) =>
        await Chair.ReadAsync(HttpMethod.Post, $"{Base}/drafts/{draftId}/paragraphs", new { sectionId, text });

    public async Task<(string Text, long Version)> ParagraphAsync(Guid draftId, Guid paragraphId)
    {
        var p = await Chair.ReadAsync(HttpMethod.Get, $"{Base}/drafts/{draftId}/paragraphs/{paragraphId}");
        return (p["text"]!.GetValue<string>(), p["textVersion"]!.GetValue<long>());
    }
}
