namespace GgeWorkspace.Api.Groups;

/// <summary>The groups feature's routes, all mapped here under /api/groups; each use case's file maps its own endpoints.</summary>
public static class GroupRoutes
{
    public static IEndpointRouteBuilder MapGroups(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/api/groups").WithTags("Groups").RequireAuthorization();
        CreateGroupEndpoint.Map(groups);
        ListMyGroupsEndpoint.Map(groups);
        GetGroupEndpoint.Map(groups);
        AddMemberEndpoint.Map(groups);
        ChangeMemberEndpoint.Map(groups);
        RemoveMemberEndpoint.Map(groups);
        GetActivityEndpoint.Map(groups);
        return app;
    }
}
