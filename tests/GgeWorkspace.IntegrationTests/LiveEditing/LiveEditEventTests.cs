using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.Client.Live;
using GgeWorkspace.Text;
using GgeWorkspace.IntegrationTests.Infrastructure;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>
/// Live edits are stored as <see cref="ParagraphTextEdited"/>, which the async daemon's agents never load; a live edit
/// stored before that event existed (a <see cref="ParagraphTextChanged"/> of kind LiveEdit) still means the same everywhere.
/// </summary>
public sealed class LiveEditEventTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Text = "Verification must be effective, credible and non-discriminatory.";

    [Fact]
    public async Task The_daemons_query_for_the_feed_live_updates_and_dashboard_returns_no_live_edit()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var floor = await LastSequenceAsync();
        var p = await room.AddParagraph(Text);
        await using var writer = await JoinAsync("demo-expert-can", room);
        var version = p.TextVersion;
        foreach (var (id, typed) in new[] { ("can-1", " التحقق"), ("can-2", " 核查"), ("can-3", " 👩🏽‍⚖️") })
        {
            var current = await room.Chair.Paragraph(room.DraftId, p.Id);
            version = (await SubmitAsync(writer, room, current, id, typed)).Version;
        }
        await AppendOldStyleLiveEditAsync(p.Id, "demo-expert-chn", "old-1", text => text + " é");
        var replaced = await room.ReplaceText(await room.Chair.Paragraph(room.DraftId, p.Id), "Verification must be effective.");
        var ceiling = await LastSequenceAsync();

        await using var session = api.Store.QuerySession();
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > floor && e.Sequence <= ceiling).ToListAsync();
        Assert.Equal(3, stored.Count(e => e.Data is ParagraphTextEdited));

        var agents = new (string Name, EventFilterable Agent)[]
        {
            (nameof(GroupActivityProjection), ((DocumentStore)api.Store).Options.Projections.All.OfType<IProjectionWrapper>()
                .Single(w => w.InnerProjection is GroupActivityProjection) as EventFilterable ?? throw new InvalidOperationException("Not filterable.")),
            (nameof(GroupEventBroadcaster), api.Services.GetRequiredService<GroupEventBroadcaster>()),
            (nameof(DashboardBroadcaster), api.Services.GetRequiredService<DashboardBroadcaster>()),
        };
        foreach (var (name, agent) in agents)
        {
            // The loader the daemon builds for this agent: its SQL, run over the range holding the live edits.
            var database = (IEventDatabase)api.Store.Storage.Database;
            var shard = new ShardName(name);
            var loader = ((IEventStore<IDocumentOperations, IQuerySession>)api.Store).BuildEventLoader(database, NullLogger.Instance, agent, new AsyncOptions(), shard);
            var page = await loader.LoadAsync(new EventRequest
            {
                Floor = floor, HighWater = ceiling, BatchSize = 1000, Name = shard, Runtime = new NulloDaemonRuntime(),
                Metrics = new SubscriptionMetrics((IEventStore)api.Store, shard, database),
            }, CancellationToken.None);
            var handed = page.Where(e => e.Sequence > floor && e.Sequence <= ceiling && e.StreamId == p.Id).ToList();
            Assert.DoesNotContain(handed, e => e.Data is ParagraphTextEdited);
            // Everything else still reaches it: the old-style live edit (skipped by the agent itself) and the replacement.
            Assert.Contains(handed, e => e.Data is ParagraphTextChanged { Kind: TextChangeKind.LiveEdit });
            Assert.Contains(handed, e => e.Data is ParagraphTextChanged { Kind: TextChangeKind.Replaced } c && c.BaseTextVersion == replaced.TextVersion - 1);
            Assert.Contains(handed, e => e.Data is ParagraphProposed or ParagraphAdded);
        }
    }

    [Fact]
    public async Task A_live_edit_is_neither_an_activity_entry_nor_a_dashboard_change()
    {
        await api.WaitForDaemonAsync();
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Text);
        var dashboards = Channel.CreateUnbounded<JsonElement>();
        await using var chair = api.HubFor("demo-chair");
        chair.On<JsonElement>(DraftingHubProtocol.DashboardChanged, m => dashboards.Writer.TryWrite(m));
        await chair.StartAsync();
        await chair.InvokeAsync<GroupView>("JoinGroup", room.GroupId);

        await using var writer = await JoinAsync("demo-expert-can", room);
        await SubmitAsync(writer, room, p, "can-1", " Mutual 互信.");
        await AppendOldStyleLiveEditAsync(p.Id, "demo-expert-chn", "old-1", text => text + " é");
        // A change that is news, after the live edits: once it is in the feed and on the dashboard, they would be too.
        var replaced = await room.ReplaceText(await room.Chair.Paragraph(room.DraftId, p.Id), "Verification must be effective.");

        await using var session = api.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(p.Id);
        var liveEdits = events.Where(e => LiveEdits.IsKeystroke(e.Data)).Select(e => e.Sequence).ToHashSet();
        Assert.Equal(2, liveEdits.Count);
        var replacedAt = events.Single(e => e.Data is ParagraphTextChanged { Kind: TextChangeKind.Replaced }).Sequence;

        var feed = await Wait.UntilAsync(
            () => room.Chair.Client.GetFromJsonAsync<List<ActivityEntry>>($"/api/groups/{room.GroupId}/activity", Json.Options),
            entries => entries!.Any(e => e.Sequence == replacedAt), "the replacement to reach the activity feed");
        Assert.DoesNotContain(feed!, e => liveEdits.Contains(e.Sequence));
        Assert.DoesNotContain(feed!, e => e.Kind == "paragraph_text_edited");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<long>();
        while (true)
        {
            var message = await dashboards.Reader.ReadAsync(timeout.Token);
            if (message.GetProperty("draftId").GetGuid() != room.DraftId) continue;
            seen.Add(message.GetProperty("sequence").GetInt64());
            if (seen[^1] >= replacedAt) break;
        }
        Assert.DoesNotContain(seen, liveEdits.Contains);
        Assert.Equal("Verification must be effective.", replaced.Text);
    }

    [Fact]
    public async Task A_live_edit_stored_as_a_text_change_is_applied_by_the_paragraph_replays_redline_and_exports_as_before()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Text);
        (await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/revisions", new { })).EnsureSuccessStatusCode();

        // Canada's deletion stored the old way, then China's insertion live, the new way.
        await AppendOldStyleLiveEditAsync(p.Id, "demo-expert-can", "old-1", text => text.Replace(", credible", "", StringComparison.Ordinal));
        await using var writer = await JoinAsync("demo-expert-chn", room);
        var typed = await SubmitAsync(writer, room, await room.Chair.Paragraph(room.DraftId, p.Id), "chn-1", " 核查 ✓");
        const string expected = "Verification must be effective and non-discriminatory. 核查 ✓";

        var current = await room.Chair.Paragraph(room.DraftId, p.Id);
        Assert.Equal(expected, current.Text);
        Assert.Equal(2, current.TextVersion);
        Assert.Equal(typed.Version, current.TextVersion);

        await using (var session = api.Store.QuerySession())
        {
            var replayed = await DraftReplay.AsOfAsync(session, room.DraftId, await LastSequenceAsync(), CancellationToken.None);
            var paragraph = replayed!.Paragraphs[p.Id];
            Assert.Equal(expected, paragraph.Text);
            Assert.Equal(2, paragraph.TextVersion);
            Assert.Contains(paragraph.Authorship, run => run.AuthorSub == "demo-expert-chn");
        }

        var redline = await DraftingApi.Read<Redline>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline?from=0&to=current"));
        var segments = redline.Paragraphs.Single().Segments;
        var deleted = segments.Where(s => s.Kind == RedlineSegmentKind.Deleted).ToList();
        Assert.Equal(", credible", string.Concat(deleted.Select(s => s.Text)));
        Assert.All(deleted, s => Assert.Equal("demo-expert-can", s.ActorSub));
        Assert.Contains(segments, s => s.Kind == RedlineSegmentKind.Inserted && s.Text.Contains("核查 ✓", StringComparison.Ordinal) && s.ActorSub == "demo-expert-chn");

        // Exports read up to the high-water mark: the last edit is in once it is reached.
        var markdown = await Wait.UntilAsync(
            async () => await (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/export?format=md")).EnsureSuccessStatusCode().Content.ReadAsStringAsync(),
            text => text.Contains("核查 ✓", StringComparison.Ordinal), "the export to reach the last live edit");
        Assert.Contains(@"Verification must be effective and non\-discriminatory\. 核查 ✓", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("credible", markdown, StringComparison.Ordinal);
    }

    /// <summary>A live edit as it was stored before it had an event type of its own, appended through Marten.</summary>
    private async Task AppendOldStyleLiveEditAsync(Guid paragraphId, string authorSub, string clientOperationId, Func<string, string> edit)
    {
        await using var session = api.Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Paragraph>(paragraphId);
        var paragraph = stream.Aggregate!;
        stream.AppendOne(new ParagraphTextChanged(paragraph.GroupId, paragraph.DraftId, paragraphId,
            TextOperation.FromDiff(paragraph.Text, edit(paragraph.Text)), paragraph.TextVersion, TextChangeKind.LiveEdit,
            authorSub, null, DateTimeOffset.UtcNow, clientOperationId));
        await session.SaveChangesAsync();
    }

    private async Task<long> LastSequenceAsync()
    {
        await using var session = api.Store.QuerySession();
        return (await session.QueryAsync<long>("select coalesce(max(seq_id), 0) from mt_events")).Single();
    }

    private async Task<DraftingSession> JoinAsync(string sub, DraftRoom room)
    {
        var session = new DraftingSession(api.HubFor(sub), room.GroupId, room.DraftId, sub);
        await session.JoinAsync();
        return session;
    }

    private static Task<OperationAck> SubmitAsync(DraftingSession writer, DraftRoom room, ParagraphView p, string clientId, string appended) =>
        writer.Connection.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, new SubmitOperation(
            room.GroupId, room.DraftId, p.Id, p.TextVersion, clientId, TextOperation.Empty.Retain(CodePoints.Length(p.Text)).Insert(appended)));
}
