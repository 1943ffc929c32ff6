using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Consensus;

public sealed class ConsensusTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task An_objection_blocks_agreement_until_turned_into_a_reservation_and_every_position_is_kept_in_history()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("Verification must be effective and non-discriminatory.");

        (await room.StatePosition("demo-expert-mex", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();
        var objected = await room.StatePosition("demo-expert-can", p.Id, new { kind = "Objection", reason = "Too weak on effectiveness." });
        Assert.Equal(HttpStatusCode.OK, objected.StatusCode);
        Assert.Equal(2, objected.Version());

        var refused = await room.Chair.ChangeStatus(room.DraftId, p, ParagraphStatus.Agreed);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal("CAN", problem.GetProperty("objectingDelegations")[0].GetString());

        var stale = await room.As("demo-expert-can").Send(HttpMethod.Post, room.Positions(p.Id) + "/reservation", new { reservationText = "Canada reads effective as credible." }, ifMatch: 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        (await room.As("demo-expert-can").Send(HttpMethod.Post, room.Positions(p.Id) + "/reservation",
            new { reservationText = "Canada reads effective as credible." }, ifMatch: 2)).EnsureSuccessStatusCode();

        var positions = await room.Get("demo-observer", room.Positions(p.Id));
        var canada = positions.GetProperty("positions").EnumerateArray().Single(x => x.GetProperty("delegation").GetProperty("state").GetString() == "CAN");
        Assert.Equal("Reservation", canada.GetProperty("position").GetProperty("kind").GetString());
        Assert.Equal(["position_stated", "position_stated", "position_stated"],
            positions.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("type").GetString()));

        var agreed = await DraftingApi.Read<ParagraphView>(await room.Chair.ChangeStatus(room.DraftId, p, ParagraphStatus.Agreed));
        Assert.Equal(ParagraphStatus.Agreed, agreed.Status);
    }

    [Fact]
    public async Task Agreeing_ad_referendum_is_refused_while_a_delegation_objects_naming_it()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("Verification needs a standing body.");
        await DraftingApi.Read<JsonElement>(await room.StatePosition("demo-expert-chn", p.Id, new { kind = "Objection", reason = "A body is premature." }));

        var refused = await room.Chair.ChangeStatus(room.DraftId, p, ParagraphStatus.AgreedAdReferendum);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal(["CHN"], problem.GetProperty("objectingDelegations").EnumerateArray().Select(x => x.GetString()));
        Assert.Contains("CHN objects", problem.GetProperty("detail").GetString());
        Assert.Equal(ParagraphStatus.UnderNegotiation, (await room.Chair.Paragraph(room.DraftId, p.Id)).Status);
    }

    [Fact]
    public async Task A_hold_cannot_be_expected_by_a_date_already_past()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("The Group noted the progress made.");

        var past = await room.StatePosition("demo-expert-usa", p.Id, new { kind = "AwaitingInstructions", expectedBy = DateTimeOffset.UtcNow.AddDays(-1) });

        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.True((await past.ProblemAsync()).GetProperty("errors").TryGetProperty("expectedBy", out _));
        (await room.StatePosition("demo-expert-usa", p.Id, new { kind = "AwaitingInstructions", expectedBy = DateTimeOffset.UtcNow.AddDays(2) })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_objection_withdrawn_stops_blocking()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("States should exchange information.");
        await DraftingApi.Read<JsonElement>(await room.StatePosition("demo-expert-chn", p.Id, new { kind = "Objection", reason = "Not yet." }));
        (await room.As("demo-expert-chn").Send(HttpMethod.Delete, room.Positions(p.Id))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await room.Chair.ChangeStatus(room.DraftId, p, ParagraphStatus.Agreed)).StatusCode);
    }

    [Fact]
    public async Task Only_delegations_take_positions_non_members_see_nothing_and_bad_positions_are_400()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("The Group noted the progress made.");
        foreach (var sub in new[] { "demo-chair", "demo-secretariat", "demo-observer" })
            Assert.Equal(HttpStatusCode.Forbidden, (await room.StatePosition(sub, p.Id, new { kind = "JoinConsensus" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.StatePosition("a-stranger", p.Id, new { kind = "JoinConsensus" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.As("a-stranger").Send(HttpMethod.Get, room.Positions(p.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await room.As("a-stranger").Send(HttpMethod.Get, $"/drafts/{room.DraftId}/dashboard")).StatusCode);

        var noReason = await room.StatePosition("demo-expert-can", p.Id, new { kind = "Objection" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        var noDate = await room.StatePosition("demo-expert-can", p.Id, new { kind = "AwaitingInstructions" });
        Assert.True((await noDate.ProblemAsync()).GetProperty("errors").TryGetProperty("expectedBy", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await room.StatePosition("demo-expert-can", p.Id, new { kind = "Reservation" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.StatePosition("demo-expert-can", p.Id, new { kind = "Veto" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await room.As("demo-expert-can").Send(HttpMethod.Post, room.Positions(p.Id) + "/reservation", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.As("demo-expert-can").Send(HttpMethod.Delete, room.Positions(p.Id))).StatusCode);
    }

    [Fact]
    public async Task A_paragraph_set_to_agree_when_holds_are_lifted_is_agreed_with_the_last_hold_or_the_chair_is_told_why_not()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var ok = await room.AgreedAdReferendumAsync("Verification is a shared responsibility.");
        var failing = await room.AgreedAdReferendumAsync("Verification needs a standing body.");
        var expectedBy = DateTimeOffset.UtcNow.AddDays(7);
        foreach (var p in new[] { ok, failing })
            (await room.StatePosition("demo-expert-usa", p.Id, new { kind = "AwaitingInstructions", expectedBy })).EnsureSuccessStatusCode();

        var autoAgree = (Guid id) => $"/drafts/{room.DraftId}/paragraphs/{id}/auto-agree";
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-expert-usa").Send(HttpMethod.Post, autoAgree(ok.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-secretariat").Send(HttpMethod.Post, autoAgree(ok.Id))).StatusCode);
        foreach (var p in new[] { ok, failing })
            (await room.Chair.Send(HttpMethod.Post, autoAgree(p.Id))).EnsureSuccessStatusCode();
        (await room.StatePosition("demo-expert-chn", failing.Id, new { kind = "Objection", reason = "A body is premature." })).EnsureSuccessStatusCode();

        foreach (var p in new[] { ok, failing })
            (await room.StatePosition("demo-expert-usa", p.Id, new { kind = "JoinConsensus" })).EnsureSuccessStatusCode();

        Assert.Equal(ParagraphStatus.Agreed, (await room.Chair.Paragraph(room.DraftId, ok.Id)).Status);
        Assert.Equal(ParagraphStatus.AgreedAdReferendum, (await room.Chair.Paragraph(room.DraftId, failing.Id)).Status);
        var history = (await room.Get("demo-chair", room.Positions(failing.Id))).GetProperty("history").EnumerateArray().ToList();
        var failed = history.Single(h => h.GetProperty("type").GetString() == "auto_agree_failed");
        Assert.Equal("Objection", failed.GetProperty("data").GetProperty("reasons")[0].GetProperty("obstacle").GetString());
    }

    [Fact]
    public async Task The_report_is_adopted_only_by_the_chair_when_everything_is_agreed_and_is_read_only_afterwards()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("The Group adopted this report by consensus.");
        var adopt = $"/drafts/{room.DraftId}/adopt";

        var notReady = await room.Chair.Send(HttpMethod.Post, adopt);
        Assert.Equal(HttpStatusCode.Conflict, notReady.StatusCode);
        Assert.Equal(p.Id, (await notReady.ProblemAsync()).GetProperty("notAgreed")[0].GetProperty("paragraphId").GetGuid());
        var readiness = await room.Get("demo-observer", $"/drafts/{room.DraftId}/adoption");
        Assert.False(readiness.GetProperty("isAdopted").GetBoolean());
        Assert.Single(readiness.GetProperty("readiness").GetProperty("notAgreed").EnumerateArray());

        p = await DraftingApi.Read<ParagraphView>(await room.Chair.ChangeStatus(room.DraftId, p, ParagraphStatus.Agreed));
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-expert-can").Send(HttpMethod.Post, adopt)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await room.As("demo-secretariat").Send(HttpMethod.Post, adopt)).StatusCode);
        var adopted = await DraftingApi.Read<JsonElement>(await room.Chair.Send(HttpMethod.Post, adopt));
        Assert.True(adopted.GetProperty("isAdopted").GetBoolean());

        Assert.Equal(HttpStatusCode.Conflict, (await room.Chair.Send(HttpMethod.Post, adopt)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.Chair.ChangeStatus(room.DraftId, p, ParagraphStatus.UnderNegotiation, "Second thoughts")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.Chair.Send(HttpMethod.Put, $"/drafts/{room.DraftId}/paragraphs/{p.Id}/text",
            new { text = "Changed after adoption." }, p.TextVersion)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/paragraphs",
            new { sectionId = room.SectionId, text = "One more." })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.StatePosition("demo-expert-can", p.Id, new { kind = "JoinConsensus" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await room.Chair.Send(HttpMethod.Post, $"/drafts/{room.DraftId}/silence", new { wholeDraft = true })).StatusCode);
        Assert.True((await room.Get("demo-expert-can", $"/drafts/{room.DraftId}/adoption")).GetProperty("isAdopted").GetBoolean());
    }

    [Fact]
    public async Task The_dashboard_counts_positions_and_lists_what_is_ready_with_its_charts_as_svg_and_json()
    {
        var room = await ConsensusRoom.OpenAsync(api);
        var ready = await room.NegotiableParagraphAsync("Ready to agree.");
        var blocked = await room.NegotiableParagraphAsync("Blocked by an objection.");
        (await room.StatePosition("demo-expert-gbr", blocked.Id, new { kind = "Objection", reason = "Not acceptable." })).EnsureSuccessStatusCode();
        (await room.StatePosition("demo-expert-can", ready.Id, new { kind = "CanLiveWith" })).EnsureSuccessStatusCode();

        var dashboard = await room.Get("demo-expert-mex", $"/drafts/{room.DraftId}/dashboard");
        Assert.Equal(ready.Id, Assert.Single(dashboard.GetProperty("readyToAgree").EnumerateArray()).GetProperty("paragraphId").GetGuid());
        Assert.Equal(1, dashboard.GetProperty("totals").GetProperty("objections").GetInt32());
        Assert.Equal(1, dashboard.GetProperty("totals").GetProperty("positions").GetProperty("canLiveWith").GetInt32());
        var row = dashboard.GetProperty("sections")[0].GetProperty("paragraphs").EnumerateArray().Single(r => r.GetProperty("paragraphId").GetGuid() == blocked.Id);
        Assert.Equal("GBR", row.GetProperty("objections")[0].GetProperty("delegation").GetProperty("state").GetString());

        var svg = await room.As("demo-observer").Send(HttpMethod.Get, $"/drafts/{room.DraftId}/dashboard/status.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
        var burndown = await room.As("demo-observer").Send(HttpMethod.Get, $"/drafts/{room.DraftId}/dashboard/burndown.svg");
        Assert.Equal("image/svg+xml", burndown.Content.Headers.ContentType?.MediaType);
        var bars = await room.Get("demo-chair", $"/drafts/{room.DraftId}/dashboard/status");
        Assert.Equal(2, bars[0].GetProperty("counts").GetProperty("underNegotiation").GetInt32());
        Assert.Equal(JsonValueKind.Array, (await room.Get("demo-chair", $"/drafts/{room.DraftId}/dashboard/burndown")).ValueKind);
    }

    [Fact]
    public async Task The_chairs_dashboard_updates_live_when_a_position_changes()
    {
        await api.WaitForDaemonAsync();
        var room = await ConsensusRoom.OpenAsync(api);
        var p = await room.NegotiableParagraphAsync("Pushed live to the Chair.");

        var chairReceived = Channel.CreateUnbounded<JsonElement>();
        var expertReceived = Channel.CreateUnbounded<JsonElement>();
        await using var chair = api.HubFor("demo-chair");
        await using var expert = api.HubFor("demo-expert-mex");
        chair.On<JsonElement>("DashboardChanged", m => chairReceived.Writer.TryWrite(m));
        expert.On<JsonElement>("DashboardChanged", m => expertReceived.Writer.TryWrite(m));
        await chair.StartAsync();
        await expert.StartAsync();
        await chair.InvokeAsync<GroupView>("JoinGroup", room.GroupId);
        await expert.InvokeAsync<GroupView>("JoinGroup", room.GroupId);

        (await room.StatePosition("demo-expert-chn", p.Id, new { kind = "Objection", reason = "We cannot accept this." })).EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await chairReceived.Reader.ReadAsync(timeout.Token);
            Assert.Equal(room.DraftId, message.GetProperty("draftId").GetGuid());
            var row = message.GetProperty("dashboard").GetProperty("sections")[0].GetProperty("paragraphs")[0];
            if (row.GetProperty("objections").GetArrayLength() == 0) continue;
            Assert.Equal("CHN", row.GetProperty("objections")[0].GetProperty("delegation").GetProperty("state").GetString());
            Assert.False(row.GetProperty("readyToAgree").GetBoolean());
            break;
        }
        Assert.False(expertReceived.Reader.TryRead(out _));
    }
}
