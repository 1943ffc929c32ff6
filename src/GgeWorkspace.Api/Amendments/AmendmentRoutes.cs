namespace GgeWorkspace.Api.Amendments;

/// <summary>The amendments feature's routes: amendments and the compilation of proposals (tagged with the drafts they change).</summary>
public static class AmendmentRoutes
{
    public static IEndpointRouteBuilder MapAmendments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroupScope("Drafts");
        AmendmentEndpoints.Map(group);
        CompilationEndpoints.Map(group);
        return app;
    }
}
