namespace GgeWorkspace.Api.Drafts;

/// <summary>The drafts feature's routes: workstreams, report drafts, their structure and paragraphs.</summary>
public static class DraftRoutes
{
    public static IEndpointRouteBuilder MapDrafts(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Drafts", WorkstreamEndpoints.Map, ReportDraftEndpoints.Map, GetDraftEndpoints.Map, DraftStructureEndpoints.Map,
            CreateParagraphEndpoint.Map, CreatePointEndpoint.Map, GetParagraphEndpoint.Map, ParagraphEndpoints.Map, ParagraphHistoryEndpoint.Map);
}
