using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Reliability;

public sealed class InvariantCheckerTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_checker_passes_on_a_populated_database_and_finds_a_corrupted_read_model_and_a_version_gap()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        await api.WaitForDaemonAsync();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);

        // A read model edited behind the events' back.
        await ExecuteAsync($"update mt_doc_paragraph set data = jsonb_set(data, '{{text}}', '\"Tampered text.\"') where id = '{world.ParagraphId}'");
        var violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        var found = Assert.Single(violations);
        Assert.Equal(4, found.Invariant);
        Assert.Contains(world.ParagraphId.ToString(), found.What);
        Assert.Contains("Tampered text.", found.What);

        // An event lost from the middle of a stream.
        await ExecuteAsync($"delete from mt_events where stream_id = '{world.OtherGroupId}' and version = 2");
        violations = await InvariantCheck.RunAsync(api.Store, api.Services);
        Assert.Contains(violations, v => v.Invariant == 3 && v.What.Contains(world.OtherGroupId.ToString(), StringComparison.Ordinal));
    }
}
