using System.Diagnostics;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Auth;
using GgeWorkspace.Text;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace GgeWorkspace.Bench;

/// <summary>
/// P7: projection rebuild. Appends the product's own paragraph events (a paragraph added, then live edits, with the
/// actor headers the service writes) through Marten into a database of their own on the benchmark's PostgreSQL, with
/// the service's serializer and event metadata settings, then times the async daemon's RebuildProjectionAsync of the
/// group activity feed and of the Paragraph snapshot (registered async here so the daemon owns it).
/// </summary>
public static class ProjectionRebuild
{
    public static async Task<List<Dictionary<string, object?>>> RunAsync(string connectionString, int paragraphs, int editsPerParagraph)
    {
        // Marten prints notices (e.g. that no hosted daemon runs) on standard output, which carries only JSON lines here.
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        try
        {
            return await RebuildAsync(connectionString, paragraphs, editsPerParagraph);
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    private static async Task<List<Dictionary<string, object?>>> RebuildAsync(string connectionString, int paragraphs, int editsPerParagraph)
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = "p7_bench";
            o.AutoCreateSchemaObjects = AutoCreate.All;
            o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            o.Events.MetadataConfig.HeadersEnabled = true;
            o.Events.MetadataConfig.CorrelationIdEnabled = true;
            o.Events.MetadataConfig.CausationIdEnabled = true;
            o.Events.MetadataConfig.UserNameEnabled = true;
            o.Projections.Add(new GroupActivityProjection(), ProjectionLifecycle.Async);
            o.Schema.For<ActivityEntry>().Index(a => a.GroupId);
            o.Projections.Snapshot<Paragraph>(SnapshotLifecycle.Async);
            o.Schema.For<Paragraph>().Index(p => p.DraftId);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var groupId = Guid.CreateVersion7();
        var draftId = Guid.CreateVersion7();
        var appendStart = Stopwatch.GetTimestamp();
        long events = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var p = w; p < paragraphs; p += 4)
            {
                var id = Guid.CreateVersion7();
                var author = $"bench-expert-{p % 40 + 1:D3}";
                var text = Harness.InitialText;
                var now = DateTimeOffset.UtcNow;
                var batch = new List<object> { new ParagraphAdded(groupId, draftId, id, text, "bench-chair", null, now) };
                for (var e = 0; e < editsPerParagraph; e++)
                {
                    var insert = $" {e:x}";
                    batch.Add(new ParagraphTextChanged(groupId, draftId, id, TextOperation.Empty.Retain(text.Length).Insert(insert), e, TextChangeKind.LiveEdit,
                        author, "NOR", now, $"{id:N}-{e}"));
                    text += insert;
                }
                foreach (var chunk in batch.Chunk(250))
                {
                    await using var session = store.LightweightSession();
                    session.SetHeader(EventHeaders.Actor, author);
                    session.SetHeader(EventHeaders.ActorName, author);
                    session.Events.Append(id, chunk);
                    await session.SaveChangesAsync();
                }
                Interlocked.Add(ref events, batch.Count);
            }
        })));
        var appendSecs = Stopwatch.GetElapsedTime(appendStart).TotalSeconds;

        var results = new List<Dictionary<string, object?>>();
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var (name, rebuild) in new (string, Func<Task>)[]
        {
            ("activity feed (GroupActivityProjection)", () => daemon.RebuildProjectionAsync<GroupActivityProjection>(TimeSpan.FromMinutes(10), CancellationToken.None)),
            ("Paragraph snapshot", () => daemon.RebuildProjectionAsync<Paragraph>(TimeSpan.FromMinutes(10), CancellationToken.None)),
        })
        {
            var begin = Stopwatch.GetTimestamp();
            await rebuild();
            var secs = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            await using var query = store.QuerySession();
            var documents = name.StartsWith("activity", StringComparison.Ordinal)
                ? await query.Query<ActivityEntry>().CountAsync()
                : await query.Query<Paragraph>().CountAsync();
            results.Add(new Dictionary<string, object?>
            {
                ["system"] = "gge",
                ["scenario"] = "P7",
                ["projection"] = name,
                ["events"] = events,
                ["streams"] = paragraphs,
                ["documents"] = documents,
                ["append_events_per_s"] = Math.Round(events / appendSecs),
                ["rebuild_s"] = Math.Round(secs, 2),
                ["events_per_s"] = Math.Round(events / secs),
            });
        }
        await daemon.StopAllAsync();
        return results;
    }
}
