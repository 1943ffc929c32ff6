using System.Text.RegularExpressions;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Api.Infrastructure.Events;
using Marten;

namespace GgeWorkspace.UnitTests.Groups;

public sealed partial class ActivityKindsTests
{
    [Fact]
    public void The_activity_feed_kinds_listed_in_the_api_documentation_are_exactly_those_the_feed_can_show()
    {
        var options = new StoreOptions();
        options.Events.AddEventTypes(typeof(GroupActivityProjection).Assembly.GetTypes().Where(StoredEventRules.IsProductEvent));
        var kinds = GroupActivityProjection.Kinds(options);

        var api = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "api.md"));
        var start = api.IndexOf("<!-- activity kinds -->", StringComparison.Ordinal);
        var end = api.IndexOf("<!-- /activity kinds -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/api.md marks the list of activity kinds");
        var documented = Code().Matches(api[start..end]).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();

        Assert.Contains("member_added", kinds);
        Assert.DoesNotContain("paragraph_text_edited", kinds);
        Assert.Equal(kinds, documented);
    }

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex Code();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GgeWorkspace.sln"))) return dir.FullName;
        throw new InvalidOperationException("GgeWorkspace.sln was not found above the test folder.");
    }
}
