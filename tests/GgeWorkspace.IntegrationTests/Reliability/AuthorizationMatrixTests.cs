using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// Every HTTP endpoint and every hub method, called as each kind of caller with route values naming real objects of
/// the first group. The expected outcomes live here; an endpoint or hub method the table does not name fails the test,
/// so whoever adds one must decide who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    /// <summary>What a caller gets: let through (any status but 401, 403 and 404), or refused with that status.</summary>
    public enum Outcome { Allowed, Unauthorized = 401, Forbidden = 403, NotFound = 404 }

    private const Outcome A = Outcome.Allowed, F = Outcome.Forbidden, N = Outcome.NotFound, U = Outcome.Unauthorized;

    /// <summary>
    /// The callers, in the order of a row: the group's Chair, an Expert, the Secretariat, an Observer, a Translator into French,
    /// a member of another group, anonymous.
    /// </summary>
    private static readonly string?[] Callers =
        ["demo-chair", "demo-expert-can", "demo-secretariat", "demo-observer", PopulatedGroup.FrenchTranslator, PopulatedGroup.Outsider, null];

    private static readonly string[] CallerNames = ["Chair", "Expert", "Secretariat", "Observer", "Translator", "OtherGroup", "Anonymous"];

    private static Outcome[] Row(params Outcome[] outcomes) => outcomes;

    private static readonly Outcome[] Public = Row(A, A, A, A, A, A, A);
    private static readonly Outcome[] Authenticated = Row(A, A, A, A, A, A, U);
    private static readonly Outcome[] Members = Row(A, A, A, A, A, N, U);
    private static readonly Outcome[] Writers = Row(A, A, A, F, F, N, U);
    private static readonly Outcome[] ChairOrSecretariat = Row(A, F, A, F, F, N, U);
    private static readonly Outcome[] ChairOnly = Row(A, F, F, F, F, N, U);
    private static readonly Outcome[] SecretariatOnly = Row(F, F, A, F, F, N, U);
    private static readonly Outcome[] ExpertsOnly = Row(F, A, F, F, F, N, U);
    private static readonly Outcome[] ApplicationSecretariat = Row(F, F, A, F, F, F, U);

    /// <summary>
    /// Let through to every writer by the group gate; the decision then narrows to the Chair or the Secretariat (or the
    /// thread's author). With the stale If-Match the table sends, an Expert stops at 412 before that rule, which the
    /// decisions' unit tests prove.
    /// </summary>
    private static readonly Outcome[] WritersNarrowedByDecision = Writers;

    /// <summary>Translations are written by the Secretariat (any language) and a Translator into that language (French here).</summary>
    private static readonly Outcome[] TranslationWriters = Row(F, F, A, F, A, N, U);

    /// <summary>
    /// Live operations: drafters on the working text and translation writers on a translation. A Translator is let through the
    /// gate; typing in the working text is refused by the decision (TranslationTests prove it on a joined connection).
    /// </summary>
    private static readonly Outcome[] TextWriters = Row(A, A, A, F, A, N, U);

    private const string G = "/api/groups/{groupId:guid}";
    private const string D = G + "/drafts/{draftId:guid}";
    private const string P = D + "/paragraphs/{paragraphId:guid}";

    /// <summary>"METHOD /route/template" -> outcome per caller.</summary>
    private static readonly Dictionary<string, Outcome[]> Http = new()
    {
        // Anonymous by design: probes, the API description, and the demo tokens (mapped in Development only).
        ["* /health/live"] = Public,
        ["* /health/ready"] = Public,
        ["GET /openapi/{documentName}.json"] = Public,
        ["GET /scalar/{documentName?}"] = Public,
        ["GET /scalar/scalar.js"] = Public,
        ["GET /scalar/scalar.aspnetcore.js"] = Public,
        ["GET /scalar/favicon.svg"] = Public,
        ["GET /api/dev/users"] = Public,
        ["POST /api/dev/tokens"] = Public,
        ["* /hubs/drafting/negotiate"] = Authenticated,
        ["* /hubs/drafting"] = Authenticated,

        ["GET /api/groups/"] = Authenticated,
        ["POST /api/groups/"] = ApplicationSecretariat,
        ["GET " + G] = Members,
        ["GET " + G + "/activity"] = Members,
        ["POST " + G + "/members"] = SecretariatOnly,
        ["PUT " + G + "/members/{sub}"] = SecretariatOnly,
        ["DELETE " + G + "/members/{sub}"] = SecretariatOnly,

        ["GET " + G + "/workstreams"] = Members,
        ["POST " + G + "/workstreams"] = ChairOrSecretariat,
        ["GET " + G + "/drafts"] = Members,
        ["POST " + G + "/drafts"] = ChairOrSecretariat,
        ["GET " + D] = Members,
        ["PATCH " + D] = WritersNarrowedByDecision,
        ["GET " + D + "/bracket-counts"] = Members,
        ["GET " + D + "/bracket-counts/history"] = Members,
        ["POST " + D + "/sections"] = WritersNarrowedByDecision,
        ["PATCH " + D + "/sections/{sectionId:guid}"] = WritersNarrowedByDecision,
        ["POST " + D + "/sections/{sectionId:guid}/move"] = WritersNarrowedByDecision,
        ["DELETE " + D + "/sections/{sectionId:guid}"] = WritersNarrowedByDecision,
        ["POST " + D + "/paragraphs"] = WritersNarrowedByDecision,
        ["POST " + P + "/move"] = WritersNarrowedByDecision,
        ["GET " + P] = Members,
        ["GET " + P + "/history"] = Members,
        ["PUT " + P + "/text"] = WritersNarrowedByDecision,
        ["POST " + P + "/status"] = Writers,
        ["POST " + P + "/restore"] = Writers,
        ["POST " + P + "/brackets"] = Writers,
        ["DELETE " + P + "/brackets/{bracketId:guid}"] = WritersNarrowedByDecision,
        // An Expert withdraws their own delegation; the Chair and Secretariat record a named holder's withdrawal.
        ["POST " + P + "/brackets/{bracketId:guid}/withdraw"] = Writers,
        ["POST " + P + "/options"] = WritersNarrowedByDecision,
        ["DELETE " + P + "/options/{optionId:guid}"] = WritersNarrowedByDecision,

        ["POST " + G + "/sources/import"] = SecretariatOnly,
        ["GET " + G + "/sources"] = Members,
        ["GET " + G + "/sources/{documentId:guid}/replies"] = Members,
        ["GET " + G + "/sources/{documentId:guid}/replies/{code}"] = Members,
        ["GET " + G + "/sources/{documentId:guid}/suggested-workstreams"] = Members,
        ["GET " + G + "/workstreams/{workstreamId:guid}/sources"] = Members,
        ["POST " + G + "/workstreams/{workstreamId:guid}/sources"] = SecretariatOnly,
        ["DELETE " + G + "/workstreams/{workstreamId:guid}/sources/{*sourceParagraphId}"] = SecretariatOnly,
        ["GET " + D + "/paragraphs/{paragraphId:guid}/citations"] = Members,
        ["POST " + D + "/paragraphs/{paragraphId:guid}/citations"] = Writers,
        ["DELETE " + D + "/paragraphs/{paragraphId:guid}/citations/{*sourceParagraphId}"] = Writers,
        ["GET " + D + "/coverage"] = Members,
        ["POST " + D + "/amendments"] = ExpertsOnly,
        ["GET " + D + "/amendments"] = Members,
        ["GET " + D + "/amendments/{amendmentId:guid}"] = Members,
        ["POST " + D + "/amendments/{amendmentId:guid}/support"] = Writers,
        ["POST " + D + "/amendments/{amendmentId:guid}/object"] = Writers,
        ["DELETE " + D + "/amendments/{amendmentId:guid}/position"] = Writers,
        ["POST " + D + "/amendments/{amendmentId:guid}/reject"] = ChairOnly,
        ["POST " + D + "/amendments/{amendmentId:guid}/withdraw"] = Writers,
        ["POST " + D + "/amendments/{amendmentId:guid}/accept"] = ChairOnly,
        ["GET " + D + "/compilation"] = Members,
        ["GET " + D + "/chairs-text"] = Members,

        ["POST " + P + "/comments"] = Writers,
        ["GET " + P + "/comments"] = Members,
        ["POST " + D + "/comments/{threadId:guid}/replies"] = Writers,
        // The thread was opened by another Expert: its author, the Chair or the Secretariat resolve and reopen it.
        ["POST " + D + "/comments/{threadId:guid}/resolve"] = ChairOrSecretariat,
        ["POST " + D + "/comments/{threadId:guid}/reopen"] = ChairOrSecretariat,

        ["POST " + D + "/revisions"] = ChairOnly,
        ["GET " + D + "/revisions"] = Members,
        ["GET " + D + "/revisions/{number:int}"] = Members,
        ["GET " + D + "/redline"] = Members,
        // Without parameters: the clean text as DOCX. Every variant and format is in ExportRows.
        ["GET " + D + "/export"] = Members,
        ["POST " + D + "/exports/recipient-copies"] = ChairOrSecretariat,

        ["GET " + P + "/positions"] = Members,
        ["POST " + P + "/positions"] = ExpertsOnly,
        ["DELETE " + P + "/positions"] = ExpertsOnly,
        ["POST " + P + "/positions/reservation"] = ExpertsOnly,
        ["POST " + P + "/auto-agree"] = ChairOnly,
        ["DELETE " + P + "/auto-agree"] = ChairOnly,
        ["GET " + D + "/dashboard"] = Members,
        ["GET " + D + "/dashboard/status"] = Members,
        ["GET " + D + "/dashboard/status.svg"] = Members,
        ["GET " + D + "/dashboard/burndown"] = Members,
        ["GET " + D + "/dashboard/burndown.svg"] = Members,
        ["GET " + D + "/silence"] = Members,
        ["POST " + D + "/silence"] = ChairOnly,
        ["POST " + D + "/silence/{procedureId:guid}/break"] = ExpertsOnly,
        ["POST " + D + "/silence/{procedureId:guid}/cancel"] = ChairOnly,
        ["GET " + D + "/adoption"] = Members,
        ["POST " + D + "/adopt"] = ChairOnly,

        ["PUT " + D + "/working-language"] = ChairOrSecretariat,
        ["GET " + D + "/translations"] = Members,
        ["GET " + P + "/translations/{language}"] = Members,
        ["PUT " + P + "/translations/{language}"] = TranslationWriters,
        ["POST " + P + "/translations/{language}/confirm"] = TranslationWriters,
    };

    /// <summary>
    /// The export per variant and format, "METHOD /route/template?query" -> outcome per caller: each answers the same
    /// callers as the read it renders (the draft, the compilation, the Chair's text, the redline), which every member reads.
    /// </summary>
    private static readonly Dictionary<string, Outcome[]> ExportRows = new()
    {
        ["GET " + D + "/export?variant=clean"] = Members,
        ["GET " + D + "/export?variant=negotiation"] = Members,
        ["GET " + D + "/export?variant=compilation"] = Members,
        ["GET " + D + "/export?variant=chairs-text"] = Members,
        ["GET " + D + "/export?variant=redline&against=0"] = Members,
        ["GET " + D + "/export?variant=clean&format=akn"] = Members,
        ["GET " + D + "/export?variant=chairs-text&format=md"] = Members,
        ["GET " + D + "/export?variant=compilation&format=html"] = Members,
        ["GET " + D + "/export?variant=negotiation&revision=0&format=akn"] = Members,
    };

    /// <summary>Hub method -> outcome per caller. Anonymous callers cannot connect at all (401 on the upgrade).</summary>
    private static readonly Dictionary<string, Outcome[]> Hub = new()
    {
        [nameof(DraftingHub.JoinGroup)] = Members,
        [nameof(DraftingHub.LeaveGroup)] = Authenticated,
        [nameof(DraftingHub.JoinDraft)] = Members,
        [nameof(DraftingHub.JoinDraftSelectively)] = Members,
        [nameof(DraftingHub.FollowParagraph)] = Members,
        [nameof(DraftingHub.UnfollowParagraph)] = Authenticated,
        [nameof(DraftingHub.LeaveDraft)] = Authenticated,
        [nameof(DraftingHub.SubmitOperation)] = TextWriters,
        [nameof(DraftingHub.CatchUp)] = Members,
        [nameof(DraftingHub.Resync)] = Members,
        [nameof(DraftingHub.UpdatePresence)] = Members,
        [nameof(DraftingHub.Heartbeat)] = Authenticated,
        [nameof(DraftingHub.WhoAmI)] = Authenticated,
    };

    [Fact]
    public async Task Every_endpoint_and_hub_method_answers_each_caller_as_the_table_says()
    {
        var world = await PopulatedGroup.CreateAsync(api);
        var endpoints = HttpEndpoints();
        var hubMethods = HubMethods();
        var failures = new List<string>();

        failures.AddRange(endpoints.Keys.Where(k => !Http.ContainsKey(k)).Select(k => $"{k}: not in the table; add who may call it."));
        failures.AddRange(Http.Keys.Where(k => !endpoints.ContainsKey(k) && !k.StartsWith("GET /scalar", StringComparison.Ordinal))
            .Select(k => $"{k}: in the table but not mapped."));
        failures.AddRange(hubMethods.Where(m => !Hub.ContainsKey(m.Name)).Select(m => $"hub {m.Name}: not in the table; add who may call it."));

        // Adopting makes the draft read-only: it goes last, so every other write still reaches its rules.
        foreach (var (key, template) in endpoints.Where(e => Http.ContainsKey(e.Key)).OrderBy(e => e.Key.EndsWith("/adopt", StringComparison.Ordinal)))
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                var status = await CallAsync(key, template, world, Callers[i]);
                var expected = Http[key][i];
                if (!Matches(expected, status)) failures.Add($"{key} as {CallerNames[i]}: expected {expected}, got {(int)status}");
            }
        }

        foreach (var (key, expectedRow) in ExportRows)
        {
            var route = key[..key.IndexOf('?')];
            for (var i = 0; i < Callers.Length; i++)
            {
                var status = await CallAsync(route, endpoints[route], world, Callers[i], key[key.IndexOf('?')..]);
                if (!Matches(expectedRow[i], status)) failures.Add($"{key} as {CallerNames[i]}: expected {expectedRow[i]}, got {(int)status}");
            }
        }

        foreach (var method in hubMethods.Where(m => Hub.ContainsKey(m.Name)))
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                var status = await InvokeAsync(method, world, Callers[i]);
                var expected = Hub[method.Name][i];
                if (!Matches(expected, status)) failures.Add($"hub {method.Name} as {CallerNames[i]}: expected {expected}, got {status}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static bool Matches(Outcome expected, HttpStatusCode status) => expected == Outcome.Allowed
        ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)status < 500
        : (int)status == (int)expected;

    private static bool Matches(Outcome expected, int status) => Matches(expected, (HttpStatusCode)status);

    /// <summary>"METHOD /route/template" -> template, for every routed endpoint of the running host.</summary>
    private Dictionary<string, string> HttpEndpoints()
    {
        _ = api.Server;
        var source = api.Services.GetRequiredService<EndpointDataSource>();
        var result = new Dictionary<string, string>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods) result[$"{method} {template}"] = template;
        }
        return result;
    }

    private static List<MethodInfo> HubMethods() =>
        [.. typeof(DraftingHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Microsoft.AspNetCore.SignalR.Hub.OnConnectedAsync) or nameof(Microsoft.AspNetCore.SignalR.Hub.OnDisconnectedAsync)))];

    private async Task<HttpStatusCode> CallAsync(string key, string template, PopulatedGroup world, string? caller, string query = "")
    {
        var method = key[..key.IndexOf(' ')];
        var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{\*?(?<name>[a-zA-Z]+)\??(:[a-z]+)?\}",
            m => world.RouteValue(m.Groups["name"].Value) ?? throw new InvalidOperationException($"No value for route parameter {m.Value} of {key}."));
        path += key switch
        {
            _ when key.EndsWith("/redline", StringComparison.Ordinal) => "?from=0",
            _ => query,
        };
        var client = caller is null ? api.Anonymous() : api.ClientFor(caller);
        var request = new HttpRequestMessage(method == "*" ? HttpMethod.Get : new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent(key == "POST /api/dev/tokens" ? """{"sub":"demo-chair"}""" : "{}", Encoding.UTF8, "application/json");
        // A version no stream has: writes that depend on one stop at 412 after authorization, so the table leaves the data as it was.
        if (method is not "GET") request.Headers.TryAddWithoutValidation("If-Match", "\"999999\"");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<int> InvokeAsync(MethodInfo method, PopulatedGroup world, string? caller)
    {
        await using var connection = api.HubFor(caller);
        try
        {
            await connection.StartAsync();
        }
        catch (Exception e) when (e is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } || e.Message.Contains("401", StringComparison.Ordinal))
        {
            return 401;
        }
        object?[] arguments = method.Name switch
        {
            nameof(DraftingHub.JoinGroup) or nameof(DraftingHub.LeaveGroup) => [world.GroupId],
            nameof(DraftingHub.JoinDraft) or nameof(DraftingHub.JoinDraftSelectively) or nameof(DraftingHub.LeaveDraft) => [world.GroupId, world.DraftId],
            nameof(DraftingHub.FollowParagraph) => [world.GroupId, world.DraftId, world.ParagraphId],
            nameof(DraftingHub.UnfollowParagraph) => [world.GroupId, world.ParagraphId],
            nameof(DraftingHub.CatchUp) => [world.GroupId, world.DraftId, world.ParagraphId, 0L],
            nameof(DraftingHub.Resync) => [world.GroupId, world.DraftId, world.ParagraphId],
            nameof(DraftingHub.SubmitOperation) => [new SubmitOperation(world.GroupId, world.DraftId, world.ParagraphId, 0, Guid.NewGuid().ToString(),
                TextOperation.Of(new TextComponent.Insert("x")))],
            nameof(DraftingHub.UpdatePresence) => [new PresenceUpdate(world.GroupId, world.DraftId, world.ParagraphId, 0, null, false)],
            _ => [],
        };
        try
        {
            await connection.InvokeCoreAsync(method.Name, method.ReturnType == typeof(void) || method.ReturnType == typeof(Task) ? typeof(object) : typeof(JsonElement), arguments);
            return 200;
        }
        catch (HubException e)
        {
            return ProblemStatus(e.Message);
        }
    }

    /// <summary>The status of the problem details a hub method failed with.</summary>
    public static int ProblemStatus(string message)
    {
        var json = message[message.IndexOf('{')..];
        return JsonDocument.Parse(json).RootElement.GetProperty("status").GetInt32();
    }
}
