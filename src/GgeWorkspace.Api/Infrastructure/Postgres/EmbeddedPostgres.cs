using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GgeWorkspace.Api.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster started from the machine's binaries. The service's own cluster is reachable
/// only through a Unix socket inside its data directory and with a generated scram-sha-256 password
/// kept there with owner-only permissions; throwaway clusters use loopback TCP and trust.
/// Several processes may use one data directory at once (the service and an administrative command):
/// each registers itself, a process finding the cluster running for a live one attaches to it, and the
/// cluster is stopped only by the last process to let go, so a command never stops the running service's database.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly EmbeddedPostgresOptions _options;
    private readonly string _bin;
    private readonly bool _asRoot;
    private bool _started;
    private string? _registration;

    private EmbeddedPostgres(EmbeddedPostgresOptions options, string bin)
    {
        _options = options;
        _bin = bin;
        _asRoot = IsRoot();
    }

    public string ConnectionString { get; private set; } = "";
    public int Port { get; private set; }

    /// <summary>True when the cluster was already running for another live process and this one joined it.</summary>
    public bool Attached { get; private set; }
    private string ClusterDirectory => Path.Combine(_options.DataDirectory, "pgdata");
    private string SocketDirectory => Path.Combine(_options.DataDirectory, "run");
    private string PasswordFile => Path.Combine(_options.DataDirectory, "password");
    private string LogFile => Path.Combine(_options.DataDirectory, "postgres.log");
    private string LockFile => Path.Combine(_options.DataDirectory, "cluster.lock");
    private string UsersDirectory => Path.Combine(_options.DataDirectory, "users");

    public static string DefaultDataDirectory()
    {
        if (IsRoot()) return "/var/lib/gge-workspace";
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDir = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(baseDir, "gge-workspace");
    }

    /// <summary>Starts (creating on first use) the cluster, and its database; fails fast without binaries.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, CancellationToken ct = default)
    {
        var bin = FindBinaries(options.BinDirectory);
        var pg = new EmbeddedPostgres(options, bin);
        await pg.StartCoreAsync(ct);
        return pg;
    }

    internal static string FindBinaries(string? configured)
    {
        static bool Complete(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (Complete(configured)) return configured;
            throw new EmbeddedPostgresUnavailableException(
                $"EmbeddedPostgres:BinDirectory is '{configured}', but it does not hold initdb, pg_ctl and postgres.");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (!File.Exists(initdb)) continue;
            // Debian links initdb into PATH; the server binaries sit beside its target.
            var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            var real = Path.GetDirectoryName(target)!;
            if (Complete(real)) return real;
            if (Complete(dir)) return dir;
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => Complete(d.Dir))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null) return newest.Dir;
        }

        throw new EmbeddedPostgresUnavailableException(
            "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found on PATH or under /usr/lib/postgresql. " +
            "Install them (Debian: apt-get install postgresql), set EmbeddedPostgres__BinDirectory to their folder, " +
            "or set ConnectionStrings__Marten to use an existing PostgreSQL server.");
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        if (!_options.Throwaway && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(_options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(SocketDirectory);
        if (_asRoot)
        {
            await RunAsync("chown", ["-R", "postgres", _options.DataDirectory], ct, asPostgres: false);
            try
            {
                await RunAsync("test", ["-w", _options.DataDirectory], ct);
            }
            catch (EmbeddedPostgresUnavailableException)
            {
                throw new EmbeddedPostgresUnavailableException(
                    $"PostgreSQL runs as the 'postgres' user, which cannot reach {_options.DataDirectory}: " +
                    "choose a data directory whose parent folders it may enter (the default is /var/lib/gge-workspace).");
            }
        }

        // Creating, starting, joining and stopping the cluster happen one process at a time.
        using (await ClusterLockAsync(ct))
        {
            var password = _options.Throwaway ? null : await EnsurePasswordAsync(ct);
            if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
                await InitDbAsync(password, ct);

            if (await StatusAsync(ct) && LiveUsers().Count > 0)
            {
                Port = RunningPort();
                Attached = true;
            }
            else
            {
                // A process killed without shutting down leaves its cluster running with nobody using it: stop it, then start afresh.
                if (await StatusAsync(ct))
                    await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", ClusterDirectory, "-m", "fast", "-w", "-t", "60", "stop"], ct);
                Port = FreePort();
                await StartServerAsync(ct);
            }
            _started = true;
            _registration = await RegisterAsync(ct);
            await ConnectAsync(password, ct);
        }
    }

    private async Task ConnectAsync(string? password, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder
        {
            Host = _options.Throwaway ? "127.0.0.1" : SocketDirectory,
            Port = Port,
            Username = Superuser,
            Database = "postgres",
            Pooling = true,
        };
        if (password is not null) csb.Password = password;
        await EnsureDatabaseAsync(csb.ConnectionString, _options.Database, ct);
        csb.Database = _options.Database;
        ConnectionString = csb.ConnectionString;
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        var settings = new List<string>
        {
            $"-p {Port}",
            $"-k '{SocketDirectory}'",
            "-c unix_socket_permissions=0700",
        };
        settings.Add(_options.Throwaway ? "-c listen_addresses=127.0.0.1" : "-c listen_addresses=''");
        settings.Add(_options.Durable ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c full_page_writes=off");
        if (_options.MaxConnections is { } max) settings.Add($"-c max_connections={max}");

        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", ClusterDirectory, "-w", "-t", "60", "-l", LogFile, "-o", string.Join(' ', settings), "start"], ct);
        _started = true;
    }

    /// <summary>
    /// Stops the server at once, as a crash would (<c>pg_ctl -m immediate</c>: no checkpoint, recovery from the WAL on
    /// the next start). For fault tests of throwaway clusters.
    /// </summary>
    public async Task CrashAsync(CancellationToken ct = default)
    {
        if (!_started) return;
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", ClusterDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], ct);
        _started = false;
    }

    /// <summary>Starts the server again on the same port after <see cref="CrashAsync"/> (it recovers from its WAL).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        if (_started) return;
        await StartServerAsync(ct);
    }

    private async Task<bool> StatusAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", ClusterDirectory, "status"], ct);
            return true;
        }
        catch (EmbeddedPostgresUnavailableException)
        {
            return false;
        }
    }

    private async Task<string> EnsurePasswordAsync(CancellationToken ct)
    {
        if (File.Exists(PasswordFile))
            return (await File.ReadAllTextAsync(PasswordFile, ct)).Trim();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (_asRoot) await RunAsync("chown", ["postgres", PasswordFile], ct, asPostgres: false);
        return password;
    }

    private async Task InitDbAsync(string? password, CancellationToken ct)
    {
        var args = new List<string> { "-D", ClusterDirectory, "-U", Superuser, "-E", "UTF8", "--no-locale" };
        if (password is null)
        {
            args.AddRange(["-A", "trust"]);
        }
        else
        {
            args.AddRange(["--auth-local=scram-sha-256", "--auth-host=scram-sha-256", $"--pwfile={PasswordFile}"]);
        }
        if (!_options.Durable) args.Add("--no-sync");
        await RunAsync(Path.Combine(_bin, "initdb"), args, ct);
    }

    private static async Task EnsureDatabaseAsync(string adminConnectionString, string database, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", conn);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Creates another database in this cluster and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database, CancellationToken ct = default)
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" };
        await EnsureDatabaseAsync(csb.ConnectionString, database, ct);
        csb.Database = database;
        return csb.ConnectionString;
    }

    /// <summary>Lets go of the cluster; stops it only when no other live process uses it.</summary>
    public async Task StopAsync()
    {
        if (_registration is null) return;
        NpgsqlConnection.ClearAllPools();
        bool stopped;
        using (await ClusterLockAsync(CancellationToken.None))
        {
            File.Delete(_registration);
            _registration = null;
            stopped = _started && LiveUsers().Count == 0;
            if (stopped)
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", ClusterDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
            _started = false;
        }
        if (stopped && _options.Throwaway)
        {
            try { Directory.Delete(_options.DataDirectory, recursive: true); }
            catch (IOException) { /* best effort for a throwaway folder */ }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct, bool asPostgres = true)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _options.DataDirectory,
        };
        if (asPostgres && _asRoot)
        {
            psi.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        else
        {
            psi.FileName = file;
        }
        foreach (var a in args) psi.ArgumentList.Add(a);

        using var process = Process.Start(psi) ?? throw new EmbeddedPostgresUnavailableException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "";
            throw new EmbeddedPostgresUnavailableException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}\n{log}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    internal static bool IsRoot() => OperatingSystem.IsLinux() && GetEuid() == 0;
}

public sealed class EmbeddedPostgresUnavailableException(string message) : Exception(message);
