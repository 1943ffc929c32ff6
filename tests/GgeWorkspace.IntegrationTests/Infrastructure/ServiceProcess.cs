using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using GgeWorkspace.Api.Infrastructure.Postgres;
using GgeWorkspace.IntegrationTests.Reliability;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>
/// The built service (<c>dotnet GgeWorkspace.Api.dll</c>) as a separate process, serving or running one administrative
/// command, with its own environment and its output kept for assertions. Disposing ends it as an operator would
/// (SIGTERM: the host shuts down and lets go of its database), killing it only if it does not end.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process) => _process = process;

    public static ServiceProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(FaultHarness.ApiAssembly());
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ConnectionStrings__Marten" })
            psi.Environment.Remove(name);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the service.");
        var started = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Waits for the process to end by itself; kills it and fails when it does not within the deadline.</summary>
    public async Task<int> ExitCodeAsync(int seconds = 180)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"The process did not end within {seconds} s:\n{Output}");
        }
        await _process.WaitForExitAsync(); // the output, to its last line
        return _process.ExitCode;
    }

    /// <summary>Waits until GET <paramref name="url"/> answers 200; fails with the output when the process ends first.</summary>
    public async Task UntilAnswersAsync(Uri url, int seconds = 120)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(async () =>
        {
            if (HasExited) throw new Xunit.Sdk.XunitException($"The service ended with {_process.ExitCode} instead of answering {url}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(url);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ok => ok, $"{url} answering 200. Output:\n{Output}", seconds);
    }

    /// <summary>
    /// Deletes a data directory the service's embedded cluster used, stopping the cluster first if a failed test left it
    /// running (joining it and letting go: no live process uses it any more, so that stops it).
    /// </summary>
    public static async Task RemoveDataDirectoryAsync(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory)) return;
        if (File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid")))
        {
            var left = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
            {
                DataDirectory = dataDirectory,
                BinDirectory = Environment.GetEnvironmentVariable("GGE_POSTGRES_BIN"),
            });
            await left.DisposeAsync();
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
