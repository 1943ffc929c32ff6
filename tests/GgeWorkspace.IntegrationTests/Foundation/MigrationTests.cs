using GgeWorkspace.Api.Infrastructure;
using GgeWorkspace.Api.Infrastructure.Migrations;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Npgsql;

namespace GgeWorkspace.IntegrationTests.Foundation;

public sealed class MigrationTests
{
    [Fact]
    public async Task Applying_every_migration_to_an_empty_database_leaves_no_difference_from_the_model()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        var migrations = SchemaMigrations.Embedded();
        Assert.NotEmpty(migrations);

        var applied = await SchemaMigrations.ApplyAsync(connectionString, migrations);
        Assert.Equal(migrations.Select(m => m.Number), applied.Select(m => m.Number));

        Assert.Null(await CommandLine.DiffAsync(connectionString, CancellationToken.None));
    }

    [Fact]
    public async Task Migrations_are_applied_once_and_recorded_in_the_ledger()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        var migrations = SchemaMigrations.Embedded();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SchemaMigrations.ApplyAsync(connectionString, migrations)));
        Assert.Equal(migrations.Count, runs.Sum(r => r.Count));

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select count(*) from {SchemaMigrations.LedgerTable}", conn);
        Assert.Equal((long)migrations.Count, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_is_refused()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        var first = new Migration(1, "first", "create table t1 (id int);");
        await SchemaMigrations.ApplyAsync(connectionString, [first]);
        var changed = first with { Sql = "create table t1 (id bigint);" };
        await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigrations.ApplyAsync(connectionString, [changed]));
    }
}
