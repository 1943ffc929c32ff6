using GgeWorkspace.Api.Infrastructure.Postgres;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (or the server named by GGE_TEST_POSTGRES),
/// with a fresh database for each test class, so classes run in parallel and leave nothing behind.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _cluster;
    private static string? _external;

    /// <summary>
    /// A test run that was killed (the runner ends test processes abruptly) cannot delete its cluster: the next run
    /// removes the folders of runs whose process is gone, so nothing accumulates.
    /// </summary>
    private static void RemoveClustersOfEndedRuns()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "gge-tests-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || Directory.Exists($"/proc/{pid}")) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* in use or not ours: leave it */ }
        }
    }

    public static async Task<string> CreateDatabaseAsync(string? name = null)
    {
        var database = name ?? $"t_{Guid.NewGuid():N}";
        await Gate.WaitAsync();
        try
        {
            _external ??= Environment.GetEnvironmentVariable("GGE_TEST_POSTGRES");
            if (!string.IsNullOrWhiteSpace(_external))
            {
                var csb = new Npgsql.NpgsqlConnectionStringBuilder(_external);
                await using var conn = new Npgsql.NpgsqlConnection(csb.ConnectionString);
                await conn.OpenAsync();
                await using var cmd = new Npgsql.NpgsqlCommand($"create database \"{database}\"", conn);
                await cmd.ExecuteNonQueryAsync();
                csb.Database = database;
                return csb.ConnectionString;
            }

            if (_cluster is null)
            {
                RemoveClustersOfEndedRuns();
                _cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
                {
                    BinDirectory = Environment.GetEnvironmentVariable("GGE_POSTGRES_BIN"),
                    DataDirectory = Path.Combine(Path.GetTempPath(), $"gge-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"),
                    Throwaway = true,
                    Durable = false,
                    // Test classes run side by side, each host with its pools, daemon and listeners: PostgreSQL's default 100
                    // connections can run out on a slow machine, failing whichever host starts next.
                    MaxConnections = 500,
                });
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _cluster.StopAsync().GetAwaiter().GetResult();
            }
            return await _cluster.CreateDatabaseAsync(database);
        }
        finally
        {
            Gate.Release();
        }
    }
}
