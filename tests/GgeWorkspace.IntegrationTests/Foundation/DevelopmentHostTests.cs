using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Foundation;

public sealed class DevelopmentHostTests(GgeApiFactory api) : IClassFixture<GgeApiFactory>
{
    [Fact]
    public async Task Development_issues_tokens_for_the_fixed_demo_cast_that_the_api_accepts()
    {
        var client = api.Anonymous();
        var users = await client.GetFromJsonAsync<List<JsonElement>>("/api/dev/users");
        Assert.Equal(10, users!.Count);
        var subs = users.Select(u => u.GetProperty("sub").GetString()).ToList();
        Assert.Contains("demo-chair", subs);
        Assert.Contains("demo-observer", subs);
        Assert.Contains("demo-translator", subs);

        var issued = await client.PostAsJsonAsync("/api/dev/tokens", new { sub = "demo-secretariat" });
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var authed = api.Anonymous();
        authed.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var created = await authed.PostAsJsonAsync("/api/groups", new { name = "Group from a demo token", mandateReference = "A/RES/71/67" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/dev/tokens", new { sub = "nobody" })).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_the_api_reference_are_served()
    {
        var client = api.Anonymous();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/groups", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task Liveness_answers_without_touching_the_database_and_readiness_checks_it()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_invalid_token_gets_401()
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/groups")).StatusCode);
    }
}
