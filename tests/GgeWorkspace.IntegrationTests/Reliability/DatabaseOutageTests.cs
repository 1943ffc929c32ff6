using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.LiveEditing;
using GgeWorkspace.Client.Live;
using GgeWorkspace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>
/// While PostgreSQL is unreachable every REST call and hub method answers 503 with the database-unavailable problem and a
/// retry delay (the Retry-After header on HTTP, retryAfter in the problem on the hub), never 500; when PostgreSQL is back
/// the same process serves again without a restart.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Text = "States should cooperate on verification.";

    [Fact]
    public async Task Every_call_while_PostgreSQL_is_down_answers_503_with_Retry_After_and_the_service_recovers_without_a_restart()
    {
        await using var harness = await FaultHarness.StartAsync();
        var (groupId, draftId, paragraphId) = await harness.CreateParagraphAsync(Text);
        var chair = harness.ClientFor("demo-chair");
        var api = new DraftingApi(chair, groupId);
        var before = await api.Paragraph(draftId, paragraphId);
        var draft = $"/api/groups/{groupId}/drafts/{draftId}";
        var paragraph = $"{draft}/paragraphs/{paragraphId}";
        var calls = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("GET paragraph", () => new(HttpMethod.Get, paragraph)),
            ("GET draft", () => new(HttpMethod.Get, draft)),
            ("GET my groups", () => new(HttpMethod.Get, "/api/groups")),
            ("GET dashboard", () => new(HttpMethod.Get, $"{draft}/dashboard")),
            ("GET export", () => new(HttpMethod.Get, $"{draft}/export?format=md&variant=negotiation")),
            ("POST comments", () => new(HttpMethod.Post, $"{paragraph}/comments") { Content = JsonContent.Create(new { text = "Which States?" }) }),
            ("PUT text", () => new HttpRequestMessage(HttpMethod.Put, $"{paragraph}/text") { Content = JsonContent.Create(new { text = "States shall cooperate." }) }.WithIfMatch(before.TextVersion)),
            ("POST sections", () => new HttpRequestMessage(HttpMethod.Post, $"{draft}/sections") { Content = JsonContent.Create(new { heading = "Capacity-building" }) }.WithIfMatch(2)),
        };

        await using var hub = harness.HubFor("demo-chair");
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>(nameof(DraftingHub.JoinDraft), groupId, draftId);

        await harness.Postgres.CrashAsync();
        var failures = new List<string>();
        foreach (var (name, request) in calls)
        {
            using var response = await chair.SendAsync(request());
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !body.Contains(ProblemTypes.DatabaseUnavailable, StringComparison.Ordinal)
                || response.Headers.RetryAfter?.Delta is not { TotalSeconds: > 0 })
                failures.Add($"{name}: {(int)response.StatusCode} Retry-After {response.Headers.RetryAfter} {body}");
        }
        foreach (var (method, arguments) in new (string, object[])[]
        {
            (nameof(DraftingHub.CatchUp), [groupId, draftId, paragraphId, 0L]),
            (nameof(DraftingHub.SubmitOperation), [new SubmitOperation(groupId, draftId, paragraphId, before.TextVersion, "while-down",
                TextOperation.Of(new TextComponent.Retain(Text.Length), new TextComponent.Insert(" Now.")))]),
        })
        {
            try
            {
                await hub.InvokeCoreAsync(method, typeof(JsonElement), arguments);
                failures.Add($"hub {method}: answered while PostgreSQL was down");
            }
            catch (HubException e)
            {
                var problem = JsonDocument.Parse(e.Message[e.Message.IndexOf('{')..]).RootElement;
                if (problem.GetProperty("status").GetInt32() != 503 || problem.GetProperty("type").GetString() != ProblemTypes.DatabaseUnavailable
                    || !problem.TryGetProperty("retryAfter", out var retryAfter) || retryAfter.GetInt32() <= 0)
                    failures.Add($"hub {method}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures) + Environment.NewLine + harness.ServiceLog(3000));
        Assert.DoesNotContain("Unhandled error", harness.ServiceLog(200_000), StringComparison.Ordinal);

        await harness.Postgres.RestartAsync();
        await harness.WaitReadyAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, harness.ServiceStarts);
        Assert.Equal(Text, (await api.Paragraph(draftId, paragraphId)).Text);
        using var opened = await chair.PostAsJsonAsync($"{paragraph}/comments", new { text = "Which States?" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var ack = await hub.InvokeAsync<OperationAck>(nameof(DraftingHub.SubmitOperation), new SubmitOperation(groupId, draftId, paragraphId, before.TextVersion, "after-restart",
            TextOperation.Of(new TextComponent.Retain(Text.Length), new TextComponent.Insert(" Now."))));
        Assert.Equal(before.TextVersion + 1, ack.Version);
        Assert.Equal(Text + " Now.", (await api.Paragraph(draftId, paragraphId)).Text);
    }
}
