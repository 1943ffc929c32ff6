using System.Text.Json;
using System.Text.Json.Nodes;
using GgeWorkspace.Api.Infrastructure.Events;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Npgsql;

namespace GgeWorkspace.IntegrationTests.StoredEvents;

/// <summary>Events stored by earlier versions of the service read back as they were written.</summary>
public sealed class StoredEventFixtureTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    /// <summary>Set to a file path to write the rows the history produces today as the fixture.</summary>
    private const string WriteFixtureTo = "GGE_WRITE_STORED_EVENTS";

    [Fact]
    public async Task The_stored_event_history_holds_every_event_type_the_service_registers()
    {
        var streams = StoredEventHistory.Streams();
        await using (var session = api.Store.LightweightSession())
        {
            foreach (var (streamId, aggregate, events) in streams) session.Events.StartStream(aggregate, streamId, [.. events]);
            await session.SaveChangesAsync();
        }

        var rows = new JsonArray();
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select stream_id, version, type, mt_dotnet_type, data::text from mt_events where stream_id = any(@ids) order by seq_id", connection);
            command.Parameters.AddWithValue("ids", streams.Select(s => s.StreamId).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(new JsonObject
                {
                    ["streamId"] = reader.GetGuid(0),
                    ["version"] = reader.GetInt64(1),
                    ["type"] = reader.GetString(2),
                    ["dotnetType"] = reader.GetString(3),
                    ["data"] = JsonNode.Parse(reader.GetString(4)),
                });
        }

        var written = rows.Select(r => r!["type"]!.GetValue<string>()).ToHashSet();
        var registered = api.Store.Options.Events.AllKnownEventTypes()
            .Where(m => StoredEventRules.IsProductEvent(m.EventType) && m.EventType != typeof(UnknownStoredEvent))
            .Select(m => m.EventTypeName)
            .ToList();
        Assert.Equal([], registered.Where(name => !written.Contains(name)).ToList());

        if (Environment.GetEnvironmentVariable(WriteFixtureTo) is { Length: > 0 } path)
            await File.WriteAllTextAsync(path, rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
