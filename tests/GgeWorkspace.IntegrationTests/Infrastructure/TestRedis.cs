using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway Redis for the test run (or the server named by GGE_TEST_REDIS), started from the machine's
/// redis-server on loopback with no persistence. Tests isolate themselves with their own channel prefix.
/// </summary>
public static class TestRedis
{
    private static readonly Lazy<string> Server = new(Start);

    public static string ConnectionString => Server.Value;

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("GGE_TEST_REDIS") is { Length: > 0 } external) return external;
        var binary = Environment.GetEnvironmentVariable("GGE_REDIS_SERVER") ?? "redis-server";
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        // The test runner ends its processes abruptly, so Redis watches this process and stops when it is gone.
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"\"$0\" --port {port} --bind 127.0.0.1 --save '' --appendonly no & r=$!; " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done; kill $r 2>/dev/null");
        psi.ArgumentList.Add(binary);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server was not found: install it (apt-get install redis-server) or set GGE_TEST_REDIS.", e);
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
        };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return $"127.0.0.1:{port}";
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }
}
