using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GgeWorkspace.Api.Amendments;
using GgeWorkspace.Api.Comments;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// No answer tells a caller anything about a group they are not a member of: for every routed endpoint, membership of the
/// group and ownership of every draft, paragraph, workstream, amendment, comment thread and silence procedure in the route
/// are checked before the request's body, If-Match, Idempotency-Key or query is read and before any state is consulted,
/// and "does not exist" and "exists in another group" answer the same 404, word for word.
/// </summary>
public sealed class NoOracleTests(NoOracleTests.Host api) : IClassFixture<NoOracleTests.Host>
{
    /// <summary>The real host, with a request budget large enough for a sweep over every endpoint.</summary>
    public sealed class Host : GgeApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Limits:RequestsPerMinutePerUser"] = "100000" };
    }

    private const string OtherExpert = "other-group-expert";

    /// <summary>What a hostile caller sends along: each variant would fail a shape or precondition check if one ran first.</summary>
    private static readonly (string Name, string? Body, string? IfMatch, string? IdempotencyKey, string Query)[] Variants =
    [
        ("malformed body, unreadable If-Match, overlong Idempotency-Key, bad query", "{\"text\": [1, 2", "not-a-version", new string('k', 300),
            "?from=abc&to=x&asOf=-5&variant=nonsense&format=none&authorship=maybe"),
        ("well-formed body of the wrong shape, no If-Match", "{\"status\": \"NoSuchStatus\", \"start\": -1, \"paragraphIds\": 7}", null, null, "?from=-1"),
        ("no body, no If-Match", null, null, null, ""),
    ];

    [Fact]
    public async Task A_member_of_another_group_gets_the_same_404_from_every_endpoint_whatever_the_request_holds()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        var outsider = api.ClientFor(PopulatedGroup.Outsider);
        var reference = await ProblemOf(await outsider.GetAsync($"/api/groups/{Guid.NewGuid()}"));
        var failures = new List<string>();

        foreach (var (key, template) in GroupEndpoints())
        {
            foreach (var variant in Variants)
            {
                using var response = await SendAsync(outsider, key, template, name => world.RouteValue(name), variant);
                var problem = await ProblemOf(response);
                if (response.StatusCode != HttpStatusCode.NotFound || problem != reference)
                    failures.Add($"{key} ({variant.Name}): {(int)response.StatusCode} {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"Expected {reference} everywhere:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public async Task A_member_naming_an_object_of_another_group_gets_the_404_a_random_id_gets()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        var elsewhere = await OtherGroupObjectsAsync(world);
        var chair = api.ClientFor("demo-chair");
        var failures = new List<string>();
        var checkedParameters = new HashSet<string>();

        foreach (var (key, template) in GroupEndpoints())
        {
            foreach (var parameter in elsewhere.Keys.Where(p => template.Contains("{" + p + ":", StringComparison.Ordinal)))
            {
                checkedParameters.Add(parameter);
                foreach (var variant in Variants)
                {
                    using var random = await SendAsync(chair, key, template,
                        name => name == parameter ? Guid.NewGuid().ToString() : world.RouteValue(name), variant);
                    using var foreign = await SendAsync(chair, key, template,
                        name => name == parameter ? elsewhere[parameter].ToString() : world.RouteValue(name), variant);
                    var (randomProblem, foreignProblem) = (await ProblemOf(random), await ProblemOf(foreign));
                    if (random.StatusCode != HttpStatusCode.NotFound || foreign.StatusCode != HttpStatusCode.NotFound || randomProblem != foreignProblem)
                        failures.Add($"{key}, {parameter} ({variant.Name}): random id {(int)random.StatusCode} {randomProblem}; " +
                            $"another group's {(int)foreign.StatusCode} {foreignProblem}");
                }
            }
        }

        Assert.Equal(elsewhere.Keys.Order(), checkedParameters.Order());
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Live_editing_answers_another_groups_paragraph_under_silence_as_if_it_did_not_exist()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        var elsewhere = await OtherGroupObjectsAsync(world);
        var silenced = elsewhere["paragraphId"];
        var procedure = elsewhere["procedureId"];

        await using var hub = api.HubFor("demo-expert-can");
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>(nameof(DraftingHub.JoinDraft), world.GroupId, world.DraftId);

        async Task<string> Refusal(string method, params object?[] arguments)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeCoreAsync(method, typeof(JsonElement), arguments));
            Assert.DoesNotContain(procedure.ToString(), refused.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("silence", refused.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(404, AuthorizationMatrixTests.ProblemStatus(refused.Message));
            return Normalize(refused.Message[refused.Message.IndexOf('{')..]);
        }

        SubmitOperation Insert(Guid paragraphId) => new(world.GroupId, world.DraftId, paragraphId, 0, Guid.NewGuid().ToString(),
            TextOperation.Of(new TextComponent.Insert("x")));

        Assert.Equal(await Refusal(nameof(DraftingHub.SubmitOperation), Insert(Guid.NewGuid())),
            await Refusal(nameof(DraftingHub.SubmitOperation), Insert(silenced)));
        Assert.Equal(await Refusal(nameof(DraftingHub.CatchUp), world.GroupId, world.DraftId, Guid.NewGuid(), 0L),
            await Refusal(nameof(DraftingHub.CatchUp), world.GroupId, world.DraftId, silenced, 0L));
        Assert.Equal(await Refusal(nameof(DraftingHub.FollowParagraph), world.GroupId, world.DraftId, Guid.NewGuid()),
            await Refusal(nameof(DraftingHub.FollowParagraph), world.GroupId, world.DraftId, silenced));

        // The paragraph really is frozen for its own group, so the refusals above did not answer by chance.
        var ownChair = new DraftingApi(api.ClientFor(PopulatedGroup.Outsider), world.OtherGroupId);
        var own = await ownChair.Paragraph(world.OtherDraftId, silenced);
        using var frozen = await ownChair.Send(HttpMethod.Put, $"/drafts/{world.OtherDraftId}/paragraphs/{silenced}/text", new { text = "Changed." }, own.TextVersion);
        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);
    }

    /// <summary>
    /// In the other group: its draft and section, a paragraph placed under silence with a point, its workstream, a comment thread and an
    /// amendment on that paragraph, the silence procedure and an imported source document, by the route parameter that names each.
    /// </summary>
    private async Task<Dictionary<string, Guid>> OtherGroupObjectsAsync(PopulatedGroup world)
    {
        var secretariat = api.ClientFor("demo-secretariat");
        var group = await DraftingApi.Read<GroupView>(await secretariat.GetAsync($"/api/groups/{world.OtherGroupId}"));
        using var added = await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/groups/{world.OtherGroupId}/members")
        {
            Content = JsonContent.Create(new { sub = OtherExpert, role = "Expert", nominatingState = "KEN", attribution = "NominatingState" }),
        }.WithIfMatch(group.Version));
        added.EnsureSuccessStatusCode();

        var chair = new DraftingApi(api.ClientFor(PopulatedGroup.Outsider), world.OtherGroupId);
        var expert = new DraftingApi(api.ClientFor(OtherExpert), world.OtherGroupId);
        var draft = $"/drafts/{world.OtherDraftId}";
        var workstreams = await DraftingApi.Read<List<WorkstreamView>>(await chair.Client.GetAsync($"/api/groups/{world.OtherGroupId}/workstreams"));
        var thread = await DraftingApi.Read<CommentThread>(await chair.Send(HttpMethod.Post, $"{draft}/paragraphs/{world.OtherParagraphId}/comments",
            new { text = "Is this agreed?" }));
        var amendment = await DraftingApi.Read<Amendment>(await expert.Send(HttpMethod.Post, $"{draft}/amendments",
            new { kind = AmendmentKind.ReplaceText, paragraphId = world.OtherParagraphId, text = "Another paragraph of another group." }));
        var imported = await DraftingApi.Read<JsonElement>(await new DraftingApi(secretariat, world.OtherGroupId).Send(HttpMethod.Post, "/sources/import",
            new { builtIn = "A/72/304" }));
        var section = (await chair.Draft(world.OtherDraftId)).Sections[0].Id;
        var point = await DraftingApi.Read<ParagraphView>(await chair.Send(HttpMethod.Post, $"{draft}/paragraphs/{world.OtherParagraphId}/points",
            new { text = "A point of another group." }));
        var paragraph = await chair.Paragraph(world.OtherDraftId, world.OtherParagraphId);
        (await chair.ChangeStatus(world.OtherDraftId, paragraph, ParagraphStatus.UnderNegotiation)).EnsureSuccessStatusCode();
        var procedure = await DraftingApi.Read<JsonElement>(await chair.Send(HttpMethod.Post, $"{draft}/silence",
            new { paragraphIds = new[] { world.OtherParagraphId } }));
        Assert.Contains(procedure.GetProperty("placed").EnumerateArray(), p => p.GetProperty("paragraphId").GetGuid() == world.OtherParagraphId);

        return new()
        {
            ["draftId"] = world.OtherDraftId,
            ["paragraphId"] = world.OtherParagraphId,
            ["pointId"] = point.Id,
            ["workstreamId"] = workstreams.Single().Id,
            ["threadId"] = thread.Id,
            ["amendmentId"] = amendment.Id,
            ["procedureId"] = procedure.GetProperty("id").GetGuid(),
            ["sectionId"] = section,
            ["documentId"] = imported.GetProperty("documentId").GetGuid(),
        };
    }

    /// <summary>"METHOD /route/template" -> template, for every routed endpoint inside a group.</summary>
    private List<(string Key, string Template)> GroupEndpoints()
    {
        _ = api.Server;
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Template: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .Where(e => e.Template.Contains("{groupId:guid}", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => ($"{m} {e.Template}", e.Template)))
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ToList();
        Assert.True(endpoints.Count > 50, $"Only {endpoints.Count} endpoints inside a group were found.");
        return endpoints;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string key, string template, Func<string, string?> routeValue,
        (string Name, string? Body, string? IfMatch, string? IdempotencyKey, string Query) variant)
    {
        var method = key[..key.IndexOf(' ')];
        var path = Regex.Replace(template, @"\{\*?(?<name>[a-zA-Z]+)\??(:[a-z]+)?\}",
            m => routeValue(m.Groups["name"].Value) ?? throw new InvalidOperationException($"No value for route parameter {m.Value} of {key}."));
        var request = new HttpRequestMessage(new HttpMethod(method), path + variant.Query);
        if (variant.Body is not null && method is "POST" or "PUT" or "PATCH" or "DELETE")
            request.Content = new StringContent(variant.Body, Encoding.UTF8, "application/json");
        if (variant.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", variant.IfMatch);
        if (variant.IdempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", variant.IdempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>The problem document without its traceId (which differs on every request), or the raw body if it is not one.</summary>
    private static async Task<string> ProblemOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? Normalize(body) : $"(not a problem) {body}";
    }

    private static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
