using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Revisions;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Revisions;

public sealed class RevisionTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static async Task<RevisionSummary> Issue(DraftRoom room, string? note = null, string? key = null) =>
        await DraftingApi.Read<RevisionSummary>(await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/revisions", new { note }, idempotencyKey: key));

    private static async Task<Redline> RedlineOf(DraftRoom room, string from, string to) =>
        await DraftingApi.Read<Redline>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline?from={from}&to={to}"));

    [Fact]
    public async Task The_zero_draft_rev_1_and_rev_2_are_issued_and_their_redlines_and_number_maps_show_the_changes()
    {
        var room = await DraftRoom.CreateAsync(api);
        var first = await room.AddParagraph("Verification must be effective and non-discriminatory.");
        var second = await room.AddParagraph("The Group adopted its report by consensus.", first.Id);

        var zero = await Issue(room, "For the first reading.", key: "zero-draft");
        Assert.Equal((0, "Zero draft"), (zero.Number, zero.Label));
        Assert.Equal(zero.RevisionId, (await Issue(room, "For the first reading.", key: "zero-draft")).RevisionId);

        await room.ReplaceText(first, "Verification must be effective, credible and non-discriminatory.");
        var added = await DraftingApi.Read<ParagraphView>(await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/paragraphs",
            new { sectionId = room.SectionId, text = "The Group met four times in Geneva.", first = true }));
        var rev1 = await Issue(room, "After the first reading.");
        Assert.Equal((1, "Rev.1"), (rev1.Number, rev1.Label));
        Assert.True(rev1.GlobalSequence > zero.GlobalSequence);

        var secondNow = await room.Chair.Paragraph(room.DraftId, second.Id);
        (await room.Chair.ChangeStatus(room.DraftId, secondNow, ParagraphStatus.Deleted, "Merged into the introduction.")).EnsureSuccessStatusCode();
        var rev2 = await Issue(room);
        Assert.Equal((2, "Rev.2"), (rev2.Number, rev2.Label));

        var list = await DraftingApi.Read<List<RevisionSummary>>(await room.As("demo-observer").Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/revisions"));
        Assert.Equal([0, 1, 2], list.Select(r => r.Number));
        Assert.Equal(["Zero draft", "Rev.1", "Rev.2"], list.Select(r => r.Label));
        Assert.Equal("After the first reading.", list[1].Note);

        var content = await DraftingApi.Read<RevisionView>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/revisions/1"));
        Assert.Equal([added.Id, first.Id, second.Id], content.Content.Paragraphs().Select(x => x.ParagraphId));

        var oneFromZero = await RedlineOf(room, "0", "1");
        Assert.Equal(new Dictionary<int, int?> { [1] = 2, [2] = 3 }, oneFromZero.NumberMap);
        var addedLine = oneFromZero.Paragraphs.Single(x => x.ParagraphId == added.Id);
        Assert.Equal(ParagraphRedlineKind.Added, addedLine.Kind);
        var changedLine = oneFromZero.Paragraphs.Single(x => x.ParagraphId == first.Id);
        Assert.Equal(ParagraphRedlineKind.Changed, changedLine.Kind);
        var inserted = changedLine.Segments.Where(s => s.Kind == RedlineSegmentKind.Inserted).ToList();
        Assert.Contains("credible", string.Concat(inserted.Select(s => s.Text)));
        Assert.All(inserted, s => Assert.Equal("demo-chair", s.ActorSub));
        Assert.All(inserted, s => Assert.Equal("NOR", s.ActorState));

        var twoFromOne = await RedlineOf(room, "1", "2");
        Assert.Equal(new Dictionary<int, int?> { [1] = 1, [2] = 2, [3] = null }, twoFromOne.NumberMap);
        Assert.Equal(ParagraphRedlineKind.Removed, twoFromOne.Paragraphs.Single(x => x.ParagraphId == second.Id).Kind);

        var twoFromZero = await RedlineOf(room, "0", "2");
        Assert.Equal(new Dictionary<int, int?> { [1] = 2, [2] = null }, twoFromZero.NumberMap);
        var deletedWords = twoFromZero.Paragraphs.Single(x => x.ParagraphId == first.Id).Segments;
        Assert.Equal("Verification must be effective, credible and non-discriminatory.",
            string.Concat(deletedWords.Where(s => s.Kind != RedlineSegmentKind.Deleted).Select(s => s.Text)));

        var sinceRev2 = await RedlineOf(room, "2", "current");
        Assert.All(sinceRev2.Paragraphs, x => Assert.Equal(ParagraphRedlineKind.Unchanged, x.Kind));
    }

    [Fact]
    public async Task Deletions_in_a_redline_to_now_are_attributed_to_who_deleted()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph("Verification must be effective, credible and non-discriminatory.");
        await Issue(room);
        await room.ReplaceText(p, "Verification must be effective and non-discriminatory.");

        var redline = await RedlineOf(room, "0", "current");
        var deleted = redline.Paragraphs.Single().Segments.Where(s => s.Kind == RedlineSegmentKind.Deleted).ToList();
        Assert.NotEmpty(deleted);
        Assert.All(deleted, s => Assert.Equal("demo-chair", s.ActorSub));
    }

    [Fact]
    public async Task Only_the_chair_issues_revisions_strangers_see_none_and_bad_input_is_400()
    {
        var room = await DraftRoom.CreateAsync(api);
        await room.AddParagraph("Verification must be effective.");
        var revisions = $"{room.Draft}/revisions";
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-secretariat").Send(HttpMethod.Post, revisions, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-expert-can").Send(HttpMethod.Post, revisions, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.As("a-stranger").Client.GetAsync($"/api/groups/{room.GroupId}{revisions}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.As("a-stranger").Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline?from=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{revisions}/0")).StatusCode);

        var tooLong = await room.Chair.Send(HttpMethod.Post, revisions, new { note = new string('x', 4001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.ProblemAsync()).GetProperty("errors").TryGetProperty("note", out _));
        await Issue(room);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline?from=first")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline?from=0&to=latest")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/redline?from=0&to=7")).StatusCode);
    }

    [Fact]
    public async Task The_revision_log_rebuilt_from_its_events_equals_the_live_one()
    {
        var room = await DraftRoom.CreateAsync(api);
        await room.AddParagraph("Verification must be effective.");
        await Issue(room);
        await Issue(room, "Unchanged, for the record.");

        var id = RevisionLog.StreamIdFor(room.DraftId);
        var live = await Load(id);
        await api.Store.Advanced.RebuildSingleStreamAsync<RevisionLog>(id);
        Assert.Equal(live, await Load(id));
        Assert.Contains("Rev.1", live);
    }

    private async Task<string> Load(Guid id)
    {
        await using var session = api.Store.QuerySession();
        return JsonSerializer.Serialize(await session.LoadAsync<RevisionLog>(id), Json.Options);
    }
}
