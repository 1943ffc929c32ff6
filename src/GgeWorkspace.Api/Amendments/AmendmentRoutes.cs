namespace GgeWorkspace.Api.Amendments;

/// <summary>
/// The amendments feature's routes, all mapped here: proposing, reading, the changes of one amendment, accepting, and the
/// compilation of proposals (tagged with the drafts they change). Each use case's file maps its own endpoints.
/// </summary>
public static class AmendmentRoutes
{
    public const string AmendmentsPath = "/drafts/{draftId:guid}/amendments";

    public const string AmendmentPath = AmendmentsPath + "/{amendmentId:guid}";

    public static IEndpointRouteBuilder MapAmendments(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", ProposeAmendmentEndpoint.Map, GetAmendmentsEndpoints.Map, ChangeAmendmentEndpoints.Map,
            AcceptAmendmentEndpoint.Map, GetCompilationEndpoints.Map);
}
