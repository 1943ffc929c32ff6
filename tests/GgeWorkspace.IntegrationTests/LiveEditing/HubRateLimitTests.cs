using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.IntegrationTests.Infrastructure;

namespace GgeWorkspace.IntegrationTests.LiveEditing;

/// <summary>A host with a small per-connection rate limit and no refusal limit.</summary>
public sealed class HubRateLimitFactory : GgeApiFactory
{
    public const int PerSecond = 5;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["LiveEditing:OperationsPerSecondPerConnection"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LiveEditing:MaxRefusalsPerConnection"] = "1000000",
    };
}

public sealed class HubRateLimitTests(HubRateLimitFactory api) : IClassFixture<HubRateLimitFactory>
{
    [Theory]
    [InlineData("Heartbeat", "[]")]
    [InlineData("WhoAmI", "[]")]
    [InlineData("NoSuchMethod", "[1]")]
    [InlineData("Heartbeat", "[1]")]
    [InlineData("JoinGroup", "[\"not-a-guid\"]")]
    [InlineData("CatchUp", "[\"00000000-0000-0000-0000-000000000001\",\"00000000-0000-0000-0000-000000000002\",\"00000000-0000-0000-0000-000000000003\",0]")]
    public async Task Every_kind_of_invocation_takes_from_the_connections_rate_limit(string method, string arguments)
    {
        await using var hub = await RawHubConnection.ConnectAsync(api, "demo-expert-can");
        var answers = new List<HubAnswer>();
        // Four times the bucket in a burst: whatever refills meanwhile, some calls find it empty.
        for (var i = 0; i < HubRateLimitFactory.PerSecond * 4; i++) answers.Add((await hub.InvokeAsync(method, arguments))!);

        var limited = answers.Where(a => a.IsProblem && a.Status == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, a => Assert.Equal(ProblemTypes.TooManyRequests, a.Type));
        Assert.All(answers.Where(a => !a.IsProblem || a.Status != 429), a => Assert.NotEqual(500, a.IsProblem ? a.Status : 0));
        Assert.True(hub.IsOpen);
    }
}
