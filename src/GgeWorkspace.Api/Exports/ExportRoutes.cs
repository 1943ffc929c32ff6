namespace GgeWorkspace.Api.Exports;

/// <summary>The exports feature's routes.</summary>
public static class ExportRoutes
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Exports", ExportEndpoints.Map, RecipientCopyEndpoints.Map);
}
