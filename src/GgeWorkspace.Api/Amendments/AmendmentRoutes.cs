namespace GgeWorkspace.Api.Amendments;

/// <summary>The amendments feature's routes: amendments and the compilation of proposals (tagged with the drafts they change).</summary>
public static class AmendmentRoutes
{
    public static IEndpointRouteBuilder MapAmendments(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", AmendmentEndpoints.Map, CompilationEndpoints.Map);
}
