using GgeWorkspace.Api.Infrastructure.Invariants;
using Marten;

namespace GgeWorkspace.IntegrationTests.Reliability;

/// <summary>The invariant checker as a test helper, against any database.</summary>
public static class InvariantCheck
{
    public static async Task<IReadOnlyList<InvariantViolation>> RunAsync(IDocumentStore store, IServiceProvider services) =>
        await new InvariantChecker(store, services).CheckAsync(CancellationToken.None);

    public static async Task AssertHoldsAsync(IDocumentStore store, IServiceProvider services)
    {
        var violations = await RunAsync(store, services);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Select(v => $"invariant {v.Invariant}: {v.What}")));
    }
}
