using System.CommandLine;
using GgeWorkspace.Api.Infrastructure;

namespace GgeWorkspace.Api.Exports;

/// <summary>
/// `exports export --group &lt;id&gt; --draft &lt;id&gt; --format docx --variant clean [--revision n | --as-of s] [--against n] [--language xx] --output &lt;file&gt;`:
/// the export the HTTP endpoint gives, written to a file, from the configured database (ConnectionStrings__Marten, else the
/// embedded cluster). It is run by whoever operates the service, so no group role is checked.
/// </summary>
public static class ExportsCommand
{
    public static Command Create()
    {
        var group = new Option<Guid>("--group") { Description = "The group's id.", Required = true };
        var draft = new Option<Guid>("--draft") { Description = "The draft's id.", Required = true };
        var format = new Option<string>("--format") { Description = ExportParameters.Formats, DefaultValueFactory = _ => "docx" };
        var variant = new Option<string>("--variant") { Description = ExportParameters.Variants, DefaultValueFactory = _ => "clean" };
        var revision = new Option<int?>("--revision") { Description = "Export revision n (0: the zero draft)." };
        var asOf = new Option<string?>("--as-of") { Description = "Export the draft as of this global event sequence or ISO 8601 instant." };
        var against = new Option<int?>("--against") { Description = "For a redline: the earlier revision to compare with." };
        var language = new Option<string?>("--language") { Description = "Export in this official language (ar, zh, en, fr, ru, es); default: the working language." };
        var output = new Option<FileInfo>("--output") { Description = "The file to write.", Required = true };

        var export = new Command("export", "Write a draft as DOCX, Akoma Ntoso, Markdown, HTML or PDF.")
        {
            group, draft, format, variant, revision, asOf, against, language, output,
        };
        export.SetAction((parse, ct) => ExportAsync(
            new ExportDraft(parse.GetValue(group), parse.GetValue(draft), parse.GetValue(format), parse.GetValue(variant),
                parse.GetValue(revision), parse.GetValue(asOf), parse.GetValue(against), parse.GetValue(language)),
            parse.GetValue(output)!, ct));
        return new Command("exports", "Drafts exported as documents.") { export };
    }

    private static async Task<int> ExportAsync(ExportDraft request, FileInfo output, CancellationToken ct)
    {
        var invalid = new ExportDraftValidator().Validate(request);
        if (!invalid.IsValid)
        {
            foreach (var error in invalid.Errors) Console.Error.WriteLine(error.ErrorMessage);
            return 2;
        }

        await using var app = WorkspaceHost.Build([]);
        await using var scope = app.Services.CreateAsyncScope();
        var exports = scope.ServiceProvider.GetRequiredService<DraftExports>();
        try
        {
            var export = await exports.ExportAsync(request, ct);
            await File.WriteAllBytesAsync(output.FullName, export.File.Content, ct);
            Console.WriteLine($"Wrote {output.FullName} ({export.File.Content.Length} bytes, as of sequence {export.Sequence}).");
            return 0;
        }
        catch (Exception e) when (e is NotFoundException or ConflictException or ValidationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
