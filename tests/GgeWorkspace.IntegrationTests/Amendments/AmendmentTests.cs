using System.Net;
using System.Text.Json;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;

namespace GgeWorkspace.IntegrationTests.Amendments;

public sealed class AmendmentTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private const string Original = "Verification must be effective and non-discriminatory.";

    [Fact]
    public async Task An_amendment_objected_to_is_accepted_only_over_acknowledged_objections_and_over_a_change_committed_since_its_base_keeping_both()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var amendment = await room.Proposed("demo-expert-can", p.Id, AmendmentKind.ReplaceText,
            "Verification must be effective, credible and non-discriminatory.", "Credibility matters to all.");
        Assert.Equal(p.TextVersion, amendment.BaseTextVersion);
        Assert.Equal("CAN", amendment.ProposerState);

        var supported = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "support"));
        var objected = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-expert-chn", HttpMethod.Post, amendment.Id, "object",
            new { reason = "Credibility is implied." }));
        Assert.Equal("MEX", Assert.Single(supported.Supporters).State);
        Assert.Equal("Credibility is implied.", Assert.Single(objected.Objections).Reason);

        var view = await room.Chair.Draft(room.DraftId);
        Assert.Equal(1, view.OpenAmendments);
        Assert.Equal(1, view.Sections[0].Paragraphs.Single().OpenAmendments);

        // Another change to the same paragraph is committed after the amendment's base.
        var changed = await room.ReplaceText(p, "Nuclear disarmament verification must be effective and non-discriminatory.");

        var stale = await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", ifMatch: amendment.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(objected.Version, (await stale.ProblemAsync()).GetProperty("currentVersion").GetInt64());

        var unacknowledged = await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", ifMatch: objected.Version);
        Assert.Equal(HttpStatusCode.Conflict, unacknowledged.StatusCode);
        Assert.Equal(["CHN"], (await unacknowledged.ProblemAsync()).GetProperty("objectingDelegations").EnumerateArray().Select(x => x.GetString()));
        var noReason = await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", new { overrideObjections = true }, ifMatch: objected.Version);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));

        var accepted = await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept",
            new { overrideObjections = true, reason = "Broad support; the objection was heard." }, ifMatch: objected.Version);
        var result = await DraftingApi.Read<AmendmentAcceptedView>(accepted);
        Assert.Equal("Broad support; the objection was heard.", result.Amendment.DecisionReason);
        Assert.Equal(AmendmentState.Accepted, result.Amendment.State);
        Assert.Equal(result.Amendment.Version, accepted.Version());
        Assert.Equal("Nuclear disarmament verification must be effective, credible and non-discriminatory.", result.Paragraph.Text);
        Assert.Equal(changed.TextVersion + 1, result.Paragraph.TextVersion);

        var stored = await room.Chair.Paragraph(room.DraftId, p.Id);
        Assert.Equal(result.Paragraph.Text, stored.Text);
        Assert.Equal(result.Paragraph.TextVersion, stored.TextVersion);
        Assert.Contains(stored.Authorship!, run => run.AuthorSub == "demo-expert-can" && stored.Text.Substring(run.Start, run.Length).Contains("credible"));
        Assert.Equal(0, (await room.Chair.Draft(room.DraftId)).OpenAmendments);

        await using var session = api.Store.QuerySession();
        var textChange = (await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).OfType<ParagraphTextChanged>().Last();
        Assert.Equal(TextChangeKind.AmendmentAccepted, textChange.Kind);
        var objection = (await session.Events.FetchStreamAsync(amendment.Id)).Single(e => e.Data is AmendmentObjectedTo);
        Assert.Equal("Credibility is implied.", objection.Headers!["reason"].ToString());
        Assert.Equal("demo-expert-chn", objection.Headers!["actor"].ToString());
        var acceptance = (await session.Events.FetchStreamAsync(amendment.Id))[^1];
        var acceptedEvent = Assert.IsType<AmendmentAccepted>(acceptance.Data);
        var overridden = Assert.Single(acceptedEvent.OverriddenObjections!);
        Assert.Equal(("demo-expert-chn", "CHN", "Credibility is implied."), (overridden.Sub, overridden.State, overridden.Reason));
        Assert.Equal("Broad support; the objection was heard.", acceptedEvent.Reason);
        var line = GgeWorkspace.Api.Groups.GroupActivityProjection.EntryFor(acceptance);
        Assert.Equal(("amendment_accepted", "Broad support; the objection was heard."), (line!.Kind, line.Reason));

        var dashboard = await DraftingApi.Read<System.Text.Json.JsonElement>(await room.Chair.Send(HttpMethod.Get, $"/drafts/{room.DraftId}/dashboard"));
        var row = dashboard.GetProperty("sections")[0].GetProperty("paragraphs")[0];
        var shown = Assert.Single(row.GetProperty("acceptedOverObjections").EnumerateArray().ToList());
        Assert.Equal((amendment.Id, "CHN", "Broad support; the objection was heard."),
            (shown.GetProperty("amendmentId").GetGuid(), shown.GetProperty("objectingDelegations")[0].GetString(), shown.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task An_amendment_overlapping_a_later_change_is_refused_with_the_base_current_and_proposed_texts()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var amendment = await room.Proposed("demo-expert-usa", p.Id, AmendmentKind.ReplaceText, "Verification must be robust and non-discriminatory.");
        await room.ReplaceText(p, "Verification must be efficient and non-discriminatory.");

        var refused = await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", ifMatch: amendment.Version);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal(Original, problem.GetProperty("base").GetString());
        Assert.Equal("Verification must be efficient and non-discriminatory.", problem.GetProperty("current").GetString());
        Assert.Equal("Verification must be robust and non-discriminatory.", problem.GetProperty("proposed").GetString());

        var still = await DraftingApi.Read<Amendment>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/amendments/{amendment.Id}"));
        Assert.Equal(AmendmentState.Submitted, still.State);
        Assert.Equal("Verification must be efficient and non-discriminatory.", (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }

    [Fact]
    public async Task Accepting_an_insertion_places_the_new_paragraph_after_its_target_and_renumbers()
    {
        var room = await DraftRoom.CreateAsync(api);
        var first = await room.AddParagraph("The Group met four times.");
        var second = await room.AddParagraph("The Group adopted its report.", first.Id);
        var insertion = await room.Proposed("demo-expert-gbr", first.Id, AmendmentKind.InsertParagraphAfter, "The Group heard experts from the IAEA.");

        var result = await DraftingApi.Read<AmendmentAcceptedView>(
            await room.OnAmendment("demo-chair", HttpMethod.Post, insertion.Id, "accept", ifMatch: insertion.Version));
        Assert.Equal(2, result.Paragraph.Number);
        Assert.Equal("The Group heard experts from the IAEA.", result.Paragraph.Text);

        var view = await room.Chair.Draft(room.DraftId);
        Assert.Equal([first.Id, result.Paragraph.Id, second.Id], view.Sections[0].Paragraphs.Select(x => x.Id));
        Assert.Equal([1, 2, 3], view.Sections[0].Paragraphs.Select(x => x.Number));
    }

    [Fact]
    public async Task Who_may_do_what_with_an_amendment()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var amendment = await room.Proposed("demo-expert-can", p.Id, AmendmentKind.AddOption, "Verification must be effective.");

        Assert.Equal(HttpStatusCode.Forbidden, (await room.Propose("demo-chair", p.Id, AmendmentKind.AddOption, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.Propose("demo-observer", p.Id, AmendmentKind.AddOption, "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-observer", HttpMethod.Post, amendment.Id, "support")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "support")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-secretariat", HttpMethod.Post, amendment.Id, "object")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-expert-can", HttpMethod.Post, amendment.Id, "support")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "accept", ifMatch: amendment.Version)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "reject")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "withdraw")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "withdraw")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.OnAmendment("demo-expert-mex", HttpMethod.Delete, amendment.Id, "position")).StatusCode);

        var stranger = room.As("a-stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/amendments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Send(HttpMethod.Post, $"{room.Draft}/amendments/{amendment.Id}/support")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.OnAmendment("demo-expert-mex", HttpMethod.Post, Guid.NewGuid(), "support")).StatusCode);

        var supported = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "support"));
        var lifted = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-expert-mex", HttpMethod.Delete, amendment.Id, "position"));
        Assert.Single(supported.Supporters);
        Assert.Empty(lifted.Supporters);

        var withdrawn = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-expert-can", HttpMethod.Post, amendment.Id, "withdraw"));
        Assert.Equal(AmendmentState.Withdrawn, withdrawn.State);
        Assert.Equal(HttpStatusCode.Conflict, (await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "reject")).StatusCode);

        var other = await room.Proposed("demo-expert-chn", p.Id, AmendmentKind.DeleteParagraph, null);
        var rejected = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-chair", HttpMethod.Post, other.Id, "reject", new { reason = "No support." }));
        Assert.Equal(AmendmentState.Rejected, rejected.State);
        Assert.Equal("No support.", rejected.DecisionReason);

        var byProposer = await DraftingApi.Read<List<AmendmentListItem>>(await room.Chair.Client.GetAsync(
            $"/api/groups/{room.GroupId}{room.Draft}/amendments?proposerState=CHN&state=Rejected&paragraphId={p.Id}"));
        Assert.Equal(other.Id, Assert.Single(byProposer).AmendmentId);
        var observerReads = await room.As("demo-observer").Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/amendments?proposer=demo-expert-can");
        Assert.Equal(amendment.Id, Assert.Single(await DraftingApi.Read<List<AmendmentListItem>>(observerReads)).AmendmentId);
    }

    [Fact]
    public async Task Bad_input_to_the_amendment_endpoints_is_400()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var amendment = await room.Proposed("demo-expert-can", p.Id, AmendmentKind.AddOption, "Verification must be effective.");
        var expert = room.As("demo-expert-mex");

        async Task BadRequest(Task<HttpResponseMessage> call, string? field = null)
        {
            var response = await call;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            if (field is not null) Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/amendments", new { paragraphId = p.Id, text = "x" }), "kind");
        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/amendments", new { kind = "ReplaceText", paragraphId = p.Id }), "text");
        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/amendments", new { kind = "DeleteParagraph", paragraphId = p.Id, text = "x" }), "text");
        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/amendments", new { kind = "ReplaceText", text = "x" }), "paragraphId");
        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/amendments", new { kind = "Rewrite", paragraphId = p.Id, text = "x" }));
        await BadRequest(expert.Send(HttpMethod.Post, $"{room.Draft}/amendments",
            new { kind = "ReplaceText", paragraphId = p.Id, text = "x", baseTextVersion = -1 }), "baseTextVersion");
        await BadRequest(expert.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/amendments?state=Pending"));
        await BadRequest(room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "object", new { reason = new string('x', 2001) }), "reason");
        await BadRequest(room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "reject", new { reason = new string('x', 2001) }), "reason");
        await BadRequest(room.Chair.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post,
            $"/api/groups/{room.GroupId}{room.Draft}/amendments/{amendment.Id}/accept") .WithRawIfMatch("yesterday")));
        await BadRequest(expert.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post,
            $"/api/groups/{room.GroupId}{room.Draft}/amendments/{amendment.Id}/support") .WithRawIfMatch("v1")));
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept")).StatusCode);
    }

    [Fact]
    public async Task The_compilation_and_the_chairs_text_show_the_same_proposals_with_and_without_attribution()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var byCanada = await room.Proposed("demo-expert-can", p.Id, AmendmentKind.ReplaceText, "Verification must be effective, credible and non-discriminatory.");
        await room.OnAmendment("demo-expert-mex", HttpMethod.Post, byCanada.Id, "support");
        await room.OnAmendment("demo-expert-usa", HttpMethod.Post, byCanada.Id, "support");
        await room.OnAmendment("demo-expert-chn", HttpMethod.Post, byCanada.Id, "object");
        var personal = await room.Proposed("demo-expert-personal", p.Id, AmendmentKind.AddOption, "Verification must be effective.");
        var withdrawn = await room.Proposed("demo-expert-gbr", p.Id, AmendmentKind.DeleteParagraph, null);
        await room.OnAmendment("demo-expert-gbr", HttpMethod.Post, withdrawn.Id, "withdraw");

        var compilation = await DraftingApi.Read<CompilationText>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/compilation"));
        var chairs = await DraftingApi.Read<CompilationText>(await room.As("demo-observer").Client.GetAsync($"/api/groups/{room.GroupId}{room.Draft}/chairs-text"));

        var attributed = compilation.Sections[0].Paragraphs.Single();
        Assert.True(compilation.WithAttribution);
        Assert.Equal(Original, attributed.Text);
        Assert.Equal([byCanada.Id, personal.Id], attributed.Proposals.Select(x => x.AmendmentId));
        Assert.Equal("Proposed by Canada; supported by Mexico, United States of America; objected to by China", attributed.Proposals[0].Attribution);
        var group = await DraftingApi.Read<JsonElement>(await room.Chair.Client.GetAsync($"/api/groups/{room.GroupId}"));
        var personalName = group.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("sub").GetString() == "demo-expert-personal")
            .GetProperty("displayName").GetString() ?? "demo-expert-personal";
        Assert.Equal($"Proposed by {personalName}", attributed.Proposals[1].Attribution);

        var plain = chairs.Sections[0].Paragraphs.Single();
        Assert.False(chairs.WithAttribution);
        Assert.Equal(attributed.Proposals.Select(x => (x.AmendmentId, x.Label, x.Text)), plain.Proposals.Select(x => (x.AmendmentId, x.Label, x.Text)));
        Assert.All(plain.Proposals, x => Assert.Null(x.Attribution));
        Assert.All(plain.Proposals, x => Assert.Null(x.ProposedBy));
    }

    [Fact]
    public async Task Amendment_snapshots_rebuilt_from_their_events_equal_the_live_ones()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph(Original);
        var amendment = await room.Proposed("demo-expert-can", p.Id, AmendmentKind.ReplaceText, "Verification must be effective, credible and non-discriminatory.");
        await room.OnAmendment("demo-expert-mex", HttpMethod.Post, amendment.Id, "support");
        var objected = await DraftingApi.Read<Amendment>(await room.OnAmendment("demo-expert-chn", HttpMethod.Post, amendment.Id, "object", new { reason = "No." }));
        await room.OnAmendment("demo-chair", HttpMethod.Post, amendment.Id, "accept", ifMatch: objected.Version);

        var live = await Load<Amendment>(amendment.Id);
        var liveParagraph = await Load<Paragraph>(p.Id);
        await api.Store.Advanced.RebuildSingleStreamAsync<Amendment>(amendment.Id);
        await api.Store.Advanced.RebuildSingleStreamAsync<Paragraph>(p.Id);
        Assert.Equal(live, await Load<Amendment>(amendment.Id));
        Assert.Equal(liveParagraph, await Load<Paragraph>(p.Id));
    }

    private async Task<string> Load<T>(Guid id) where T : notnull
    {
        await using var session = api.Store.QuerySession();
        return JsonSerializer.Serialize(await session.LoadAsync<T>(id), Json.Options);
    }
}

internal static class RawHeaders
{
    public static HttpRequestMessage WithRawIfMatch(this HttpRequestMessage request, string value)
    {
        request.Headers.TryAddWithoutValidation("If-Match", value);
        return request;
    }
}
