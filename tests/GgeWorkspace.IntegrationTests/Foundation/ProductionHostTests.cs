using System.Net;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.Foundation;

/// <summary>A host in Production: the schema comes from migrations alone (AutoCreate.None) and no development routes exist.</summary>
public sealed class ProductionFactory : GgeApiFactory
{
    protected override string EnvironmentName => "Production";
}

public sealed class ProductionHostTests(ProductionFactory api) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task The_development_token_endpoint_does_not_exist_in_production()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/dev/users")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/dev/tokens",
            new StringContent("{\"sub\":\"demo-chair\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task Production_runs_on_migrations_alone_and_serves_groups()
    {
        var groupId = await api.CreateDemoGroupAsync();
        var response = await api.ClientFor("demo-chair").GetAsync($"/api/groups/{groupId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/health/ready")).StatusCode);
    }
}
