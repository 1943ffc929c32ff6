using System.Collections.Concurrent;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>
/// The real host whose next commit of live text, once armed, reports a failure after PostgreSQL committed it: as when
/// the connection is lost right after COMMIT.
/// </summary>
public sealed class CommitReportedFailedApiFactory : GgeApiFactory
{
    public LostCommitAcknowledgement LostAcknowledgement { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureMarten(opts => opts.Listeners.Add(LostAcknowledgement)));
    }
}

public sealed class LostCommitAcknowledgement : DocumentSessionListenerBase
{
    private int _armed;

    public int Fired;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any(e => e.Data is IParagraphTextChange) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Increment(ref Fired);
            throw new IOException("The connection was lost after COMMIT.");
        }
        return Task.CompletedTask;
    }
}

public sealed class CommitReportedFailedTests(CommitReportedFailedApiFactory api) : IClassFixture<CommitReportedFailedApiFactory>
{
    private async Task<(Guid GroupId, Guid DraftId, ParagraphView Paragraph)> Paragraph(string text)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Lessons and outstanding issues", "(c)");
        var section = await chair.AddSection(workstream.DraftId, "Lessons");
        return (groupId, workstream.DraftId, await chair.AddParagraph(workstream.DraftId, section, text));
    }

    /// <summary>A member who only listens: every version broadcast to it, as received (no catch-up, no reconnect).</summary>
    private async Task<(HubConnection Connection, ConcurrentDictionary<long, CommittedOperation> Received)> Listener(Guid groupId, Guid draftId)
    {
        var received = new ConcurrentDictionary<long, CommittedOperation>();
        var connection = api.HubFor("demo-expert-mex");
        connection.On<OperationsCommitted>(DraftingHubProtocol.OperationsCommitted, m =>
        {
            foreach (var o in m.Operations) received[o.Version] = o;
        });
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);
        return (connection, received);
    }

    [Fact]
    public async Task Operations_whose_commit_reported_a_failure_after_landing_reach_every_client_without_a_reconnect()
    {
        var (groupId, draftId, paragraph) = await Paragraph("核查 ✅");
        var (listener, received) = await Listener(groupId, draftId);
        await using var _ = listener;
        await using var writer = api.HubFor("demo-expert-can");
        await writer.StartAsync();
        await writer.InvokeAsync<JsonElement>(DraftingHubProtocol.JoinDraft, groupId, draftId);

        var fired = api.LostAcknowledgement.Fired;
        api.LostAcknowledgement.Arm();
        var first = await writer.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 0, "can-lost-1", TextOperation.Empty.Retain(4).Insert(" التحقق")));
        Assert.Equal(fired + 1, api.LostAcknowledgement.Fired);
        Assert.Equal(1, first.Version);
        var second = await writer.InvokeAsync<OperationAck>(DraftingHubProtocol.Submit,
            new SubmitOperation(groupId, draftId, paragraph.Id, 1, "can-lost-2", TextOperation.Empty.Insert("👩🏽‍🔬 ").Retain(11)));
        Assert.Equal(2, second.Version);

        await Wait.UntilAsync(() => received.ContainsKey(1) && received.ContainsKey(2), "both versions broadcast to the listener");
        Assert.Equal("can-lost-1", received[1].ClientOperationId);
        Assert.Equal("can-lost-2", received[2].ClientOperationId);
        var text = TextOperation.Apply(TextOperation.Apply("核查 ✅", received[1].Operation), received[2].Operation);
        var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
        Assert.Equal(server.Text, text);
        Assert.Equal("👩🏽‍🔬 核查 ✅ التحقق", text);
    }

    [Fact]
    public async Task A_batch_whose_commit_reported_a_failure_after_landing_is_broadcast_in_version_order_and_applied_once()
    {
        var (groupId, draftId, paragraph) = await Paragraph("ab");
        var (listener, received) = await Listener(groupId, draftId);
        await using var _ = listener;
        string[] writers = ["demo-expert-can", "demo-expert-chn", "demo-expert-gbr", "demo-expert-usa"];
        var sessions = new List<DraftingSession>();
        foreach (var sub in writers)
        {
            var session = new DraftingSession(api.HubFor(sub), groupId, draftId, sub);
            await session.JoinAsync();
            session.Open(paragraph.Id);
            sessions.Add(session);
        }
        try
        {
            var fired = api.LostAcknowledgement.Fired;
            api.LostAcknowledgement.Arm();
            for (var round = 0; round < 3; round++)
                for (var i = 0; i < sessions.Count; i++)
                {
                    var piece = new[] { "e\u0301", "核", "😀", "ب" }[i];
                    sessions[i].Edit(paragraph.Id, t => TextOperation.Empty.Retain(CodePoints.Length(t)).Insert(piece));
                }
            await Wait.UntilAsync(() => sessions.All(s => s.Snapshot(paragraph.Id).Synchronized), "every edit committed");
            Assert.Equal(fired + 1, api.LostAcknowledgement.Fired);

            var server = await new DraftingApi(api.ClientFor("demo-chair"), groupId).Paragraph(draftId, paragraph.Id);
            // Edits made while one is in flight are composed into one, so there are fewer versions than edits.
            var versions = (int)server.TextVersion;
            Assert.InRange(versions, sessions.Count, 12);
            await Wait.UntilAsync(() => received.Count == versions, "every version broadcast to the listener");
            Assert.Equal(Enumerable.Range(1, versions).Select(v => (long)v), received.Keys.Order());
            Assert.Equal(versions, received.Values.Select(o => o.ClientOperationId).Distinct().Count());
            Assert.Equal(17, CodePoints.Length(server.Text)); // "ab" and three rounds of four pieces (é is two code points)
            var text = received.Values.OrderBy(o => o.Version).Aggregate("ab", (t, o) => TextOperation.Apply(t, o.Operation));
            Assert.Equal(server.Text, text);
            Assert.All(sessions, s => Assert.Equal(server.Text, s.Snapshot(paragraph.Id).Text));
        }
        finally
        {
            foreach (var session in sessions) await session.DisposeAsync();
        }
    }
}
