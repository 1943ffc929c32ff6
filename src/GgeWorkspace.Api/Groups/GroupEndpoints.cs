namespace GgeWorkspace.Api.Groups;

public static class GroupEndpoints
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
