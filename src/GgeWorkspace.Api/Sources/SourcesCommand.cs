using System.CommandLine;
using System.Text.Encodings.Web;

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
        var actor = new Option<string?>("--as") { Description = "The sub of the Secretariat member who imports (default: the group's first Secretariat member)." };

        var import = new Command("import", "Read the Member States' views (A/72/304) into replies and paragraphs; without --dry-run, store them in a group.")
        {
            file, dryRun, group, actor,
        };
        import.SetAction((parse, ct) => ImportAsync(parse.GetValue(file)!, parse.GetValue(dryRun), parse.GetValue(group), parse.GetValue(actor), ct));

        return new Command("sources", "The documents a group drafts from, such as the Member States' views.") { import };
    }

    private static async Task<int> ImportAsync(FileInfo file, bool dryRun, Guid? group, string? actor, CancellationToken ct)
    {
        var path = Locate(file);
        if (path is null)
        {
            Console.Error.WriteLine($"No such file: {file}");
            return 2;
        }
        if (!dryRun)
        {
            if (group is null)
            {
                Console.Error.WriteLine("Importing needs --group <id> (or --dry-run to see what would be imported).");
                return 2;
            }
            return await StoreAsync(path, group.Value, actor, ct);
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

    /// <summary>Imports into the configured database as a Secretariat member of the group, through the same command as the API.</summary>
    private static async Task<int> StoreAsync(string path, Guid groupId, string? actor, CancellationToken ct)
    {
        Console.Error.WriteLine($"Reading {path}");
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, ct);
        Console.Error.WriteLine("Opening the database and applying migrations");
        await using var host = await Infrastructure.CommandLine.OpenServicesAsync(ct);
        Groups.Group? group;
        await using (var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession())
            group = await session.LoadAsync<Groups.Group>(groupId, ct);
        var member = group?.Members.FirstOrDefault(m => actor is null ? m.Role == Groups.MemberRole.Secretariat : m.Sub == actor);
        if (group is null || member is null)
        {
            Console.Error.WriteLine(group is null ? $"No group {groupId} in this database." : $"{actor ?? "No Secretariat member"} is not a member of {group.Name}.");
            return 2;
        }
        Console.Error.WriteLine($"Importing into \"{group.Name}\" as {member.Sub}");
        try
        {
            var result = await Infrastructure.Auth.ActingAs.SendAsync(host.Services, member.Sub, member.DisplayName ?? member.Sub, false,
                new ImportSourceDocument(groupId, text, null), ct);
            Console.Error.WriteLine(result.Imported
                ? $"Imported {result.Symbol}: {result.Replies} replies, {result.Paragraphs} paragraphs, {result.Unclassified} unclassified line(s); document {result.DocumentId}"
                : $"{result.Symbol} is already imported with this exact text: nothing changed (document {result.DocumentId})");
            return 0;
        }
        catch (Exception e) when (Infrastructure.Errors.ProblemDetailsExceptionHandler.ToProblem(e) is { } problem)
        {
            Console.Error.WriteLine($"{problem.Title} {problem.Detail}");
            return 1;
        }
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
