namespace GgeWorkspace.Api.Consensus;

/// <summary>The consensus feature's routes: positions, auto-agree, silence procedures, the dashboard and adoption.</summary>
public static class ConsensusRoutes
{
    public const string SilencePath = "/drafts/{draftId:guid}/silence";

    public static IEndpointRouteBuilder MapConsensus(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Consensus", PositionEndpoints.Map, AutoAgreeEndpoints.Map, GetSilenceProceduresEndpoint.Map, StartSilenceEndpoint.Map,
            ChangeSilenceEndpoints.Map, DashboardEndpoints.Map, AdoptionEndpoints.Map);
}
