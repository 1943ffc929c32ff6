using Npgsql;

namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>Plain SQL against a test database, for tests that look at or tamper with what is stored behind the service's back.</summary>
public static class Sql
{
    public static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>How many events the store holds.</summary>
    public static async Task<long> EventCountAsync(string connectionString) =>
        (long)(await ScalarAsync(connectionString, "select count(*) from mt_events"))!;

    /// <summary>
    /// A statement that copies the last event of a stream as its next event with a float for the first count of its
    /// operation (a row no write path produces), and returns the new row's sequence. <paramref name="streamId"/> is a SQL
    /// expression: a parameter such as <c>@p</c> or a quoted literal.
    /// </summary>
    public static string AppendLastTextChangeWithAFloatCount(string streamId) => $$"""
        with last as (select * from mt_events where stream_id = {{streamId}} order by version desc limit 1),
        appended as (
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, user_name)
            select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, version + 1,
                   jsonb_set(data, '{operation,0}', '1.5'), type, now(), tenant_id, mt_dotnet_type, headers, user_name from last
            returning seq_id, stream_id)
        update mt_streams s set version = s.version + 1 from appended where s.id = appended.stream_id returning appended.seq_id
        """;

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
