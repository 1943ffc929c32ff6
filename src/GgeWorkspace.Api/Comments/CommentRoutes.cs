namespace GgeWorkspace.Api.Comments;

/// <summary>The comments feature's routes (tagged with the drafts whose paragraphs they discuss).</summary>
public static class CommentRoutes
{
    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", CommentEndpoints.Map);
}
