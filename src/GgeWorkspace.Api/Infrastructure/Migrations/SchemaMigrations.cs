using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Weasel.Core;

namespace GgeWorkspace.Api.Infrastructure.Migrations;

/// <summary>A numbered SQL delta from migrations/, embedded in the service.</summary>
public sealed record Migration(int Number, string Name, string Sql)
{
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n")))).ToLowerInvariant();
}

/// <summary>
/// Applies the numbered migrations in order, each in its own transaction, recorded in a ledger table,
/// under an advisory lock so that several instances starting at once apply each exactly once.
/// New migrations are generated from Marten's schema diff against a database holding all earlier ones.
/// </summary>
public static partial class SchemaMigrations
{
    private const long LockKey = 0x6765_6D69_6772; // "gemigr"
    public const string LedgerTable = "gge_schema_migrations";

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal))
            .Select(n => (Resource: n, Match: FileName().Match(n["migrations/".Length..])))
            .Where(x => x.Match.Success)
            .Select(x => new Migration(int.Parse(x.Match.Groups[1].Value), x.Match.Groups[2].Value, Read(assembly, x.Resource)))
            .OrderBy(m => m.Number)];
    }

    public static IReadOnlyList<Migration> FromDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.sql")
            .Select(f => (File: f, Match: FileName().Match(Path.GetFileName(f))))
            .Where(x => x.Match.Success)
            .Select(x => new Migration(int.Parse(x.Match.Groups[1].Value), x.Match.Groups[2].Value, File.ReadAllText(x.File)))
            .OrderBy(m => m.Number)];

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Applies every migration not yet in the ledger; returns the ones applied now.</summary>
    public static async Task<IReadOnlyList<Migration>> ApplyAsync(string connectionString, IReadOnlyList<Migration> migrations, ILogger? logger = null, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await Execute(conn, $"select pg_advisory_lock({LockKey})", ct);
        try
        {
            await Execute(conn, $"""
                create table if not exists public.{LedgerTable} (
                    number integer primary key,
                    name text not null,
                    checksum text not null,
                    applied_at timestamptz not null default now())
                """, ct);
            var applied = new Dictionary<int, string>();
            await using (var read = new NpgsqlCommand($"select number, checksum from public.{LedgerTable}", conn))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) applied[reader.GetInt32(0)] = reader.GetString(1);
            }

            var done = new List<Migration>();
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Number, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new InvalidOperationException(
                            $"Migration {migration.Number:0000}_{migration.Name} was changed after it was applied; add a new migration instead.");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var cmd = new NpgsqlCommand(migration.Sql, conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
                await using (var record = new NpgsqlCommand($"insert into public.{LedgerTable} (number, name, checksum) values ($1, $2, $3)", conn, tx))
                {
                    record.Parameters.AddWithValue(migration.Number);
                    record.Parameters.AddWithValue(migration.Name);
                    record.Parameters.AddWithValue(migration.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                logger?.LogInformation("Applied migration {Number:0000}_{Name}", migration.Number, migration.Name);
                done.Add(migration);
            }
            return done;
        }
        finally
        {
            await Execute(conn, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>The SQL that would bring a database holding every migration up to the model; null when nothing differs.</summary>
    public static async Task<string?> DiffAsync(IDocumentStore store, CancellationToken ct = default)
    {
        var migration = await store.Storage.Database.CreateMigrationAsync(ct);
        if (migration.Difference == SchemaPatchDifference.None) return null;
        var writer = new StringWriter();
        migration.WriteAllUpdates(writer, ((StoreOptions)store.Options).Advanced.Migrator, AutoCreate.CreateOrUpdate);
        return writer.ToString();
    }

    private static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
