using System.CommandLine;

namespace GgeWorkspace.Api.Infrastructure.Events;

/// <summary>
/// `events damaged` lists stored events that cannot be read or applied; `events repair` restores a damaged paragraph by
/// appending a correcting event (never by deleting or editing history). Both on the configured database
/// (ConnectionStrings__Marten, else the embedded cluster).
/// </summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var damaged = new Command("damaged", "List the damaged events not yet repaired (exit 1 when there is any).");
        damaged.SetAction(async (_, ct) =>
        {
            await using var app = await CommandLine.OpenServicesAsync(ct);
            var unrepaired = await app.Services.GetRequiredService<DamagedStreams>().UnrepairedAsync(ct);
            foreach (var d in unrepaired) Console.WriteLine($"stream {d.StreamId} sequence {d.Id} ({d.Type}): {d.Reason}");
            Console.Error.WriteLine(unrepaired.Count == 0 ? "No damaged events." : $"{unrepaired.Count} damaged event(s).");
            return unrepaired.Count == 0 ? 0 : 1;
        });

        var paragraph = new Option<Guid>("--paragraph") { Description = "The damaged paragraph (its stream id).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the record (stored in the correcting event).", Required = true };
        var text = new Option<string?>("--text")
        {
            Description = "The paragraph's text from now on; by default the last text the service applied before the damage.",
        };
        var repair = new Command("repair", "Restore a damaged paragraph by appending ParagraphRepaired; the damaged events stay in history.")
        {
            paragraph, reason, text,
        };
        repair.SetAction(async (parse, ct) =>
        {
            await using var app = await CommandLine.OpenServicesAsync(ct);
            try
            {
                var result = await app.Services.GetRequiredService<ParagraphRepairs>()
                    .RepairAsync(parse.GetValue(paragraph), parse.GetValue(text), parse.GetValue(reason)!, ct);
                Console.WriteLine($"Paragraph {result.ParagraphId} repaired at stream version {result.Version} (text version {result.TextVersion}); " +
                    $"superseded sequence(s) {string.Join(", ", result.Supersedes)}.");
                return 0;
            }
            catch (ConflictException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        var sequence = new Option<long>("--sequence") { Description = "The damaged event's global sequence (as 'events damaged' lists it).", Required = true };
        var why = new Option<string>("--reason") { Description = "How the row was restored, for the record.", Required = true };
        var resolve = new Command("resolve",
            "Close the record of a damaged event of a stream other than a paragraph after its row was restored as written (from a backup); refused while it still cannot be read.")
        {
            sequence, why,
        };
        resolve.SetAction(async (parse, ct) =>
        {
            await using var app = await CommandLine.OpenServicesAsync(ct);
            try
            {
                var resolved = await app.Services.GetRequiredService<DamagedStreams>().ResolveRestoredAsync(parse.GetValue(sequence), parse.GetValue(why)!, ct);
                Console.WriteLine($"Damaged event {resolved.Id} of stream {resolved.StreamId} resolved: the row reads again.");
                return 0;
            }
            catch (ConflictException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return new Command("events", "Stored events: damage and its repair.") { damaged, repair, resolve };
    }
}
