using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using GgeWorkspace.IntegrationTests.Reliability;
using Marten;
using Marten.Events;
using Marten.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>
/// The real host with one committer, so batches handed over while it commits wait and then share a transaction, and a
/// gate on the store's commits of live text: it can hold the next one (its statements read, nothing written yet) and
/// report how many paragraphs it carries, and make the next shared one fail before or after COMMIT.
/// </summary>
public sealed class SharedCommitApiFactory : GgeApiFactory
{
    public LiveCommitGate Gate { get; } = new();

    public LiveCommits Commits => Services.GetRequiredService<LiveCommits>();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["LiveEditing:ConcurrentCommits"] = "1",
        ["LiveEditing:MaxRefusalsPerConnection"] = "1000000",
        ["LiveEditing:OperationsPerSecondPerConnection"] = "100000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureMarten(opts => opts.Listeners.Add(Gate)));
    }
}

public sealed class LiveCommitGate : DocumentSessionListenerBase
{
    public sealed class Hold
    {
        public TaskCompletionSource<int> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>How many paragraphs the held commit carries, once it is held.</summary>
        public Task<int> ReachedAsync() => Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private readonly ConcurrentQueue<Hold> _holds = new();
    private Hold? _next;
    private int _failBefore;
    private int _failAfter;

    /// <summary>Paragraphs with text changes in each commit attempt, in order.</summary>
    public ConcurrentQueue<int> ParagraphsPerAttempt { get; } = new();

    public Hold HoldNext()
    {
        var hold = new Hold();
        _holds.Enqueue(hold);
        return _next = hold;
    }

    /// <summary>Lets every held commit go on and holds no further one, so a failed test leaves the host usable.</summary>
    public void ReleaseAll()
    {
        _next = null;
        foreach (var hold in _holds) hold.Released.TrySetResult();
    }

    public void FailNextSharedBeforeCommit() => Interlocked.Exchange(ref _failBefore, 1);

    public void FailNextSharedAfterCommit() => Interlocked.Exchange(ref _failAfter, 1);

    private static int Paragraphs(IEnumerable<IEnumerable<object>> streams) =>
        streams.Count(events => events.Any(e => e is IParagraphTextChange));

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var paragraphs = Paragraphs(session.PendingChanges.Streams().Select(s => s.Events.Select(e => e.Data)));
        if (paragraphs == 0) return;
        ParagraphsPerAttempt.Enqueue(paragraphs);
        if (Interlocked.Exchange(ref _next, null) is { } hold)
        {
            hold.Reached.TrySetResult(paragraphs);
            await hold.Released.Task;
        }
        if (paragraphs > 1 && Interlocked.Exchange(ref _failBefore, 0) == 1)
            throw new IOException("The connection was lost before COMMIT.");
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (Paragraphs(commit.GetStreams().Select(s => s.Events.Select(e => e.Data))) > 1 && Interlocked.Exchange(ref _failAfter, 0) == 1)
            throw new IOException("The connection was lost after COMMIT.");
        return Task.CompletedTask;
    }
}

public sealed class SharedCommitTests(SharedCommitApiFactory api) : IClassFixture<SharedCommitApiFactory>
{
    private static readonly string[] Members = ["demo-chair", "demo-expert-can", "demo-expert-chn", "demo-expert-mex", "demo-expert-gbr", "demo-expert-usa"];

    private sealed record Typist(HubConnection Hub, Guid ParagraphId, string Text);

    /// <summary>One paragraph per member, each with its member joined to the draft on a connection of its own.</summary>
    private async Task<(DraftRoom Room, List<Typist> Typists)> RoomAsync()
    {
        var room = await DraftRoom.CreateAsync(api);
        var typists = new List<Typist>();
        foreach (var (sub, i) in Members.Select((s, i) => (s, i)))
        {
            var text = $"Paragraph {i} on verification 核查";
            var paragraph = await room.AddParagraph(text);
            paragraph = await DraftingApi.Read<ParagraphView>(await room.Chair.ChangeStatus(room.DraftId, paragraph, ParagraphStatus.UnderNegotiation));
            var hub = api.HubFor(sub);
            await hub.StartAsync();
            await hub.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, room.GroupId, room.DraftId);
            typists.Add(new Typist(hub, paragraph.Id, text));
        }
        return (room, typists);
    }

    private static Task<OperationAck> Type(DraftRoom room, Typist typist, long baseVersion, string insert, string? clientOperationId = null) =>
        typist.Hub.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit, new SubmitOperation(room.GroupId, room.DraftId, typist.ParagraphId, baseVersion,
            clientOperationId ?? Guid.NewGuid().ToString(), TextOperation.Empty.Retain(CodePoints.Length(typist.Text)).Insert(insert)));

    /// <summary>
    /// Holds the commit of the first typist's edit, hands the others' edits over while it is held, and returns them with
    /// the hold of the commit they then share.
    /// </summary>
    private async Task<(Task<OperationAck> First, List<Task<OperationAck>> Others, LiveCommitGate.Hold Shared)> SharedCommitAsync(
        DraftRoom room, List<Typist> typists, string insert)
    {
        var first = api.Gate.HoldNext();
        var firstAck = Type(room, typists[0], 0, insert);
        Assert.Equal(1, await first.ReachedAsync());
        var waiting = api.Commits.Waiting;
        var others = typists.Skip(1).Select(t => Type(room, t, 0, insert)).ToList();
        await Wait.UntilAsync(() => api.Commits.Waiting == waiting + others.Count, "every other edit handed to the commit stage");
        var shared = api.Gate.HoldNext();
        first.Released.TrySetResult();
        Assert.Equal(others.Count, await shared.ReachedAsync());
        return (firstAck, others, shared);
    }

    /// <summary>The invariants, once the daemon has caught up (its exports are as of its high-water mark).</summary>
    private async Task AssertInvariantsAsync()
    {
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await InvariantCheck.AssertHoldsAsync(api.Store, api.Services);
    }

    private async Task DisposeAsync(List<Typist> typists)
    {
        api.Gate.ReleaseAll();
        foreach (var typist in typists) await typist.Hub.DisposeAsync();
    }

    [Fact]
    public async Task Many_paragraphs_edited_at_once_share_commits_converge_and_store_every_acknowledged_operation()
    {
        const int Rounds = 8;
        const int Paragraphs = 8;
        string[] pieces = ["e\u0301", "验"];
        var room = await DraftRoom.CreateAsync(api);
        var paragraphs = new List<(Guid Id, string Text)>();
        for (var i = 0; i < Paragraphs; i++)
        {
            var text = $"{i}. States should cooperate 核查 ✅";
            paragraphs.Add(((await room.AddParagraph(text)).Id, text));
        }
        // Two writers per paragraph, each on a connection of its own (a connection has one call in flight at a time).
        var writers = new List<(DraftingSession Session, Guid ParagraphId, string Piece)>();
        foreach (var ((id, _), p) in paragraphs.Select((x, p) => (x, p)))
            for (var w = 0; w < pieces.Length; w++)
            {
                var sub = Members[(2 * p + w) % Members.Length];
                var session = new DraftingSession(api.HubFor(sub), room.GroupId, room.DraftId, sub, selective: true);
                await session.JoinAsync();
                await session.OpenAsync(id);
                writers.Add((session, id, pieces[w]));
            }
        try
        {
            var (commits, batches) = (api.Commits.Commits, api.Commits.Batches);
            // The first commit is held until every other paragraph's first batch waits for the committer, so they share one.
            var held = api.Gate.HoldNext();
            for (var round = 0; round < Rounds; round++)
                foreach (var (session, id, piece) in writers)
                    session.Edit(id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(piece));
            var carried = await held.ReachedAsync();
            await Wait.UntilAsync(() => carried + api.Commits.Waiting == Paragraphs, "every other paragraph's batch waiting for the committer");
            held.Released.TrySetResult();

            await Wait.UntilAsync(() => writers.All(w => w.Session.Snapshot(w.ParagraphId).Synchronized), "every edit acknowledged");
            Assert.All(writers, w => Assert.Empty(w.Session.Errors));
            foreach (var (id, text) in paragraphs)
            {
                var server = await room.Chair.Paragraph(room.DraftId, id);
                // Every acknowledged edit is stored: each writer's piece, in every round (é is two code points).
                Assert.Equal(CodePoints.Length(text) + Rounds * 3, CodePoints.Length(server.Text));
                foreach (var piece in pieces)
                    Assert.Equal(Rounds, (server.Text.Length - server.Text.Replace(piece, "", StringComparison.Ordinal).Length) / piece.Length);
                Assert.All(writers.Where(w => w.ParagraphId == id), w => Assert.Equal(server.Text, w.Session.Snapshot(id).Text));
            }
            Assert.True(api.Commits.Batches - batches > api.Commits.Commits - commits,
                $"{api.Commits.Batches - batches} batches in {api.Commits.Commits - commits} commits");
            await AssertInvariantsAsync();
        }
        finally
        {
            api.Gate.ReleaseAll();
            foreach (var (session, _, _) in writers) await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_paragraph_written_behind_the_sequencers_back_during_a_shared_commit_is_sequenced_again_and_the_others_commit_without_it()
    {
        var (room, typists) = await RoomAsync();
        try
        {
            var attempts = api.Gate.ParagraphsPerAttempt.Count;
            var (first, others, shared) = await SharedCommitAsync(room, typists, " ✅");
            // Its statements are read, nothing is written yet: a REST write moves the third paragraph's stream meanwhile.
            var moved = typists[2];
            var rest = await room.ReplaceText(await room.Chair.Paragraph(room.DraftId, moved.ParagraphId), moved.Text + " 🔒");
            Assert.Equal(1, rest.TextVersion);
            shared.Released.TrySetResult();

            Assert.Equal(1, (await first).Version);
            var acks = await Task.WhenAll(others);
            foreach (var (typist, ack) in typists.Skip(1).Zip(acks))
            {
                var stored = await room.Chair.Paragraph(room.DraftId, typist.ParagraphId);
                if (typist == moved)
                {
                    Assert.Equal(2, ack.Version);
                    Assert.Equal(moved.Text + " 🔒 ✅", stored.Text);
                }
                else
                {
                    Assert.Equal(1, ack.Version);
                    Assert.Equal(typist.Text + " ✅", stored.Text);
                }
                Assert.Equal(ack.Version, stored.TextVersion);
            }
            // The shared commit failed on the moved stream, and the others committed together without it.
            var seen = api.Gate.ParagraphsPerAttempt.Skip(attempts).ToList();
            var sharedAt = seen.IndexOf(others.Count);
            Assert.True(sharedAt >= 0 && seen.Skip(sharedAt + 1).Contains(others.Count - 1), string.Join(",", seen));
            await AssertInvariantsAsync();
        }
        finally
        {
            await DisposeAsync(typists);
        }
    }

    [Fact]
    public async Task A_silence_placed_on_one_paragraph_during_a_shared_commit_refuses_only_that_paragraphs_edit()
    {
        var (room, typists) = await RoomAsync();
        try
        {
            var (first, others, shared) = await SharedCommitAsync(room, typists, " ✅");
            var silenced = typists[3];
            var started = await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/silence", new { paragraphIds = new[] { silenced.ParagraphId } });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            shared.Released.TrySetResult();

            Assert.Equal(1, (await first).Version);
            foreach (var (typist, answer) in typists.Skip(1).Zip(others))
            {
                if (typist == silenced)
                {
                    var refused = await Assert.ThrowsAsync<HubException>(() => answer);
                    var problem = JsonDocument.Parse(refused.Message[refused.Message.IndexOf('{')..]).RootElement;
                    Assert.Equal(409, problem.GetProperty("status").GetInt32());
                    Assert.Equal(typist.Text, (await room.Chair.Paragraph(room.DraftId, typist.ParagraphId)).Text);
                }
                else
                {
                    Assert.Equal(1, (await answer).Version);
                    Assert.Equal(typist.Text + " ✅", (await room.Chair.Paragraph(room.DraftId, typist.ParagraphId)).Text);
                }
            }
            await AssertInvariantsAsync();
        }
        finally
        {
            await DisposeAsync(typists);
        }
    }

    [Fact]
    public async Task A_shared_commit_that_fails_before_COMMIT_commits_each_paragraph_alone_and_loses_nothing()
    {
        var (room, typists) = await RoomAsync();
        try
        {
            var (first, others, shared) = await SharedCommitAsync(room, typists, " ✅");
            api.Gate.FailNextSharedBeforeCommit();
            shared.Released.TrySetResult();

            Assert.Equal(1, (await first).Version);
            Assert.All(await Task.WhenAll(others), ack => Assert.Equal(1, ack.Version));
            foreach (var typist in typists)
                Assert.Equal(typist.Text + " ✅", (await room.Chair.Paragraph(room.DraftId, typist.ParagraphId)).Text);
            await AssertInvariantsAsync();
        }
        finally
        {
            await DisposeAsync(typists);
        }
    }

    [Fact]
    public async Task A_shared_commit_that_reports_a_failure_after_COMMIT_acknowledges_each_operation_once_and_a_resend_is_a_duplicate()
    {
        var (room, typists) = await RoomAsync();
        try
        {
            var ids = typists.Select(_ => Guid.NewGuid().ToString()).ToList();
            var first = api.Gate.HoldNext();
            var firstAck = Type(room, typists[0], 0, " ✅", ids[0]);
            await first.ReachedAsync();
            var waiting = api.Commits.Waiting;
            var others = typists.Skip(1).Select((t, i) => Type(room, t, 0, " ✅", ids[i + 1])).ToList();
            await Wait.UntilAsync(() => api.Commits.Waiting == waiting + others.Count, "every other edit handed to the commit stage");
            api.Gate.FailNextSharedAfterCommit();
            first.Released.TrySetResult();

            Assert.Equal(1, (await firstAck).Version);
            // The commit landed: each paragraph's loop finds its operation stored and acknowledges it.
            Assert.All(await Task.WhenAll(others), ack => Assert.Equal((1, false), (ack.Version, ack.Duplicate)));
            foreach (var (typist, id) in typists.Zip(ids))
            {
                Assert.Equal(typist.Text + " ✅", (await room.Chair.Paragraph(room.DraftId, typist.ParagraphId)).Text);
                var resent = await Type(room, typist, 0, " ✅", id);
                Assert.Equal((1, true), (resent.Version, resent.Duplicate));
            }
            await AssertInvariantsAsync();
        }
        finally
        {
            await DisposeAsync(typists);
        }
    }

    [Fact]
    public async Task A_paragraph_damaged_behind_the_sequencers_back_before_a_shared_commit_reads_it_is_refused_alone_and_the_others_commit_together()
    {
        var (room, typists) = await RoomAsync();
        var damaged = typists[2];
        try
        {
            // A text change to copy, so the row appended behind the service's back is a text change that cannot be read.
            var replaced = await room.ReplaceText(await room.Chair.Paragraph(room.DraftId, damaged.ParagraphId), damaged.Text + " 🔒");
            var first = api.Gate.HoldNext();
            var firstAck = Type(room, typists[0], 0, " ✅");
            Assert.Equal(1, await first.ReachedAsync());
            var waiting = api.Commits.Waiting;
            var others = typists.Skip(1).Select(t => Type(room, t, 0, " ✅")).ToList();
            await Wait.UntilAsync(() => api.Commits.Waiting == waiting + others.Count, "every other edit handed to the commit stage");
            // Every batch is decided and waiting: the damage lands before the shared commit reads the streams.
            await Sql.ScalarAsync(api.ConnectionString, Sql.AppendLastTextChangeWithAFloatCount("@p"), ("p", damaged.ParagraphId));
            var shared = api.Gate.HoldNext();
            first.Released.TrySetResult();
            // The read of the shared commit left the damaged paragraph out before anything was written.
            Assert.Equal(others.Count - 1, await shared.ReachedAsync());
            shared.Released.TrySetResult();

            Assert.Equal(1, (await firstAck).Version);
            foreach (var (typist, answer) in typists.Skip(1).Zip(others))
            {
                if (typist == damaged)
                {
                    var refused = await Assert.ThrowsAsync<HubException>(() => answer);
                    var problem = JsonDocument.Parse(refused.Message[refused.Message.IndexOf('{')..]).RootElement;
                    Assert.Equal(ProblemTypes.ParagraphDamaged, problem.GetProperty("type").GetString());
                }
                else
                {
                    Assert.Equal(1, (await answer).Version);
                    Assert.Equal(typist.Text + " ✅", (await room.Chair.Paragraph(room.DraftId, typist.ParagraphId)).Text);
                }
            }
            var repair = await api.Services.GetRequiredService<ParagraphRepairs>().RepairAsync(damaged.ParagraphId, null, "Row edited by hand", default);
            Assert.NotEmpty(repair.Supersedes);
            Assert.Equal(replaced.Text, (await room.Chair.Paragraph(room.DraftId, damaged.ParagraphId)).Text);
            await AssertInvariantsAsync();
        }
        finally
        {
            await DisposeAsync(typists);
        }
    }

    [Fact]
    public async Task A_paragraph_whose_snapshot_cannot_be_read_by_a_shared_commit_is_refused_alone_and_the_others_commit_together()
    {
        var (room, typists) = await RoomAsync();
        var unreadable = typists[3];
        var snapshot = (string)(await Sql.ScalarAsync(api.ConnectionString,
            "select data::text from mt_doc_paragraph where id = @p", ("p", unreadable.ParagraphId)))!;
        try
        {
            var first = api.Gate.HoldNext();
            var firstAck = Type(room, typists[0], 0, " ✅");
            Assert.Equal(1, await first.ReachedAsync());
            var waiting = api.Commits.Waiting;
            var others = typists.Skip(1).Select(t => Type(room, t, 0, " ✅")).ToList();
            await Wait.UntilAsync(() => api.Commits.Waiting == waiting + others.Count, "every other edit handed to the commit stage");
            // Every batch is decided and waiting: one snapshot becomes unreadable before the shared commit reads the streams.
            await Sql.ScalarAsync(api.ConnectionString,
                "update mt_doc_paragraph set data = jsonb_set(data, '{textVersion}', '\"not a number\"') where id = @p", ("p", unreadable.ParagraphId));
            var shared = api.Gate.HoldNext();
            first.Released.TrySetResult();
            // The batched read failed; read one by one, only the unreadable paragraph was left out.
            Assert.Equal(others.Count - 1, await shared.ReachedAsync());
            shared.Released.TrySetResult();

            Assert.Equal(1, (await firstAck).Version);
            foreach (var (typist, answer) in typists.Skip(1).Zip(others))
            {
                if (typist == unreadable)
                    await Assert.ThrowsAsync<HubException>(() => answer);
                else
                {
                    Assert.Equal(1, (await answer).Version);
                    Assert.Equal(typist.Text + " ✅", (await room.Chair.Paragraph(room.DraftId, typist.ParagraphId)).Text);
                }
            }
            await Sql.ScalarAsync(api.ConnectionString, "update mt_doc_paragraph set data = @d::jsonb where id = @p",
                ("d", snapshot), ("p", unreadable.ParagraphId));
            Assert.Equal(unreadable.Text, (await room.Chair.Paragraph(room.DraftId, unreadable.ParagraphId)).Text);
            await AssertInvariantsAsync();
        }
        finally
        {
            await Sql.ScalarAsync(api.ConnectionString, "update mt_doc_paragraph set data = @d::jsonb where id = @p",
                ("d", snapshot), ("p", unreadable.ParagraphId));
            await DisposeAsync(typists);
        }
    }
}
