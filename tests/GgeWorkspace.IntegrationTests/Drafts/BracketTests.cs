using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Drafts;

/// <summary>Brackets over HTTP: held by delegations, nested but never crossing, whole grapheme clusters, withdrawn and lifted.</summary>
public sealed class BracketTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private sealed record Room(DraftingApi Chair, DraftingApi Canada, DraftingApi UnitedStates, DraftingApi Secretariat, Guid DraftId, Guid SectionId)
    {
        public Task<HttpResponseMessage> Bracket(DraftingApi who, ParagraphView p, object body) =>
            who.Send(HttpMethod.Post, $"/drafts/{DraftId}/paragraphs/{p.Id}/brackets", body);

        public Task<HttpResponseMessage> Withdraw(DraftingApi who, ParagraphView p, Guid bracketId, object? body = null) =>
            who.Send(HttpMethod.Post, $"/drafts/{DraftId}/paragraphs/{p.Id}/brackets/{bracketId}/withdraw", body ?? new { });
    }

    private async Task<Room> Workstream()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var chair = new DraftingApi(api.ClientFor("demo-chair"), groupId);
        var workstream = await chair.CreateWorkstream("Verification challenges", "(a)");
        var section = await chair.AddSection(workstream.DraftId, "Verification challenges");
        return new Room(chair, new DraftingApi(api.ClientFor("demo-expert-can"), groupId), new DraftingApi(api.ClientFor("demo-expert-usa"), groupId),
            new DraftingApi(api.ClientFor("demo-secretariat"), groupId), workstream.DraftId, section);
    }

    private static string[] ValidHolders(JsonElement problem) =>
        [.. problem.GetProperty("validHolders").EnumerateArray().Select(h => h.GetString()!)];

    [Fact]
    public async Task An_Expert_brackets_text_only_for_their_own_delegation_and_a_refusal_lists_the_valid_holders()
    {
        var room = await Workstream();
        var p = await room.Canada.AddParagraph(room.DraftId, room.SectionId, "Verification must be effective and non-discriminatory.");

        var refused = await room.Bracket(room.Canada, p, new { start = 21, end = 30, textVersion = 0, kind = "Contentious", holders = new[] { "USA", "FRA" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("holders", out _));
        Assert.Equal(["CAN"], ValidHolders(problem));

        var bracketed = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.Canada, p, new { start = 21, end = 30, textVersion = 0, kind = "Contentious" }));
        Assert.Equal(["CAN"], Assert.Single(bracketed.Brackets).Holders);
    }

    [Fact]
    public async Task The_Chair_records_holders_among_the_delegations_present_with_a_reason_kept_in_the_event()
    {
        var room = await Workstream();
        var p = await room.Chair.AddParagraph(room.DraftId, room.SectionId, "Verification must be effective and non-discriminatory.");

        var absent = await room.Bracket(room.Chair, p, new { start = 21, end = 30, textVersion = 0, kind = "Contentious", holders = new[] { "USA", "FRA" }, reason = "Asked for." });
        Assert.Equal(HttpStatusCode.BadRequest, absent.StatusCode);
        var problem = await absent.ProblemAsync();
        Assert.Contains("FRA", problem.GetProperty("errors").GetProperty("holders")[0].GetString());
        Assert.Equal(["CAN", "CHN", "GBR", "MEX", "USA", "demo-expert-personal"], ValidHolders(problem));
        var withoutReason = await room.Bracket(room.Chair, p, new { start = 21, end = 30, textVersion = 0, kind = "Contentious", holders = new[] { "USA" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutReason.StatusCode);

        var bracketed = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.Chair, p,
            new { start = 21, end = 30, textVersion = 0, kind = "Contentious", holders = new[] { "USA", "CHN" }, reason = "Both asked for it in the session." }));

        Assert.Equal(["USA", "CHN"], Assert.Single(bracketed.Brackets).Holders);
        await using var session = api.Store.QuerySession();
        var added = (await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).OfType<BracketAdded>().Single();
        Assert.Equal(("Both asked for it in the session.", "demo-chair"), (added.Reason, added.AddedBySub));
        var history = await DraftingApi.Read<JsonElement>(await room.Chair.Client.GetAsync(
            $"/api/groups/{room.Chair.GroupId}/drafts/{room.DraftId}/paragraphs/{p.Id}/history"));
        var entry = history.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "bracket_added");
        Assert.Equal("Both asked for it in the session.", entry.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_bracket_crossing_another_is_refused_with_409_and_nested_brackets_are_kept()
    {
        var room = await Workstream();
        var p = await room.Canada.AddParagraph(room.DraftId, room.SectionId, "The Group welcomed the report of the Secretary-General.");
        var first = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.Canada, p, new { start = 8, end = 19, textVersion = 0, kind = "Contentious" }));

        var crossing = await room.Bracket(room.UnitedStates, p, new { start = 10, end = 25, textVersion = 0, kind = "Trading" });
        Assert.Equal(HttpStatusCode.Conflict, crossing.StatusCode);
        Assert.Equal(first.Brackets[0].Id, (await crossing.ProblemAsync()).GetProperty("crossedBracketId").GetGuid());

        await room.Bracket(room.UnitedStates, p, new { start = 8, end = 25, textVersion = 0, kind = "Trading" });
        var nested = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.UnitedStates, p, new { start = 10, end = 19, textVersion = 0, kind = "Alternative" }));
        Assert.Equal([(8, 19, "CAN"), (8, 25, "USA"), (10, 19, "USA")], nested.Brackets.Select(b => (b.Start, b.End, b.Holders.Single())).Order());
    }

    [Fact]
    public async Task Bracket_ends_inside_a_grapheme_cluster_are_widened_to_the_whole_cluster()
    {
        var room = await Workstream();
        // Arabic with a vowel mark, a ZWJ family emoji and the United Nations flag: "بِ 👩‍👩‍👧 🇺🇳 国".
        const string text = "\u0628\u0650 \U0001F469\u200D\U0001F469\u200D\U0001F467 \U0001F1FA\U0001F1F3 国";
        var p = await room.Canada.AddParagraph(room.DraftId, room.SectionId, text);

        var arabic = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.Canada, p, new { start = 0, end = 1, textVersion = 0, kind = "Contentious" }));
        var emoji = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.UnitedStates, p, new { start = 4, end = 6, textVersion = 0, kind = "Contentious" }));
        var flag = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.UnitedStates, p, new { start = 10, end = 11, textVersion = 0, kind = "Contentious" }));

        Assert.Equal((0, 2), (arabic.Brackets[0].Start, arabic.Brackets[0].End));
        Assert.Equal((3, 8), (emoji.Brackets[1].Start, emoji.Brackets[1].End));
        Assert.Equal("\U0001F1FA\U0001F1F3", CodePoints.Slice(flag.Text, flag.Brackets[2].Start, flag.Brackets[2].End - flag.Brackets[2].Start));
    }

    [Fact]
    public async Task Holders_withdraw_one_by_one_and_the_last_withdrawal_lifts_the_bracket()
    {
        var room = await Workstream();
        var p = await room.Chair.AddParagraph(room.DraftId, room.SectionId, "Verification must be effective and non-discriminatory.");
        var bracketed = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.Chair, p,
            new { start = 21, end = 30, textVersion = 0, kind = "Contentious", holders = new[] { "USA", "CHN" }, reason = "Both asked for it." }));
        var bracketId = bracketed.Brackets[0].Id;

        Assert.Equal(HttpStatusCode.Conflict, (await room.Withdraw(room.Canada, p, bracketId)).StatusCode);
        var afterUsa = await DraftingApi.Read<ParagraphView>(await room.Withdraw(room.UnitedStates, p, bracketId));
        Assert.Equal(["CHN"], Assert.Single(afterUsa.Brackets).Holders);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await room.Withdraw(room.Chair, p, bracketId, new { holder = "CHN" })).StatusCode);
        var lifted = await DraftingApi.Read<ParagraphView>(await room.Withdraw(room.Chair, p, bracketId, new { holder = "CHN", reason = "China withdrew it in the session." }));
        Assert.Empty(lifted.Brackets);
        Assert.Equal(p.Text, lifted.Text);

        await using var session = api.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).ToList();
        Assert.Equal(["USA", "CHN"], events.OfType<BracketHolderWithdrawn>().Select(w => w.Holder));
        Assert.Equal(bracketId, Assert.Single(events.OfType<BracketLifted>()).BracketId);
    }

    [Fact]
    public async Task Brackets_keep_their_holders_when_a_member_leaves_and_the_holder_can_no_longer_be_named_for_new_ones()
    {
        var room = await Workstream();
        var p = await room.UnitedStates.AddParagraph(room.DraftId, room.SectionId, "Verification must be effective and non-discriminatory.");
        var bracketed = await DraftingApi.Read<ParagraphView>(await room.Bracket(room.UnitedStates, p, new { start = 21, end = 30, textVersion = 0, kind = "Contentious" }));

        var group = await DraftingApi.Read<GroupView>(await room.Secretariat.Client.GetAsync($"/api/groups/{room.Chair.GroupId}"));
        (await room.Secretariat.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{room.Chair.GroupId}/members/demo-expert-usa").WithIfMatch(group.Version))).EnsureSuccessStatusCode();

        var after = await room.Chair.Paragraph(room.DraftId, p.Id);
        Assert.Equal(["USA"], Assert.Single(after.Brackets).Holders);
        var refused = await room.Bracket(room.Chair, after, new { start = 0, end = 12, textVersion = after.TextVersion, kind = "Contentious", holders = new[] { "USA" }, reason = "Asked for." });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("USA", ValidHolders(await refused.ProblemAsync()));
        var lifted = await DraftingApi.Read<ParagraphView>(await room.Withdraw(room.Chair, after, bracketed.Brackets[0].Id,
            new { holder = "USA", reason = "The United States left the group." }));
        Assert.Empty(lifted.Brackets);
    }

    [Fact]
    public async Task The_group_names_the_delegations_that_may_hold_brackets()
    {
        var room = await Workstream();

        var group = await DraftingApi.Read<GroupView>(await room.Canada.Client.GetAsync($"/api/groups/{room.Chair.GroupId}"));

        Assert.Contains(new DelegationView("CAN", "Canada"), group.Delegations);
        Assert.Contains(group.Delegations, d => d.Holder == "demo-expert-personal");
        Assert.DoesNotContain(group.Delegations, d => d.Holder is "NOR" or "demo-chair" or "demo-secretariat" or "demo-observer");
    }
}
