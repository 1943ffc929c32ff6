namespace GgeWorkspace.Api.Drafts;

/// <summary>The drafts feature's routes: workstreams, report drafts, their structure and paragraphs.</summary>
public static class DraftRoutes
{
    public static IEndpointRouteBuilder MapDrafts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroupScope("Drafts");
        WorkstreamEndpoints.Map(group);
        ReportDraftEndpoints.Map(group);
        GetDraftEndpoints.Map(group);
        DraftStructureEndpoints.Map(group);
        CreateParagraphEndpoint.Map(group);
        ParagraphEndpoints.Map(group);
        ParagraphHistoryEndpoint.Map(group);
        return app;
    }
}
