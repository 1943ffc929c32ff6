using System.CommandLine;
using GgeWorkspace.Api.Infrastructure.Migrations;
using GgeWorkspace.Api.Infrastructure.Postgres;

namespace GgeWorkspace.Api.Infrastructure;

/// <summary>The service's administrative commands: `dotnet run --project src/GgeWorkspace.Api -- migrations ...`.</summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["migrations", "sources", "exports", "demo", "invariants", "events"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var directory = new Option<DirectoryInfo>("--directory")
        {
            Description = "The migrations folder of the repository.",
            DefaultValueFactory = _ => new DirectoryInfo(FindMigrationsDirectory()),
        };
        var name = new Argument<string>("name") { Description = "What the migration does, in lower_snake_case." };

        var add = new Command("add", "Generate the next numbered migration from Marten's schema diff against a throwaway database holding every earlier one.")
        {
            name, directory,
        };
        add.SetAction((parse, ct) => AddAsync(parse.GetValue(name)!, parse.GetValue(directory)!, ct));

        var check = new Command("check", "Exit 1 when the model differs from what the migrations create.") { directory };
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(directory)!, ct));

        var apply = new Command("apply", "Apply the embedded migrations to the configured database (ConnectionStrings__Marten, else the embedded cluster).");
        apply.SetAction(async (_, ct) =>
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            using var loggerFactory = LoggerFactory.Create(b => b.AddConsole());
            await using var server = DatabaseServer.Start(configuration, loggerFactory.CreateLogger("Database"));
            var applied = await SchemaMigrations.ApplyAsync(server.ConnectionString, SchemaMigrations.Embedded(), loggerFactory.CreateLogger("Migrations"), ct);
            Console.WriteLine($"{applied.Count} migration(s) applied.");
            return 0;
        });

        var root = new RootCommand("GGE Workspace administration")
        {
            new Command("migrations", "Numbered SQL migrations generated from Marten's schema diff.") { add, check, apply },
            GgeWorkspace.Api.Sources.SourcesCommand.Create(),
            GgeWorkspace.Api.Exports.ExportsCommand.Create(),
            DemoCommand(),
            Invariants.InvariantsCommand.Create(),
            Events.EventsCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync();
    }

    private static Command DemoCommand()
    {
        var seed = new Command("seed", "Create the demo workspace in the configured database, unless it is there already.");
        seed.SetAction(async (_, ct) =>
        {
            Console.Error.WriteLine("Opening the database and applying migrations");
            await using var host = await OpenServicesAsync(ct);
            var demo = host.Services.GetRequiredService<GgeWorkspace.Api.Sources.DemoWorkspace>();
            var created = await demo.SeedAsync(new Progress(), ct);
            Console.Error.WriteLine(created ? "Demo workspace created." : "The demo workspace is already there: nothing changed.");
            Console.WriteLine(GgeWorkspace.Api.Sources.DemoWorkspace.GroupId);
            return 0;
        });
        return new Command("demo", "The demo workspace: the GGE on nuclear disarmament verification, on A/72/304.") { seed };
    }

    /// <summary>Progress of long work, on standard error, so standard output stays for results.</summary>
    private sealed class Progress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"  {value}");
    }

    /// <summary>
    /// The host's services on the configured database (ConnectionStrings__Marten, else the embedded cluster), migrated, without
    /// starting the host: no HTTP, no daemon, no demo seeding. Logs go to standard error.
    /// </summary>
    public static async Task<WebApplication> OpenServicesAsync(CancellationToken ct)
    {
        var app = WorkspaceHost.Build(["--Demo:Seed=false", "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"]);
        var server = app.Services.GetRequiredService<DatabaseServer>();
        await SchemaMigrations.ApplyAsync(server.ConnectionString, SchemaMigrations.Embedded(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations"), ct);
        return app;
    }

    private static async Task<int> AddAsync(string name, DirectoryInfo directory, CancellationToken ct)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9_]+$"))
        {
            Console.Error.WriteLine("The name is lower_snake_case, such as add_drafts.");
            return 2;
        }
        var existing = SchemaMigrations.FromDirectory(directory.FullName);
        var sql = await DiffAgainstMigrationsAsync(existing, ct);
        if (sql is null)
        {
            Console.WriteLine("The model matches the migrations: nothing to add.");
            return 0;
        }
        var number = existing.Count == 0 ? 1 : existing[^1].Number + 1;
        var path = Path.Combine(directory.FullName, $"{number:0000}_{name}.sql");
        await File.WriteAllTextAsync(path, sql, ct);
        Console.WriteLine($"Wrote {path}");
        return 0;
    }

    private static async Task<int> CheckAsync(DirectoryInfo directory, CancellationToken ct)
    {
        var sql = await DiffAgainstMigrationsAsync(SchemaMigrations.FromDirectory(directory.FullName), ct);
        if (sql is null)
        {
            Console.WriteLine("The model matches the migrations.");
            return 0;
        }
        Console.Error.WriteLine("The model differs from the migrations; run `migrations add <name>`. The difference:");
        Console.Error.WriteLine(sql);
        return 1;
    }

    /// <summary>Applies the migrations to a fresh throwaway cluster and diffs Marten's model against it.</summary>
    public static async Task<string?> DiffAgainstMigrationsAsync(IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await using var pg = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), $"gge-migrations-{Guid.NewGuid():N}"),
            Throwaway = true,
            Durable = false,
        }, ct);
        await SchemaMigrations.ApplyAsync(pg.ConnectionString, migrations, null, ct);
        return await DiffAsync(pg.ConnectionString, ct);
    }

    /// <summary>Builds the host's document store against a database, without starting the host, and diffs it.</summary>
    public static async Task<string?> DiffAsync(string connectionString, CancellationToken ct)
    {
        await using var app = WorkspaceHost.Build(["--ConnectionStrings:Marten=" + connectionString, "--environment=Production"]);
        var store = app.Services.GetRequiredService<IDocumentStore>();
        return await SchemaMigrations.DiffAsync(store, ct);
    }

    private static string FindMigrationsDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return Path.Combine(dir.FullName, "migrations");
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "migrations");
    }
}
