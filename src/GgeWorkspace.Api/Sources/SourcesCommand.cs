using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GgeWorkspace.Api.Sources;

/// <summary>
/// `sources import &lt;file&gt; --dry-run`: reads the Member States' views and prints, as one JSON object on standard
/// output, what an import would bring in: each reply in document order with its counts, and the unclassified lines.
/// </summary>
public static class SourcesCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The extracted text of A/72/304 (Chinese), UTF-8." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and report only; store nothing." };
        var group = new Option<Guid?>("--group") { Description = "The group whose sources receive the replies." };

        var import = new Command("import", "Read the Member States' views (A/72/304) into replies and paragraphs.") { file, dryRun, group };
        import.SetAction((parse, ct) => ImportAsync(parse.GetValue(file)!, parse.GetValue(dryRun), parse.GetValue(group), ct));

        return new Command("sources", "The documents a group drafts from, such as the Member States' views.") { import };
    }

    private static async Task<int> ImportAsync(FileInfo file, bool dryRun, Guid? group, CancellationToken ct)
    {
        if (!dryRun)
        {
            Console.Error.WriteLine(group is null
                ? "Importing needs --group <id> and the running service's database, which this command does not reach yet; use --dry-run to see what would be imported."
                : $"Importing into group {group} needs the running service's database, which this command does not reach yet; use --dry-run to see what would be imported.");
            return 2;
        }
        var path = Locate(file);
        if (path is null)
        {
            Console.Error.WriteLine($"No such file: {file}");
            return 2;
        }

        var document = SourceDocumentReader.Read(await File.ReadAllTextAsync(path, Encoding.UTF8, ct));
        var report = new
        {
            replies = document.Replies.Select(r => new
            {
                submitter = r.Submitter,
                submitterEnglish = r.SubmitterEnglish,
                code = r.Code,
                originalLanguage = r.OriginalLanguage,
                date = r.Date,
                paragraphs = r.Paragraphs.Count(),
                footnotes = r.Footnotes.Count,
            }),
            unclassified = document.Unclassified.Select(u => new { line = u.Line, text = u.Text, reason = u.Reason }),
        };
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        await using (stdout.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, Json).AsMemory(), ct);
        }
        return 0;
    }

    /// <summary>`dotnet run` starts in the project folder, so a relative path is also tried from the repository root.</summary>
    private static string? Locate(FileInfo file)
    {
        if (file.Exists) return file.FullName;
        var given = file.ToString();
        if (Path.IsPathRooted(given)) return null;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln")))
            {
                var candidate = Path.Combine(dir.FullName, given);
                return File.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }
}
