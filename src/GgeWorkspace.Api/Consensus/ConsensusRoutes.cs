namespace GgeWorkspace.Api.Consensus;

/// <summary>
/// The consensus feature's routes, all mapped here: positions, auto-agree, silence procedures, the dashboard and adoption.
/// Each use case's file maps its own endpoints.
/// </summary>
public static class ConsensusRoutes
{
    public const string PositionsPath = "/drafts/{draftId:guid}/paragraphs/{paragraphId:guid}/positions";

    public const string SilencePath = "/drafts/{draftId:guid}/silence";

    public static IEndpointRouteBuilder MapConsensus(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Consensus", GetPositionsEndpoint.Map, PositionEndpoints.Map, AutoAgreeEndpoints.Map, GetSilenceProceduresEndpoint.Map,
            StartSilenceEndpoint.Map, ChangeSilenceEndpoints.Map, DashboardEndpoints.Map, AdoptionEndpoints.Map);
}
