namespace GgeWorkspace.Api.Revisions;

/// <summary>
/// The revisions feature's routes, all mapped here (tagged with the drafts they number): issuing a revision, reading them,
/// and the redline between two. Each use case's file maps its own endpoints.
/// </summary>
public static class RevisionRoutes
{
    public const string RevisionsPath = "/drafts/{draftId:guid}/revisions";

    public static IEndpointRouteBuilder MapRevisions(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", IssueRevisionEndpoint.Map, GetRevisionsEndpoints.Map, GetRedlineEndpoint.Map);
}
