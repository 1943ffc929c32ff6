using GgeWorkspace.Client.Live;
using Microsoft.AspNetCore.SignalR;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>Which refusals of an operation the .NET client sends again, read from the problem in the hub error's text.</summary>
public sealed class RefusalRetryTests
{
    private const string Prefix = "An unexpected error occurred invoking 'SubmitOperation' on the server. HubException: ";

    private static HubException Refusal(int status, string type) =>
        new(Prefix + $$"""{"type":"tag:gge-workspace,2026:problem:{{type}}","title":"t","status":{{status}},"detail":"d"}""");

    [Theory]
    [InlineData(409, "draft-not-joined")]
    [InlineData(429, "too-many-requests")]
    [InlineData(503, "database-unavailable")]
    [InlineData(412, "stale-version")]
    public void An_operation_refused_for_a_passing_reason_is_sent_again(int status, string type) =>
        Assert.True(DraftingSession.IsTransient(Refusal(status, type)));

    [Theory]
    [InlineData(409, "conflict")]
    [InlineData(400, "invalid-operation")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not-found")]
    [InlineData(503, "paragraph-damaged")]
    public void An_operation_refused_for_good_is_not_sent_again(int status, string type) =>
        Assert.False(DraftingSession.IsTransient(Refusal(status, type)));
}
