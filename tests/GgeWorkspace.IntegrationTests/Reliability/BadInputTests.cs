using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>Malformed, oversized, smuggled, out-of-range and foreign input: each gets a problem and changes nothing.</summary>
public sealed class BadInputTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private Task<long> EventCountAsync() => Sql.EventCountAsync(api.ConnectionString);

    private static HttpRequestMessage Raw(HttpMethod method, string path, string body, string contentType = "application/json", long? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (ifMatch is { } v) request.WithIfMatch(v);
        return request;
    }

    private async Task AssertRefusedAndNothingChanged(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        var before = await EventCountAsync();
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.Equal(before, await EventCountAsync());
    }

    [Theory]
    [InlineData("NUL", "States\\u0000 should cooperate.")]
    [InlineData("lone high surrogate", "States \\ud800 should cooperate.")]
    [InlineData("lone low surrogate", "States \\udc00 should cooperate.")]
    [InlineData("other control character", "States \\u0007 should cooperate.")]
    public async Task Text_that_jsonb_or_xml_cannot_hold_is_refused_in_every_text_field(string what, string escaped)
    {
        _ = what;
        var world = await PopulatedGroup.CreateAsync(api);
        var chair = api.ClientFor("demo-chair");
        var expert = api.ClientFor("demo-expert-can");
        var secretariat = api.ClientFor("demo-secretariat");
        var g = $"/api/groups/{world.GroupId}";
        var d = $"{g}/drafts/{world.DraftId}";
        var p = $"{d}/paragraphs/{world.ParagraphId}";
        var paragraph = await new DraftingApi(chair, world.GroupId).Paragraph(world.DraftId, world.ParagraphId);
        var draft = await new DraftingApi(chair, world.GroupId).Draft(world.DraftId);
        var s = $"\"{escaped}\"";

        await AssertRefusedAndNothingChanged(secretariat, Raw(HttpMethod.Post, "/api/groups", $"{{\"name\":{s},\"mandateReference\":\"A/RES/1\"}}"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs", $"{{\"sectionId\":\"{world.SectionId}\",\"text\":{s}}}"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Put, $"{p}/text", $"{{\"text\":{s}}}", ifMatch: paragraph.TextVersion), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{p}/options", $"{{\"text\":{s}}}"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/sections", $"{{\"heading\":{s}}}", ifMatch: draft.Version), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(expert, Raw(HttpMethod.Post, $"{d}/amendments", $"{{\"kind\":\"ReplaceText\",\"paragraphId\":\"{world.ParagraphId}\",\"text\":{s}}}"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(expert, Raw(HttpMethod.Post, $"{p}/comments", $"{{\"text\":{s}}}"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(expert, Raw(HttpMethod.Post, $"{d}/comments/{world.ThreadId}/replies", $"{{\"text\":{s}}}"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(expert, Raw(HttpMethod.Post, $"{d}/amendments/{world.AmendmentId}/object", $"{{\"reason\":{s}}}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bidirectional_controls_and_zero_width_characters_are_kept_exactly()
    {
        var room = await DraftRoom.CreateAsync(api);
        const string text = "الدول \u202Eتتعاون\u202C على التحقق\u200B; \u2067States\u2069 cooperate\u200D\u2060 🕊️ 中文";
        var created = await room.AddParagraph(text);
        Assert.Equal(text, created.Text);
        Assert.Equal(text, (await room.Chair.Paragraph(room.DraftId, created.Id)).Text);
        var thread = await DraftingApi.Read<JsonElement>(await room.As("demo-expert-can").Send(HttpMethod.Post, $"{room.Draft}/paragraphs/{created.Id}/comments", new { text }));
        Assert.Equal(text, thread.GetProperty("comments")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Malformed_json_wrong_content_type_and_unknown_enum_values_are_400_or_415()
    {
        var room = await DraftRoom.CreateAsync(api);
        var chair = room.Chair.Client;
        var d = $"/api/groups/{room.GroupId}{room.Draft}";
        var p = await room.AddParagraph("States should cooperate.");

        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs", "{\"sectionId\":"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs", "[1,2,3]"), HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs", $"sectionId={room.SectionId}&text=x", "application/x-www-form-urlencoded"),
            HttpStatusCode.UnsupportedMediaType);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs", "<p>x</p>", "text/xml"), HttpStatusCode.UnsupportedMediaType);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs/{p.Id}/status", "{\"status\":\"Bogus\"}", ifMatch: p.NegotiationVersion),
            HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs/{p.Id}/status", "{\"status\":99}", ifMatch: p.NegotiationVersion),
            HttpStatusCode.BadRequest);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs/{p.Id}/brackets",
            $"{{\"start\":0,\"end\":3,\"textVersion\":{p.TextVersion},\"kind\":\"Sideways\"}}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Smuggled_fields_are_ignored_no_mass_assignment()
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var smuggledId = Guid.NewGuid();
        var created = await DraftingApi.Read<GroupView>(await secretariat.SendAsync(Raw(HttpMethod.Post, "/api/groups",
            $"{{\"id\":\"{smuggledId}\",\"version\":42,\"name\":\"GGE on ICT\",\"mandateReference\":\"A/RES/73/266\",\"members\":[{{\"sub\":\"intruder\",\"role\":\"Chair\"}}]}}")));
        Assert.NotEqual(smuggledId, created.Id);
        Assert.Equal(["demo-secretariat"], created.Members.Select(m => m.Sub));

        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph("States should cooperate.");
        var thread = await DraftingApi.Read<JsonElement>(await room.As("demo-expert-can").Client.SendAsync(Raw(HttpMethod.Post,
            $"/api/groups/{room.GroupId}{room.Draft}/paragraphs/{p.Id}/comments", "{\"text\":\"Which States?\",\"authorSub\":\"demo-chair\",\"isResolved\":true}")));
        Assert.Equal("demo-expert-can", thread.GetProperty("comments")[0].GetProperty("authorSub").GetString());
        Assert.Equal("demo-expert-can", thread.GetProperty("authorSub").GetString());
        Assert.False(thread.GetProperty("isResolved").GetBoolean());

        // An Expert changing their own membership to Secretariat: refused, whatever the body says.
        var group = await DraftingApi.Read<GroupView>(await secretariat.GetAsync($"/api/groups/{room.GroupId}"));
        await AssertRefusedAndNothingChanged(api.ClientFor("demo-expert-can"), Raw(HttpMethod.Put, $"/api/groups/{room.GroupId}/members/demo-expert-can",
            "{\"role\":\"Secretariat\"}", ifMatch: group.Version), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Negative_and_huge_positions_are_refused()
    {
        var room = await DraftRoom.CreateAsync(api);
        var chair = room.Chair.Client;
        var p = await room.AddParagraph("States should cooperate.");
        var path = $"/api/groups/{room.GroupId}{room.Draft}/paragraphs/{p.Id}";
        foreach (var (start, end) in new[] { (-1, 3), (0, int.MaxValue), (5, 2), (int.MaxValue - 1, int.MaxValue) })
        {
            using var response = await chair.SendAsync(Raw(HttpMethod.Post, $"{path}/brackets",
                $"{{\"start\":{start},\"end\":{end},\"textVersion\":{p.TextVersion},\"kind\":\"Contentious\"}}"));
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{start}..{end}: {response.StatusCode}");
            await response.ProblemAsync();
        }
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{path}/brackets",
            $"{{\"start\":0,\"end\":99999999999,\"textVersion\":{p.TextVersion},\"kind\":\"Contentious\"}}"), HttpStatusCode.BadRequest);
        var before = await EventCountAsync();
        using (var anchored = await room.As("demo-expert-can").Client.SendAsync(Raw(HttpMethod.Post, $"{path}/comments",
            "{\"text\":\"Where?\",\"anchor\":{\"start\":1000000,\"end\":2000000,\"textVersion\":1}}")))
        {
            Assert.True(anchored.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, anchored.StatusCode.ToString());
        }
        Assert.Equal(before, await EventCountAsync());
        Assert.Equal("States should cooperate.", (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }

    [Fact]
    public async Task Ids_of_another_groups_objects_are_404_under_this_groups_routes()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        var chair = api.ClientFor("demo-chair");
        var d = $"/api/groups/{world.GroupId}/drafts/{world.DraftId}";
        using (var read = await chair.GetAsync($"{d}/paragraphs/{world.OtherParagraphId}")) Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using (var other = await chair.GetAsync($"/api/groups/{world.GroupId}/drafts/{world.OtherDraftId}")) Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Put, $"{d}/paragraphs/{world.OtherParagraphId}/text", "{\"text\":\"Taken over.\"}", ifMatch: 1),
            HttpStatusCode.NotFound);
        await AssertRefusedAndNothingChanged(chair, Raw(HttpMethod.Post, $"{d}/paragraphs/{world.OtherParagraphId}/options", "{\"text\":\"Taken over.\"}"),
            HttpStatusCode.NotFound);
        await AssertRefusedAndNothingChanged(api.ClientFor("demo-expert-can"), Raw(HttpMethod.Post, $"{d}/amendments",
            $"{{\"kind\":\"ReplaceText\",\"paragraphId\":\"{world.OtherParagraphId}\",\"text\":\"Taken over.\"}}"), HttpStatusCode.NotFound);
        await AssertRefusedAndNothingChanged(api.ClientFor("demo-expert-can"), Raw(HttpMethod.Post, $"{d}/paragraphs/{world.OtherParagraphId}/comments",
            "{\"text\":\"Taken over.\"}"), HttpStatusCode.NotFound);

        await using var hub = api.HubFor("demo-chair");
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinDraft", world.GroupId, world.DraftId);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<OperationAck>("SubmitOperation",
            new SubmitOperation(world.GroupId, world.DraftId, world.OtherParagraphId, 1, "bola-1", TextOperation.Of(new TextComponent.Insert("x")))));
        Assert.Equal(404, AuthorizationMatrixTests.ProblemStatus(refused.Message));
        var catchUp = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<CatchUpResult>("CatchUp", world.GroupId, world.DraftId, world.OtherParagraphId, 0L));
        Assert.Equal(404, AuthorizationMatrixTests.ProblemStatus(catchUp.Message));
    }

    [Fact]
    public async Task Live_operations_with_forbidden_characters_or_positions_outside_the_text_are_refused()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph("States should cooperate.");
        await using var hub = api.HubFor("demo-chair");
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinDraft", room.GroupId, room.DraftId);
        var before = await EventCountAsync();
        var length = CodePoints.Length(p.Text);

        async Task<int> Refused(TextOperation operation)
        {
            var e = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<OperationAck>("SubmitOperation",
                new SubmitOperation(room.GroupId, room.DraftId, p.Id, p.TextVersion, Guid.NewGuid().ToString(), operation)));
            return AuthorizationMatrixTests.ProblemStatus(e.Message);
        }

        Assert.Equal(400, await Refused(TextOperation.Of(new TextComponent.Insert("x\0y"), new TextComponent.Retain(length))));
        // Beyond the paragraph limit the operation is malformed whatever the text (400); within it, a mismatch is a 409.
        Assert.Equal(400, await Refused(TextOperation.Of(new TextComponent.Retain(length + 1_000_000), new TextComponent.Insert("x"))));
        Assert.Equal(409, await Refused(TextOperation.Of(new TextComponent.Retain(length + 1_000), new TextComponent.Insert("x"))));
        Assert.Equal(409, await Refused(TextOperation.Of(new TextComponent.Delete(length + 5))));
        var stale = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<OperationAck>("SubmitOperation",
            new SubmitOperation(room.GroupId, room.DraftId, p.Id, -3, "negative", TextOperation.Of(new TextComponent.Insert("x"), new TextComponent.Retain(length)))));
        Assert.Equal(400, AuthorizationMatrixTests.ProblemStatus(stale.Message));
        var presence = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("UpdatePresence", new PresenceUpdate(room.GroupId, room.DraftId, p.Id, -1, null, false)));
        Assert.Equal(400, AuthorizationMatrixTests.ProblemStatus(presence.Message));

        Assert.Equal(before, await EventCountAsync());
        Assert.Equal("States should cooperate.", (await room.Chair.Paragraph(room.DraftId, p.Id)).Text);
    }
}

/// <summary>A host with small limits, so that the limits themselves can be reached in a test.</summary>
public sealed class LimitedApiFactory : GgeApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Limits:RequestsPerMinutePerUser"] = "60",
        ["Limits:MaxRequestBodyBytes"] = "4096",
        ["LiveEditing:OperationsPerSecondPerConnection"] = "3",
    };
}

public sealed class LimitTests(LimitedApiFactory api) : IClassFixture<LimitedApiFactory>
{
    [Fact]
    public async Task Bodies_over_the_limit_are_413_and_change_nothing()
    {
        var room = await DraftRoom.CreateAsync(api);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{room.GroupId}{room.Draft}/paragraphs")
        {
            Content = JsonContent.Create(new { sectionId = room.SectionId, text = new string('a', 10_000) }),
        };
        using var response = await room.Chair.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ProblemAsync();
        Assert.Empty((await room.Chair.Draft(room.DraftId)).Sections.Single().Paragraphs);
    }

    [Fact]
    public async Task A_caller_over_the_request_limit_gets_429_with_retry_after()
    {
        var client = api.ClientFor("rate-limited-caller");
        HttpResponseMessage? last = null;
        for (var i = 0; i < 70 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last?.Dispose();
            last = await client.GetAsync("/api/groups");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.Contains("Retry-After"));
        Assert.Equal(429, (await last.ProblemAsync()).GetProperty("status").GetInt32());
        // Others are not affected by one caller's limit.
        using var other = await api.ClientFor("another-caller").GetAsync("/api/groups");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_connection_over_its_operation_limit_gets_a_429_problem()
    {
        var room = await DraftRoom.CreateAsync(api);
        var p = await room.AddParagraph("States should cooperate.");
        await using var hub = api.HubFor("demo-chair");
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinDraft", room.GroupId, room.DraftId);
        var statuses = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await hub.InvokeAsync("UpdatePresence", new PresenceUpdate(room.GroupId, room.DraftId, p.Id, i, null, true));
                statuses.Add(200);
            }
            catch (HubException e)
            {
                statuses.Add(AuthorizationMatrixTests.ProblemStatus(e.Message));
            }
        }
        Assert.Contains(429, statuses);
        Assert.DoesNotContain(statuses, s => s is not (200 or 429));
    }
}
