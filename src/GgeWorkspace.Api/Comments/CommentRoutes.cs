namespace GgeWorkspace.Api.Comments;

/// <summary>
/// The comments feature's routes, all mapped here (tagged with the drafts whose paragraphs they discuss): opening a thread,
/// reading a paragraph's threads, and the changes of one thread. Each use case's file maps its own endpoints.
/// </summary>
public static class CommentRoutes
{
    public const string ParagraphCommentsPath = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/comments";

    public const string ThreadPath = "/drafts/{draftId:guid}/comments/{threadId:guid}";

    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", OpenCommentThreadEndpoint.Map, GetParagraphCommentsEndpoint.Map, ChangeCommentThreadEndpoints.Map);
}
