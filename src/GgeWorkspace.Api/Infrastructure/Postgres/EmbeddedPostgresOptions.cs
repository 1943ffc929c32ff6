namespace GgeWorkspace.Api.Infrastructure.Postgres;

/// <summary>Where and how to run a PostgreSQL cluster from the machine's own binaries.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>Folder holding initdb, pg_ctl and postgres; found on PATH or under /usr/lib/postgresql when empty.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Folder that holds the cluster, its socket, its password and its log.</summary>
    public required string DataDirectory { get; init; }

    public string Database { get; init; } = "gge_workspace";

    /// <summary>
    /// Throwaway clusters (tests, benchmarks) listen on loopback TCP with trust authentication and,
    /// when <see cref="Durable"/> is false, without fsync. The service's own cluster never does.
    /// </summary>
    public bool Throwaway { get; init; }

    public bool Durable { get; init; } = true;

    /// <summary>PostgreSQL's max_connections; null keeps its default (100). A test run with many hosts at once needs more.</summary>
    public int? MaxConnections { get; init; }
}
