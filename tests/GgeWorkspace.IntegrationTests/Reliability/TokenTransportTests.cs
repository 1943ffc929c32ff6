using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// Where a bearer token may travel: the Authorization header everywhere; the access_token query parameter only on the
/// hub's WebSocket handshake, where browsers cannot set headers. Long Polling needs the header; Server-Sent Events are
/// off. Every 401 is a problem document, including for a correctly signed token that names no subject.
/// </summary>
public sealed class TokenTransportTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Hub = "/hubs/drafting";

    [Fact]
    public async Task WebSockets_accept_the_token_in_the_header_or_on_the_handshake_URL()
    {
        await using var byUrl = api.HubFor("demo-chair");
        await byUrl.StartAsync();
        Assert.Equal("demo-chair", await byUrl.InvokeAsync<string>(nameof(DraftingHub.WhoAmI)));

        var token = GgeApiFactory.TokenFor("demo-expert-can");
        await using var byHeader = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server.BaseAddress, "hubs/drafting"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var ws = api.Server.CreateWebSocketClient();
                    ws.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                    return await ws.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        await byHeader.StartAsync();
        Assert.Equal("demo-expert-can", await byHeader.InvokeAsync<string>(nameof(DraftingHub.WhoAmI)));
    }

    [Fact]
    public async Task Long_Polling_works_with_the_Authorization_header_and_refuses_a_token_in_the_URL()
    {
        await using var polling = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server.BaseAddress, "hubs/drafting"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => api.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(GgeApiFactory.TokenFor("demo-chair"));
            })
            .Build();
        await polling.StartAsync();
        Assert.Equal("demo-chair", await polling.InvokeAsync<string>(nameof(DraftingHub.WhoAmI)));

        var token = GgeApiFactory.TokenFor("demo-chair");
        var anonymous = api.Anonymous();
        using (var negotiate = await anonymous.PostAsync($"{Hub}/negotiate?negotiateVersion=1&access_token={token}", null))
            await AssertUnauthenticatedAsync(negotiate);

        var withHeader = api.ClientFor("demo-chair");
        using var negotiated = await withHeader.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null);
        negotiated.EnsureSuccessStatusCode();
        var connectionToken = (await JsonDocument.ParseAsync(await negotiated.Content.ReadAsStreamAsync())).RootElement.GetProperty("connectionToken").GetString();
        using (var poll = await anonymous.GetAsync($"{Hub}?id={connectionToken}&access_token={token}"))
            await AssertUnauthenticatedAsync(poll);
        // A request that only claims to be a WebSocket handshake (no valid key) does not make the URL's token count either.
        var pretending = new HttpRequestMessage(HttpMethod.Get, $"{Hub}?id={connectionToken}&access_token={token}");
        pretending.Headers.Connection.Add("Upgrade");
        pretending.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        pretending.Headers.Add("Sec-WebSocket-Version", "13");
        pretending.Headers.Add("Sec-WebSocket-Key", "not-a-key");
        using (var pretended = await anonymous.SendAsync(pretending))
            await AssertUnauthenticatedAsync(pretended);
    }

    [Fact]
    public async Task Server_Sent_Events_are_not_offered_and_cannot_be_used()
    {
        var chair = api.ClientFor("demo-chair");
        using var negotiated = await chair.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null);
        negotiated.EnsureSuccessStatusCode();
        var negotiation = (await JsonDocument.ParseAsync(await negotiated.Content.ReadAsStreamAsync())).RootElement;
        var offered = negotiation.GetProperty("availableTransports").EnumerateArray().Select(t => t.GetProperty("transport").GetString()).ToList();
        Assert.Equal(["WebSockets", "LongPolling"], offered);

        var events = new HttpRequestMessage(HttpMethod.Get, $"{Hub}?id={negotiation.GetProperty("connectionToken").GetString()}");
        events.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var refused = await chair.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        await using var client = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server.BaseAddress, "hubs/drafting"), o =>
            {
                o.Transports = HttpTransportType.ServerSentEvents;
                o.HttpMessageHandlerFactory = _ => api.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(GgeApiFactory.TokenFor("demo-chair"));
            })
            .Build();
        await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync());
        Assert.Equal(HubConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task Over_Kestrel_a_browser_style_WebSocket_handshake_may_carry_the_token_in_its_URL_and_nothing_else_may()
    {
        await using var harness = await FaultHarness.StartAsync();
        var token = Uri.EscapeDataString(FaultHarness.TokenFor("demo-chair"));
        var hub = new Uri(harness.BaseAddress, $"hubs/drafting?access_token={token}");

        // As the reference web client does: a plain WebSocket, the token in the URL, then the SignalR JSON protocol.
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(hub) { Scheme = "ws" }.Uri, CancellationToken.None);
        await SendRecordAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", await ReceiveRecordAsync(socket));
        await SendRecordAsync(socket, """{"type":1,"invocationId":"1","target":"WhoAmI","arguments":[]}""");
        var completion = JsonDocument.Parse(await ReceiveRecordAsync(socket)).RootElement;
        Assert.Equal("demo-chair", completion.GetProperty("result").GetString());

        using var http = new HttpClient { BaseAddress = harness.BaseAddress };
        using (var negotiate = await http.PostAsync($"{Hub}/negotiate?negotiateVersion=1&access_token={token}", null))
            await AssertUnauthenticatedAsync(negotiate);
        using (var poll = await http.GetAsync($"{Hub}?id=x&access_token={token}"))
            await AssertUnauthenticatedAsync(poll);
        using (var rest = await http.GetAsync($"/api/groups?access_token={token}"))
            await AssertUnauthenticatedAsync(rest);
    }

    private static async Task SendRecordAsync(System.Net.WebSockets.ClientWebSocket socket, string json) =>
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(json + "\u001e"), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next SignalR record that is not a ping.</summary>
    private static async Task<string> ReceiveRecordAsync(System.Net.WebSockets.ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        var text = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
            var records = text.ToString().Split('\u001e');
            foreach (var record in records[..^1])
                if (!record.Contains("\"type\":6", StringComparison.Ordinal)) return record;
            text.Clear().Append(records[^1]);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_signed_token_without_a_subject_is_401_with_a_problem_on_REST_and_the_hub(string? sub)
    {
        var token = SignedToken(sub);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using (var groups = await client.GetAsync("/api/groups")) await AssertUnauthenticatedAsync(groups);
        using (var group = await client.GetAsync($"/api/groups/{Guid.NewGuid()}")) await AssertUnauthenticatedAsync(group);
        using (var negotiate = await client.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null)) await AssertUnauthenticatedAsync(negotiate);

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server.BaseAddress, "hubs/drafting"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) => await api.Server.CreateWebSocketClient()
                    .ConnectAsync(new Uri($"{context.Uri}?access_token={Uri.EscapeDataString(token)}"), ct);
            })
            .Build();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_401_is_a_problem_naming_the_unauthenticated_type()
    {
        var anonymous = api.Anonymous();
        using (var none = await anonymous.GetAsync("/api/groups")) await AssertUnauthenticatedAsync(none);
        using (var negotiate = await anonymous.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null)) await AssertUnauthenticatedAsync(negotiate);

        var forged = api.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GgeApiFactory.TokenFor("demo-chair")[..^4] + "AAAA");
        using var refused = await forged.GetAsync("/api/groups");
        var problem = await AssertUnauthenticatedAsync(refused);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("not valid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertUnauthenticatedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.ProblemAsync();
        Assert.Equal(ProblemTypes.Unauthenticated, problem.GetProperty("type").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>A token signed with the host's key, for the right issuer and audience, with the given subject (none when null).</summary>
    private static string SignedToken(string? sub)
    {
        var claims = new List<Claim> { new("name", "Nobody in particular") };
        if (sub is not null) claims.Add(new Claim("sub", sub));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GgeApiFactory.TokenOptions.Issuer,
            Audience = GgeApiFactory.TokenOptions.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(AuthSetup.SigningKey(GgeApiFactory.TokenOptions), SecurityAlgorithms.HmacSha256),
        });
    }
}
