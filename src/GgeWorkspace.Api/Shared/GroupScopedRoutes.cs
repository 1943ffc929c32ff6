namespace GgeWorkspace.Api.Shared;

/// <summary>The root that every feature's routes within one group hang from.</summary>
public static class GroupScopedRoutes
{
    /// <summary><c>/api/groups/{groupId}</c>, for signed-in callers only, under the feature's OpenAPI tag.</summary>
    public static RouteGroupBuilder MapGroupScope(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/groups/{groupId:guid}").WithTags(tag).RequireAuthorization();

    /// <summary>Maps a feature's endpoints, in the order given, on one <see cref="MapGroupScope(IEndpointRouteBuilder, string)"/> root.</summary>
    public static IEndpointRouteBuilder MapGroupScope(this IEndpointRouteBuilder app, string tag, params Action<RouteGroupBuilder>[] endpoints)
    {
        var group = app.MapGroupScope(tag);
        foreach (var map in endpoints) map(group);
        return app;
    }
}
