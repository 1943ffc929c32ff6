using System.Net;
using System.Net.Http.Json;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Marten;
using Marten.Events;

namespace GgeWorkspace.IntegrationTests.Groups;

public sealed class MembershipTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static async Task<GroupView> Read(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<GroupView>(Json.Options))!;

    private static HttpRequestMessage AddMember(Guid groupId, object body) =>
        new(HttpMethod.Post, $"/api/groups/{groupId}/members") { Content = JsonContent.Create(body, options: Json.Options) };

    private async Task<long> VersionOf(Guid groupId, string sub = "demo-secretariat")
    {
        var response = await api.ClientFor(sub).GetAsync($"/api/groups/{groupId}");
        response.EnsureSuccessStatusCode();
        return response.Version();
    }

    [Fact]
    public async Task Creating_a_group_needs_the_secretariat_application_role()
    {
        var withoutRole = await api.ClientFor("someone-without-the-role")
            .PostAsJsonAsync("/api/groups", new { name = "A group", mandateReference = "A/RES/71/67" });
        Assert.Equal(HttpStatusCode.Forbidden, withoutRole.StatusCode);
        Assert.Equal(403, (await withoutRole.ProblemAsync()).GetProperty("status").GetInt32());

        var created = await api.ClientFor("demo-secretariat")
            .PostAsJsonAsync("/api/groups", new { name = "GGE on verification", mandateReference = "A/RES/71/67" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var group = await Read(created);
        Assert.Equal("Europe/Zurich", group.TimeZone);
        var creator = Assert.Single(group.Members);
        Assert.Equal(("demo-secretariat", MemberRole.Secretariat), (creator.Sub, creator.Role));
        Assert.Equal(group.Version, created.Version());
    }

    [Fact]
    public async Task Adding_a_member_answers_201_located_at_the_group_that_lists_its_members()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var secretariat = api.ClientFor("demo-secretariat");

        var added = await secretariat.SendAsync(AddMember(groupId,
            new { sub = "located-expert", role = "Expert", nominatingState = "FRA" }).WithIfMatch(await VersionOf(groupId)));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"/api/groups/{groupId}", added.Headers.Location?.OriginalString);
        var located = await secretariat.GetAsync(added.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, located.StatusCode);
        Assert.Contains((await Read(located)).Members, m => m.Sub == "located-expert");
    }

    [Fact]
    public async Task The_secretariat_adds_changes_and_removes_members_and_each_change_is_an_event()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var secretariat = api.ClientFor("demo-secretariat");

        var version = await VersionOf(groupId);
        var added = await secretariat.SendAsync(AddMember(groupId,
            new { sub = "new-expert", displayName = "Nouvel Expert", role = "Expert", nominatingState = "FRA" }).WithIfMatch(version));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var member = (await Read(added)).Members.Single(m => m.Sub == "new-expert");
        Assert.Equal(ContributionAttribution.NominatingState, member.Attribution);
        Assert.Equal("FRA", member.NominatingState);

        var changed = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/groups/{groupId}/members/new-expert")
        {
            Content = JsonContent.Create(new { role = "Observer" }, options: Json.Options),
        }.WithIfMatch(added.Version()));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(MemberRole.Observer, (await Read(changed)).Members.Single(m => m.Sub == "new-expert").Role);

        var removed = await secretariat.SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/new-expert").WithIfMatch(changed.Version()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain((await Read(await secretariat.GetAsync($"/api/groups/{groupId}"))).Members, m => m.Sub == "new-expert");

        await using var session = api.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(groupId);
        var kinds = events.Select(e => e.Data.GetType()).ToList();
        Assert.Contains(typeof(MemberRoleChanged), kinds);
        Assert.Contains(typeof(MemberNominationChanged), kinds);
        Assert.Equal(typeof(MemberRemoved), kinds[^1]);
        Assert.Equal("demo-secretariat", events[^1].Headers!["actor"].ToString());
    }

    [Fact]
    public async Task A_person_sees_only_their_groups_with_their_role_in_each()
    {
        var first = await api.CreateDemoGroupAsync("First group");
        var second = await api.CreateDemoGroupAsync("Second group");
        var secretariat = api.ClientFor("demo-secretariat");
        var change = new HttpRequestMessage(HttpMethod.Put, $"/api/groups/{second}/members/demo-expert-can")
        {
            Content = JsonContent.Create(new { role = "Chair", nominatingState = "CAN" }, options: Json.Options),
        }.WithIfMatch(await VersionOf(second));
        (await secretariat.SendAsync(change)).EnsureSuccessStatusCode();

        var mine = await api.ClientFor("demo-expert-can").GetFromJsonAsync<List<GroupSummary>>("/api/groups", Json.Options);
        Assert.NotNull(mine);
        Assert.Equal(MemberRole.Expert, mine.Single(g => g.Id == first).MyRole);
        Assert.Equal(MemberRole.Chair, mine.Single(g => g.Id == second).MyRole);

        var stranger = await api.ClientFor("a-stranger").GetFromJsonAsync<List<GroupSummary>>("/api/groups", Json.Options);
        Assert.DoesNotContain(stranger!, g => g.Id == first || g.Id == second);
    }

    [Fact]
    public async Task A_non_member_gets_404_on_reads_and_writes_as_if_the_group_did_not_exist()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var stranger = api.ClientFor("a-stranger");

        var read = await stranger.GetAsync($"/api/groups/{groupId}");
        var missing = await stranger.GetAsync($"/api/groups/{Guid.NewGuid()}");
        var write = await stranger.SendAsync(AddMember(groupId, new { sub = "x", role = "Expert" }).WithIfMatch(1));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        Assert.Equal((await missing.ProblemAsync()).GetProperty("detail").GetString(), (await read.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("demo-observer")]
    [InlineData("demo-expert-can")]
    [InlineData("demo-chair")]
    public async Task Only_the_secretariat_manages_members(string sub)
    {
        var groupId = await api.CreateDemoGroupAsync();
        var response = await api.ClientFor(sub).SendAsync(AddMember(groupId, new { sub = "x", role = "Expert" }).WithIfMatch(await VersionOf(groupId)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await response.ProblemAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Anonymous_calls_get_401()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(AddMember(groupId, new { sub = "x", role = "Expert" }).WithIfMatch(1))).StatusCode);
    }

    [Fact]
    public async Task Membership_changes_need_If_Match_and_a_stale_version_gets_412_with_the_current_one()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var secretariat = api.ClientFor("demo-secretariat");
        var current = await VersionOf(groupId);

        var without = await secretariat.SendAsync(AddMember(groupId, new { sub = "x", role = "Expert" }));
        Assert.Equal((HttpStatusCode)428, without.StatusCode);
        Assert.Equal(428, (await without.ProblemAsync()).GetProperty("status").GetInt32());

        var stale = await secretariat.SendAsync(AddMember(groupId, new { sub = "x", role = "Expert" }).WithIfMatch(current - 1));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(current, (await stale.ProblemAsync()).GetProperty("currentVersion").GetInt64());

        Assert.Equal(current, await VersionOf(groupId));
    }

    [Fact]
    public async Task Invalid_input_gets_400_problem_details_naming_the_fields_and_changes_nothing()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var secretariat = api.ClientFor("demo-secretariat");
        var version = await VersionOf(groupId);

        var response = await secretariat.SendAsync(AddMember(groupId,
            new { sub = "", role = "Observer", nominatingState = "France" }).WithIfMatch(version));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sub", out _));
        Assert.True(errors.TryGetProperty("nominatingState", out _));

        var badGroup = await secretariat.PostAsJsonAsync("/api/groups", new { name = "", mandateReference = "A/RES/71/67", timeZone = "Mars/Olympus" });
        var groupErrors = (await badGroup.ProblemAsync()).GetProperty("errors");
        Assert.True(groupErrors.TryGetProperty("name", out _));
        Assert.True(groupErrors.TryGetProperty("timeZone", out _));

        var malformed = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/groups")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(version, await VersionOf(groupId));
    }

    [Fact]
    public async Task The_last_secretariat_member_cannot_be_removed_or_demoted()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var secretariat = api.ClientFor("demo-secretariat");
        var version = await VersionOf(groupId);

        var removed = await secretariat.SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, $"/api/groups/{groupId}/members/demo-secretariat").WithIfMatch(version));
        Assert.Equal(HttpStatusCode.Conflict, removed.StatusCode);

        var demoted = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/groups/{groupId}/members/demo-secretariat")
        {
            Content = JsonContent.Create(new { role = "Observer" }, options: Json.Options),
        }.WithIfMatch(version));
        Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
        Assert.Equal(version, await VersionOf(groupId));
    }

    [Fact]
    public async Task The_activity_feed_is_projected_asynchronously_for_members_only()
    {
        var groupId = await api.CreateDemoGroupAsync();
        await api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var feed = await api.ClientFor("demo-observer").GetFromJsonAsync<List<ActivityEntry>>($"/api/groups/{groupId}/activity", Json.Options);
        Assert.Equal(1 + 1 + GgeApiFactory.DemoMembers.Count, feed!.Count);
        Assert.Equal("group_created", feed[^1].Kind);
        Assert.All(feed, e => Assert.Equal("demo-secretariat", e.Actor));
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("a-stranger").GetAsync($"/api/groups/{groupId}/activity")).StatusCode);
    }
}

public sealed class IdempotentCreationTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    private static HttpRequestMessage Create(string key, string name) =>
        new(HttpMethod.Post, "/api/groups")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { name, mandateReference = "A/RES/71/67" }),
        };

    [Fact]
    public async Task A_repeated_Idempotency_Key_returns_the_first_result_and_appends_nothing()
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var key = Guid.NewGuid().ToString();
        var first = await secretariat.SendAsync(Create(key, "Idempotent group"));
        var second = await secretariat.SendAsync(Create(key, "Idempotent group"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<GroupView>(Json.Options);
        var b = await second.Content.ReadFromJsonAsync<GroupView>(Json.Options);
        Assert.Equal(a!.Id, b!.Id);

        var groups = await secretariat.GetFromJsonAsync<List<GroupSummary>>("/api/groups", Json.Options);
        Assert.Single(groups!, g => g.Name == "Idempotent group");
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_another_body_is_refused_with_422()
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var key = Guid.NewGuid().ToString();
        (await secretariat.SendAsync(Create(key, "One body"))).EnsureSuccessStatusCode();
        var other = await secretariat.SendAsync(Create(key, "Another body"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(422, (await other.ProblemAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_Idempotency_Key_create_one_group()
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => secretariat.SendAsync(Create(key, "Raced group"))));
        var ids = new HashSet<Guid>();
        foreach (var r in responses.Where(r => r.IsSuccessStatusCode))
            ids.Add((await r.Content.ReadFromJsonAsync<GroupView>(Json.Options))!.Id);
        Assert.Single(ids);
        var groups = await secretariat.GetFromJsonAsync<List<GroupSummary>>("/api/groups", Json.Options);
        Assert.Single(groups!, g => g.Name == "Raced group");
    }
}
