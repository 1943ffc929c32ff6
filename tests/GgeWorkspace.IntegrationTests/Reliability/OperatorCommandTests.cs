using GgeWorkspace.IntegrationTests.Infrastructure;
using System.Diagnostics;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure;
using GgeWorkspace.Api.Infrastructure.Postgres;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// The operator commands as an operator runs them: `dotnet GgeWorkspace.Api.dll ...` from the build output, against a
/// cluster that requires its generated password, named only by ConnectionStrings__Marten.
/// </summary>
public sealed class OperatorCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"gge-operator-{Guid.NewGuid():N}");
    private EmbeddedPostgres? _cluster;

    private string ConnectionString => _cluster!.ConnectionString;

    public async Task InitializeAsync()
    {
        // Not throwaway: socket only, with a generated password (scram), as the service's own cluster.
        _cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _directory, Durable = false });
        Assert.False(string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Password));
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }

    [Fact]
    public async Task An_operator_finds_and_repairs_a_corrupted_row_with_the_command_line_alone()
    {
        Assert.Equal(0, (await RunAsync("migrations", "apply")).ExitCode);
        var clean = await RunAsync("invariants", "check");
        Assert.True(clean.ExitCode == 0, clean.Output);
        Assert.Contains("All invariants hold.", clean.Output, StringComparison.Ordinal);

        var paragraphId = Guid.CreateVersion7();
        const string text = "Verification builds trust: التحقق يبني الثقة، 核查建立信任 🔍.";
        await using (var app = WorkspaceHost.Build(["--ConnectionStrings:Marten=" + ConnectionString, "--environment=Production", "--Demo:Seed=false"]))
        {
            await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            session.Events.StartStream<Paragraph>(paragraphId,
                new ParagraphAdded(Guid.CreateVersion7(), Guid.CreateVersion7(), paragraphId, text, "demo-chair", null, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        // A row nobody can read: the event's text is an object.
        await ExecuteAsync($"""
            with appended as (
                insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
                select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, version + 1,
                       jsonb_build_object('groupId', data->'groupId', 'draftId', data->'draftId', 'paragraphId', data->'paragraphId', 'optionId', gen_random_uuid(),
                                          'text', jsonb_build_object('not', 'text'), 'authorSub', 'x', 'addedAt', now()),
                       'paragraph_option_added', now(), tenant_id, 'GgeWorkspace.Api.Drafts.ParagraphOptionAdded, GgeWorkspace.Api'
                from mt_events where stream_id = '{paragraphId}' returning stream_id)
            update mt_streams s set version = s.version + 1 from appended where s.id = appended.stream_id
            """);

        var found = await RunAsync("invariants", "check");
        Assert.Equal(1, found.ExitCode);
        Assert.Contains($"invariant 9: Event", found.Output, StringComparison.Ordinal);
        Assert.Contains(paragraphId.ToString(), found.Output, StringComparison.Ordinal);

        var refused = await RunAsync("events", "repair", "--paragraph", Guid.CreateVersion7().ToString(), "--reason", "Nothing to repair");
        Assert.Equal(2, refused.ExitCode);

        var repaired = await RunAsync("events", "repair", "--paragraph", paragraphId.ToString(), "--reason", "Row edited by hand");
        Assert.True(repaired.ExitCode == 0, repaired.Output);
        Assert.Contains($"Paragraph {paragraphId} repaired at stream version 3", repaired.Output, StringComparison.Ordinal);

        var after = await RunAsync("invariants", "check");
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Equal(0, (await RunAsync("events", "damaged")).ExitCode);
        Assert.Equal(3L, await ScalarAsync($"select count(*) from mt_events where stream_id = '{paragraphId}'"));
        Assert.Equal(text, await ScalarAsync($"select data->>'text' from mt_doc_paragraph where id = '{paragraphId}'"));
    }

    private Task ExecuteAsync(string sql) => Sql.ExecuteAsync(ConnectionString, sql);

    private Task<object?> ScalarAsync(string sql) => Sql.ScalarAsync(ConnectionString, sql);

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => OperatorCommand.RunAsync(ConnectionString, output, args);
}

/// <summary>An operator command run as the operator runs it: the service's assembly from the build output, in Production.</summary>
internal static class OperatorCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, ITestOutputHelper output, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GgeWorkspace.Api.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment.Remove("DOTNET_ENVIRONMENT");
        psi.Environment["ConnectionStrings__Marten"] = connectionString;
        psi.Environment["Demo__Seed"] = "false";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the command.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        output.WriteLine($"$ {string.Join(' ', args)} -> {process.ExitCode}\n{text}");
        return (process.ExitCode, text);
    }
}
