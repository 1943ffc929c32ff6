using System.Net;
using System.Net.Sockets;

namespace GgeWorkspace.Api.Infrastructure.Http;

/// <summary>
/// The addresses Kestrel will listen on, read the way Kestrel reads them (Kestrel:Endpoints, else URLS, else
/// HTTP_PORTS/HTTPS_PORTS), so the service can refuse to start before it opens the database when one is taken.
/// </summary>
public static class ListeningAddresses
{
    /// <summary>Where `dotnet run` listens in Development when no address is chosen.</summary>
    public const string DevelopmentDefault = "http://localhost:5080";

    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>Whether the configuration chooses an address (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS, Kestrel endpoints ...).</summary>
    public static bool AreChosen(IConfiguration configuration) =>
        Configured(configuration).Count > 0;

    public static IReadOnlyList<string> Of(IConfiguration configuration) =>
        Configured(configuration) is { Count: > 0 } chosen ? chosen : [KestrelDefault];

    private static List<string> Configured(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0).ToList();
        if (endpoints.Count > 0) return endpoints;
        var urls = Split(configuration["urls"]);
        if (urls.Count > 0) return urls;
        return [.. Split(configuration["http_ports"]).Select(p => $"http://*:{p}"), .. Split(configuration["https_ports"]).Select(p => $"https://*:{p}")];
    }

    private static List<string> Split(string? value) =>
        [.. (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>
    /// The first address whose port another process already listens on, with that port; null when every one is free.
    /// A moment later the port may be taken after all: Kestrel then still fails, only later.
    /// </summary>
    public static (string Address, int Port)? FirstTaken(IConfiguration configuration)
    {
        foreach (var address in Of(configuration))
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue; // Kestrel reports a malformed address itself.
            }
            if (parsed.IsNamedPipe || parsed.IsUnixPipe || parsed.Port == 0) continue;
            if (EndPointsOf(parsed.Host, parsed.Port).Any(InUse)) return (address, parsed.Port);
        }
        return null;
    }

    private static IEnumerable<IPEndPoint> EndPointsOf(string host, int port)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            yield return new IPEndPoint(IPAddress.Loopback, port);
            if (Socket.OSSupportsIPv6) yield return new IPEndPoint(IPAddress.IPv6Loopback, port);
        }
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            yield return new IPEndPoint(ip, port);
        }
        else
        {
            // "*", "+" and host names: Kestrel listens on every interface.
            yield return new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, port);
        }
    }

    private static bool InUse(IPEndPoint endPoint)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
        try
        {
            socket.Bind(endPoint);
            socket.Listen();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // e.g. no IPv6 loopback: Kestrel skips it too.
        }
    }

    /// <summary>What to tell whoever started the service when its port is taken.</summary>
    public static string TakenMessage(string address, int port)
    {
        var other = port < IPEndPoint.MaxPort ? port + 1 : 5181;
        return $"GGE Workspace cannot listen on {address}: port {port} is already in use (another program, or the service already running). " +
            $"Nothing was started. Choose another address, e.g. ASPNETCORE_URLS=http://127.0.0.1:{other}, --urls http://127.0.0.1:{other} " +
            $"or ASPNETCORE_HTTP_PORTS={other}, or stop what listens on port {port}.";
    }
}
