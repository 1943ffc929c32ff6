using GgeWorkspace.Api.Infrastructure.Migrations;

namespace GgeWorkspace.Api.Infrastructure.Postgres;

/// <summary>
/// The PostgreSQL server the service uses: the one named by ConnectionStrings:Marten, or, when none
/// is configured, its own embedded cluster, started on first use (or joined, when another process such as the
/// running service already runs it) and let go when the host disposes: stopped only when nobody else uses it.
/// </summary>
public sealed class DatabaseServer : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _embedded;

    private DatabaseServer(string connectionString, EmbeddedPostgres? embedded)
    {
        ConnectionString = connectionString;
        _embedded = embedded;
    }

    public string ConnectionString { get; }

    public static DatabaseServer Start(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured)) return new DatabaseServer(configured, null);

        var options = new EmbeddedPostgresOptions
        {
            BinDirectory = configuration["EmbeddedPostgres:BinDirectory"],
            DataDirectory = configuration["EmbeddedPostgres:DataDirectory"] is { Length: > 0 } dir ? dir : EmbeddedPostgres.DefaultDataDirectory(),
        };
        // Start-up has nothing else to do until the database is there.
        var embedded = EmbeddedPostgres.StartAsync(options).GetAwaiter().GetResult();
        if (embedded.Attached)
            logger.LogInformation("Embedded PostgreSQL in {DataDirectory} is already running for another process: using it, and leaving it running", options.DataDirectory);
        else
            logger.LogInformation("Embedded PostgreSQL is running from {DataDirectory} (Unix socket only, scram-sha-256)", options.DataDirectory);
        return new DatabaseServer(embedded.ConnectionString, embedded);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}

/// <summary>Brings the database schema up to date before anything else starts (registered first among hosted services).</summary>
public sealed class DatabaseStartup(DatabaseServer server, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await SchemaMigrations.ApplyAsync(server.ConnectionString, SchemaMigrations.Embedded(), logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
