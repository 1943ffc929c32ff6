namespace GgeWorkspace.Api.Infrastructure.Postgres;

// Several processes share one data directory: each registers itself under a lock, and the last one stops the cluster.
public sealed partial class EmbeddedPostgres
{
    /// <summary>
    /// An exclusive lock on a file in the data directory (flock, released by the kernel if the process dies), waited for
    /// while another process creates, starts or stops the cluster.
    /// </summary>
    private async Task<FileStream> ClusterLockAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>Records this process as a user of the cluster: its id and start time (so a reused process id is not mistaken for it).</summary>
    private async Task<string> RegisterAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(UsersDirectory);
        var path = Path.Combine(UsersDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, StartTimeOf(Environment.ProcessId) ?? "", ct);
        return path;
    }

    /// <summary>The registrations of processes that still run; those of ended processes are removed.</summary>
    private List<string> LiveUsers()
    {
        if (!Directory.Exists(UsersDirectory)) return [];
        var live = new List<string>();
        foreach (var path in Directory.GetFiles(UsersDirectory))
        {
            var name = Path.GetFileName(path);
            var alive = int.TryParse(name.Split('-')[0], out var pid)
                && StartTimeOf(pid) is { } started
                && started == File.ReadAllText(path).Trim();
            if (alive) live.Add(path);
            else File.Delete(path);
        }
        return live;
    }

    /// <summary>When a process started, in clock ticks since boot (field 22 of /proc/PID/stat); null when it is gone.</summary>
    private static string? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The port of the running cluster, from PostgreSQL's own postmaster.pid (its fourth line).</summary>
    private int RunningPort()
    {
        var lines = File.ReadAllLines(Path.Combine(ClusterDirectory, "postmaster.pid"));
        if (lines.Length > 3 && int.TryParse(lines[3].Trim(), out var port)) return port;
        throw new EmbeddedPostgresUnavailableException($"The cluster in {ClusterDirectory} runs, but its postmaster.pid names no port.");
    }
}
