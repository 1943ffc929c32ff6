namespace GgeWorkspace.Api.Sources;

/// <summary>The sources feature's routes: importing views, reading them, linking them to workstreams and citing them.</summary>
public static class SourceRoutes
{
    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Sources", ImportSourceDocumentEndpoint.Map, SourceLanguageEndpoints.Map, GetSourcesEndpoints.Map, WorkstreamSourceEndpoints.Map, CitationEndpoints.Map);
}
