using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Consensus;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.Extensions.Time.Testing;

namespace GgeWorkspace.IntegrationTests.Consensus;

/// <summary>The silence procedure, driven by a fake clock: each test owns its host(s) and database.</summary>
public sealed class SilenceProcedureTests
{
    private static async Task<JsonElement> Procedure(ConsensusRoom room, Guid procedureId) =>
        (await room.Get("demo-chair", $"/drafts/{room.DraftId}/silence")).EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == procedureId);

    /// <summary>Waits (without timing anything) until the scheduler has recorded what the test expects.</summary>
    private static async Task<JsonElement> Eventually(ConsensusRoom room, Guid procedureId, Func<JsonElement, bool> done)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var procedure = await Procedure(room, procedureId);
            if (done(procedure)) return procedure;
            await Task.Delay(100);
        }
        throw new TimeoutException("The scheduler did not record the expected outcome.");
    }

    private static async Task<(ConsensusRoom Room, Guid ProcedureId, ParagraphView[] Placed)> Circulate(ClockedApiFactory api)
    {
        var room = await ConsensusRoom.OpenAsync(api, api.LongLivedClientFor);
        var placed = new[] { await room.NegotiableParagraphAsync("First circulated text."), await room.NegotiableParagraphAsync("Second circulated text.") };
        var started = await DraftingApi.Read<JsonElement>(await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/silence",
            new { paragraphIds = placed.Select(p => p.Id) }));
        return (room, started.GetProperty("id").GetGuid(), placed);
    }

    [Fact]
    public async Task Not_broken_by_the_deadline_the_paragraphs_become_agreed_and_meanwhile_their_text_is_frozen()
    {
        await using var api = new ClockedApiFactory();
        await api.InitializeAsync();
        var (room, procedureId, placed) = await Circulate(api);

        var procedure = await Procedure(room, procedureId);
        var deadline = procedure.GetProperty("deadline");
        Assert.Equal(api.Clock.GetUtcNow() + SilenceDecisions.DefaultDuration, deadline.GetProperty("utc").GetDateTimeOffset());
        Assert.Equal("Europe/Zurich", deadline.GetProperty("timeZone").GetString());
        var local = deadline.GetProperty("local").GetDateTimeOffset();
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich").GetUtcOffset(local.UtcDateTime), local.Offset);

        var frozen = await room.Chair.Send(HttpMethod.Put, $"/drafts/{room.DraftId}/paragraphs/{placed[0].Id}/text", new { text = "Changed." }, placed[0].TextVersion);
        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);
        Assert.Equal(procedureId, (await frozen.ProblemAsync()).GetProperty("procedureId").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, (await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/paragraphs/{placed[1].Id}/options",
            new { text = "An option." })).StatusCode);

        api.Clock.Advance(SilenceDecisions.DefaultDuration + TimeSpan.FromMinutes(1));
        var concluded = await Eventually(room, procedureId, p => p.GetProperty("status").GetString() == "Concluded");
        Assert.Equal("Agreed", concluded.GetProperty("outcome").GetString());
        foreach (var p in placed)
        {
            Assert.Equal(ParagraphStatus.Agreed, (await room.Chair.Paragraph(room.DraftId, p.Id)).Status);
            await using var session = api.Store.QuerySession();
            var agreed = (await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).OfType<ParagraphAgreed>().Single();
            Assert.Equal(ConsensusProcedures.Silence, agreed.Procedure);
        }
    }

    [Fact]
    public async Task Broken_silence_leaves_the_paragraphs_as_they_were_with_who_broke_it_and_why()
    {
        await using var api = new ClockedApiFactory();
        await api.InitializeAsync();
        var (room, procedureId, placed) = await Circulate(api);
        var breakPath = $"/drafts/{room.DraftId}/silence/{procedureId}/break";

        Assert.Equal(HttpStatusCode.BadRequest, (await room.As("demo-expert-chn").Send(HttpMethod.Post, breakPath, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-chair").Send(HttpMethod.Post, breakPath, new { reason = "No." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-observer").Send(HttpMethod.Post, breakPath, new { reason = "No." })).StatusCode);
        (await room.As("demo-expert-chn").Send(HttpMethod.Post, breakPath, new { reason = "The second paragraph needs more work." })).EnsureSuccessStatusCode();

        api.Clock.Advance(SilenceDecisions.DefaultDuration + TimeSpan.FromMinutes(1));
        var concluded = await Eventually(room, procedureId, p => p.GetProperty("status").GetString() == "Concluded");
        Assert.Equal("Broken", concluded.GetProperty("outcome").GetString());
        var broke = Assert.Single(concluded.GetProperty("breaks").EnumerateArray());
        Assert.Equal("CHN", broke.GetProperty("brokenByState").GetString());
        Assert.Equal("The second paragraph needs more work.", broke.GetProperty("reason").GetString());
        foreach (var p in placed)
            Assert.Equal(ParagraphStatus.UnderNegotiation, (await room.Chair.Paragraph(room.DraftId, p.Id)).Status);
    }

    [Fact]
    public async Task Only_the_chair_starts_and_cancels_silence_and_bad_requests_are_400()
    {
        await using var api = new ClockedApiFactory();
        await api.InitializeAsync();
        var room = await ConsensusRoom.OpenAsync(api, api.LongLivedClientFor);
        var p = await room.NegotiableParagraphAsync("Circulated.");
        var silence = $"/drafts/{room.DraftId}/silence";
        foreach (var sub in new[] { "demo-expert-can", "demo-secretariat", "demo-observer" })
            Assert.Equal(HttpStatusCode.Forbidden, (await room.As(sub).Send(HttpMethod.Post, silence, new { wholeDraft = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.As("a-stranger").Send(HttpMethod.Post, silence, new { wholeDraft = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.As("a-stranger").Send(HttpMethod.Get, silence)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Send(HttpMethod.Post, silence, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Send(HttpMethod.Post, silence, new { wholeDraft = true, sectionId = room.SectionId })).StatusCode);

        var started = await DraftingApi.Read<JsonElement>(await room.Chair.Send(HttpMethod.Post, silence, new { sectionId = room.SectionId }));
        var cancel = $"{silence}/{started.GetProperty("id").GetGuid()}/cancel";
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-expert-can").Send(HttpMethod.Post, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-secretariat").Send(HttpMethod.Post, cancel)).StatusCode);
        var cancelled = await DraftingApi.Read<JsonElement>(await room.Chair.Send(HttpMethod.Post, cancel, new { reason = "Text reopened." }));
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await room.Chair.Send(HttpMethod.Put, $"/drafts/{room.DraftId}/paragraphs/{p.Id}/text",
            new { text = "Edited after the cancellation." }, p.TextVersion)).StatusCode);
    }

    [Fact]
    public async Task A_deadline_sooner_than_the_configured_minimum_is_400_naming_the_minimum()
    {
        await using var api = new ClockedApiFactory();
        await api.InitializeAsync();
        var room = await ConsensusRoom.OpenAsync(api, api.LongLivedClientFor);
        var p = await room.NegotiableParagraphAsync("Circulated.");
        var silence = $"/drafts/{room.DraftId}/silence";

        var tooSoon = await room.Chair.Send(HttpMethod.Post, silence, new { paragraphIds = new[] { p.Id }, deadline = api.Clock.GetUtcNow().AddHours(2) });
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.StatusCode);
        var problem = await tooSoon.ProblemAsync();
        Assert.Contains("3 hours", problem.GetProperty("errors").GetProperty("deadline")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("03:00:00", problem.GetProperty("minimumDeadline").GetString());
        Assert.Empty((await room.Get("demo-chair", silence)).EnumerateArray());

        var started = await DraftingApi.Read<JsonElement>(await room.Chair.Send(HttpMethod.Post, silence,
            new { paragraphIds = new[] { p.Id }, deadline = api.Clock.GetUtcNow().AddHours(3).AddMinutes(1) }));
        Assert.Equal("Running", started.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_procedure_survives_a_restart_of_the_service_and_concludes_after_it()
    {
        var start = DateTimeOffset.UtcNow;
        string connectionString;
        Guid procedureId;
        ParagraphView[] placed;
        await using (var first = new ClockedApiFactory(new FakeTimeProvider(start)))
        {
            await first.InitializeAsync();
            (var firstRoom, procedureId, placed) = await Circulate(first);
            first.Clock.Advance(TimeSpan.FromHours(50));
            await Eventually(firstRoom, procedureId, p => p.GetProperty("reminderRecorded").GetBoolean());
            connectionString = first.ConnectionString;
        }

        await using var second = new ClockedApiFactory(new FakeTimeProvider(start + TimeSpan.FromHours(73)), connectionString);
        await second.InitializeAsync();
        await using var session = second.Store.QuerySession();
        var draftId = (await session.LoadAsync<SilenceProcedure>(procedureId))!.DraftId;
        var groupId = (await session.LoadAsync<SilenceProcedure>(procedureId))!.GroupId;
        var room = new ConsensusRoom(second, groupId, draftId, Guid.Empty, second.LongLivedClientFor);
        var concluded = await Eventually(room, procedureId, p => p.GetProperty("status").GetString() == "Concluded");
        Assert.Equal("Agreed", concluded.GetProperty("outcome").GetString());
        foreach (var p in placed) Assert.Equal(ParagraphStatus.Agreed, (await room.Chair.Paragraph(draftId, p.Id)).Status);
    }

    [Fact]
    public async Task Two_instances_on_one_database_conclude_a_procedure_exactly_once()
    {
        var start = DateTimeOffset.UtcNow;
        await using var one = new ClockedApiFactory(new FakeTimeProvider(start));
        await one.InitializeAsync();
        var (room, procedureId, placed) = await Circulate(one);
        await using var two = new ClockedApiFactory(new FakeTimeProvider(start), one.ConnectionString);
        await two.InitializeAsync();
        _ = two.Server;

        one.Clock.Advance(TimeSpan.FromHours(73));
        two.Clock.Advance(TimeSpan.FromHours(73));
        // Besides both schedulers waking at once, race their write paths head to head.
        await Task.WhenAll(
            Task.Run(() => one.Scheduler.ApplyDueWorkAsync(procedureId, CancellationToken.None)),
            Task.Run(() => two.Scheduler.ApplyDueWorkAsync(procedureId, CancellationToken.None)));
        await Eventually(room, procedureId, p => p.GetProperty("status").GetString() == "Concluded");
        await Task.WhenAll(one.Scheduler.RunDueWorkAsync(CancellationToken.None), two.Scheduler.RunDueWorkAsync(CancellationToken.None));

        await using var session = one.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(procedureId)).Select(e => e.Data).OfType<SilenceConcluded>());
        foreach (var p in placed)
            Assert.Single((await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).OfType<ParagraphAgreed>());
    }
}
