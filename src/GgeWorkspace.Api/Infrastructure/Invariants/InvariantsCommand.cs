using System.CommandLine;

namespace GgeWorkspace.Api.Infrastructure.Invariants;

/// <summary>`invariants check`: verifies the live database (ConnectionStrings__Marten, else the embedded cluster); exits 1 on any violation.</summary>
public static class InvariantsCommand
{
    public static Command Create()
    {
        var samples = new Option<int>("--export-samples") { Description = "How many drafts to export twice.", DefaultValueFactory = _ => 5 };
        var check = new Command("check", "Check stream versions, read models against a rebuild from the events, and repeatable exports.") { samples };
        check.SetAction(async (parse, ct) =>
        {
            await using var app = WorkspaceHost.Build([]);
            var checker = new InvariantChecker(app.Services.GetRequiredService<global::Marten.IDocumentStore>(), app.Services)
            {
                ExportSamples = parse.GetValue(samples),
            };
            var violations = await checker.CheckAsync(ct);
            foreach (var violation in violations) Console.Error.WriteLine($"invariant {violation.Invariant}: {violation.What}");
            Console.WriteLine(violations.Count == 0 ? "All invariants hold." : $"{violations.Count} violation(s).");
            return violations.Count == 0 ? 0 : 1;
        });
        return new Command("invariants", "What must hold between the events and everything derived from them.") { check };
    }
}
