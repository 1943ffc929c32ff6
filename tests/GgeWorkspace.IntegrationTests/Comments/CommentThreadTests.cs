using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Comments;

public sealed class CommentThreadTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Original = "Verification must be effective and non-discriminatory.";
    private const string Quoted = "effective and non-discriminatory";

    [Fact]
    public async Task A_quoted_span_moves_with_edits_its_text_is_re_derived_and_it_is_orphaned_when_deleted()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var start = Original.IndexOf(Quoted, StringComparison.Ordinal);
        var thread = await DraftingApi.Read<CommentThread>(await room.As("demo-expert-chn").Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{p.Id}/comments",
            new { text = "Who decides what is effective?", anchor = new { start, end = start + Quoted.Length, textVersion = p.TextVersion } }));
        Assert.Equal(Quoted, thread.Anchor!.QuotedText);

        // Typed inside the span: the quoted text grows.
        p = await room.ReplaceText(p, "Verification must be effective, credible and non-discriminatory.");
        var anchor = (await room.Comments(p.Id)).Threads.Single().Anchor!;
        Assert.Equal("effective, credible and non-discriminatory", anchor.QuotedText);
        Assert.Equal(p.TextVersion, anchor.TextVersion);

        // Typed before the span: it moves.
        p = await room.ReplaceText(p, "In short, verification must be effective, credible and non-discriminatory.");
        anchor = (await room.Comments(p.Id)).Threads.Single().Anchor!;
        Assert.False(anchor.IsOrphaned);
        Assert.Equal("effective, credible and non-discriminatory", anchor.QuotedText);
        Assert.Equal(anchor.QuotedText, p.Text[anchor.Start!.Value..anchor.End!.Value]);

        // Its text deleted: orphaned, keeping the last quoted text.
        p = await room.ReplaceText(p, "In short, verification must be.");
        var comments = await room.Comments(p.Id);
        anchor = comments.Threads.Single().Anchor!;
        Assert.True(anchor.IsOrphaned);
        Assert.Equal("effective, credible and non-discriminatory", anchor.QuotedText);

        await using var session = api.Store.QuerySession();
        var kinds = (await session.Events.FetchStreamAsync(thread.Id)).Select(e => e.Data.GetType().Name);
        Assert.Equal(["CommentThreadOpened", "CommentAnchorMoved", "CommentAnchorMoved", "CommentAnchorOrphaned"], kinds);
    }

    [Fact]
    public async Task Threads_take_replies_are_resolved_and_reopened_and_are_counted_per_paragraph_and_in_the_draft()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var expert = room.As("demo-expert-mex");
        var first = await DraftingApi.Read<CommentThread>(await expert.Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{p.Id}/comments", new { text = "Too vague." }));
        var second = await DraftingApi.Read<CommentThread>(await room.As("demo-secretariat").Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{p.Id}/comments",
            new { text = "See A/72/304, para 12." }));

        var replied = await DraftingApi.Read<CommentThread>(await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/comments/{first.Id}/replies",
            new { text = "Noted; a proposal is welcome." }));
        Assert.Equal(2, replied.Comments.Count);
        var resolved = await DraftingApi.Read<CommentThread>(await expert.Send(HttpMethod.Post, $"{room.Draft}/comments/{first.Id}/resolve"));
        Assert.True(resolved.IsResolved);
        Assert.Equal(HttpStatusCode.Conflict,
            (await expert.Send(HttpMethod.Post, $"{room.Draft}/comments/{first.Id}/replies", new { text = "One more thing." })).StatusCode);

        var comments = await room.Comments(p.Id);
        Assert.Equal((1, 1), (comments.Open, comments.Resolved));
        Assert.Equal([first.Id, second.Id], comments.Threads.Select(t => t.Id));
        var view = await room.Chair.Draft(room.DraftId);
        Assert.Equal(1, view.OpenComments);
        Assert.Equal(1, view.Sections[0].Paragraphs.Single().OpenComments);

        var reopened = await DraftingApi.Read<CommentThread>(await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/comments/{first.Id}/reopen"));
        Assert.False(reopened.IsResolved);
        Assert.Equal(2, (await room.Chair.Draft(room.DraftId)).OpenComments);
    }

    [Fact]
    public async Task Observers_cannot_comment_only_author_chair_or_secretariat_resolve_strangers_see_nothing_and_bad_input_is_400()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var comments = $"{room.Draft}/paragraphs/{p.Id}/comments";
        var thread = await DraftingApi.Read<CommentThread>(await room.As("demo-expert-can").Send(HttpMethod.Post, comments, new { text = "Agree." }));
        var observer = room.As("demo-observer");

        Assert.Equal(HttpStatusCode.Forbidden, (await observer.Send(HttpMethod.Post, comments, new { text = "May I?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.Send(HttpMethod.Post, $"{room.Draft}/comments/{thread.Id}/replies", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-expert-usa").Send(HttpMethod.Post, $"{room.Draft}/comments/{thread.Id}/resolve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await observer.Client.GetAsync($"/api/groups/{room.GroupId}{comments}")).StatusCode);

        var stranger = room.As("a-stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/groups/{room.GroupId}{comments}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Send(HttpMethod.Post, comments, new { text = "Hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/comments/{Guid.NewGuid()}/resolve")).StatusCode);

        async Task BadRequest(Task<HttpResponseMessage> call, string field)
        {
            var response = await call;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var expert = room.As("demo-expert-gbr");
        await BadRequest(expert.Send(HttpMethod.Post, comments, new { text = "" }), "text");
        await BadRequest(expert.Send(HttpMethod.Post, comments, new { text = "x", anchor = new { start = 5, end = 5 } }), "end");
        await BadRequest(expert.Send(HttpMethod.Post, comments, new { text = "x", anchor = new { start = -1, end = 5 } }), "start");
        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/comments/{thread.Id}/replies", new { text = " " }), "text");
        Assert.Equal(HttpStatusCode.Conflict,
            (await expert.Send(HttpMethod.Post, comments, new { text = "x", anchor = new { start = 0, end = 500 } })).StatusCode);
    }

    [Fact]
    public async Task Comment_thread_snapshots_rebuilt_from_their_events_equal_the_live_ones()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var thread = await DraftingApi.Read<CommentThread>(await room.As("demo-expert-chn").Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{p.Id}/comments",
            new { text = "Why?", anchor = new { start = 21, end = 30 } }));
        await room.Chair.Send(HttpMethod.Post, $"{room.Draft}/comments/{thread.Id}/replies", new { text = "Because." });
        await room.ReplaceText(p, "In short, verification must be effective and non-discriminatory.");

        var live = await Load(thread.Id);
        await api.Store.Advanced.RebuildSingleStreamAsync<CommentThread>(thread.Id);
        Assert.Equal(live, await Load(thread.Id));
        Assert.Contains("\"start\":31", live);
    }

    private async Task<string> Load(Guid id)
    {
        await using var session = api.Store.QuerySession();
        return JsonSerializer.Serialize(await session.LoadAsync<CommentThread>(id), Json.Options);
    }
}
