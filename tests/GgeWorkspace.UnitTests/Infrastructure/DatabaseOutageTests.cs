using System.Net.Sockets;
using GgeWorkspace.Api.Infrastructure.Errors;
using Npgsql;

namespace GgeWorkspace.UnitTests.Infrastructure;

public sealed class DatabaseOutageTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connection dropped", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "timeout while connecting", new NpgsqlException("The operation has timed out", new TimeoutException()) },
        { "administrator shutdown", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown) },
        { "starting up", new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow) },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections) },
        { "connection failure", new PostgresException("connection failure", "FATAL", "FATAL", PostgresErrorCodes.ConnectionFailure) },
        { "wrapped by a store", new InvalidOperationException("Marten command failed",
            new AggregateException(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)))) },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_unreachable_database_is_503_with_a_retry_delay_however_it_is_wrapped(string what, Exception failure)
    {
        var problem = ProblemDetailsExceptionHandler.ToProblem(failure);
        Assert.True(problem is { Status: 503, Type: ProblemTypes.DatabaseUnavailable }, what);
        Assert.Equal(DatabaseOutage.RetryAfterSeconds, problem!.Extensions[ProblemDetailsExceptionHandler.RetryAfter]);
        Assert.True(DatabaseOutage.RetryAfterSeconds > 0);
    }

    [Fact]
    public void The_database_answering_with_a_refusal_is_not_an_outage()
    {
        Assert.Null(DatabaseOutage.Recognize(new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure)));
        Assert.Null(DatabaseOutage.Recognize(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        Assert.Null(DatabaseOutage.Recognize(new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError)));
        Assert.Null(DatabaseOutage.Recognize(new InvalidOperationException("a bug")));
    }
}
