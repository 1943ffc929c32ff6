namespace GgeWorkspace.Api.Sources;

/// <summary>The sources feature's routes: importing views, reading them, linking them to workstreams and citing them.</summary>
public static class SourceRoutes
{
    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/groups/{groupId:guid}").WithTags("Sources").RequireAuthorization();
        ImportSourceDocumentEndpoint.Map(group);
        GetSourcesEndpoints.Map(group);
        WorkstreamSourceEndpoints.Map(group);
        CitationEndpoints.Map(group);
        return app;
    }
}
