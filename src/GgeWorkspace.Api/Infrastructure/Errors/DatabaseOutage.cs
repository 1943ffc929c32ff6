namespace GgeWorkspace.Api.Infrastructure.Errors;

/// <summary>
/// Recognises PostgreSQL being unreachable (refused or dropped connections, the server starting up or shutting down, timeouts
/// while connecting) however Marten or Npgsql wrap it, so every such failure answers 503 with Retry-After, never 500.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Seconds a client should wait before retrying: long enough for a restart or a failover to finish.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The outage behind <paramref name="exception"/>, or null when the failure is not the database being unreachable.</summary>
    public static DatabaseUnavailableException? Recognize(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DatabaseUnavailableException known) return known;
            if (IsOutage(e))
                return new DatabaseUnavailableException("The database cannot be reached right now; nothing was changed by this request. Retry shortly.", exception);
        }
        return null;
    }

    private static bool IsOutage(Exception e) => e switch
    {
        // Connection failures (class 08), the server shutting down or starting up, too many connections. Not the other
        // transient states (serialization failures, deadlocks): those are the database answering.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections,
        // Npgsql marks socket, I/O and connect-timeout failures as transient.
        NpgsqlException n => n.IsTransient,
        System.Net.Sockets.SocketException => true,
        _ => false,
    };
}
