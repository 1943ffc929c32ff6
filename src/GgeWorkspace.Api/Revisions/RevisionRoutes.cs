namespace GgeWorkspace.Api.Revisions;

/// <summary>The revisions feature's routes (tagged with the drafts they number).</summary>
public static class RevisionRoutes
{
    public static IEndpointRouteBuilder MapRevisions(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", RevisionEndpoints.Map);
}
