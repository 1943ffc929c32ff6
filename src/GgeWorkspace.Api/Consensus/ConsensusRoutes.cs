namespace GgeWorkspace.Api.Consensus;

/// <summary>The consensus feature's routes: positions, auto-agree, silence procedures, the dashboard and adoption.</summary>
public static class ConsensusRoutes
{
    public static IEndpointRouteBuilder MapConsensus(this IEndpointRouteBuilder app) =>
        app.MapGroupScope("Consensus", PositionEndpoints.Map, AutoAgreeEndpoints.Map, SilenceEndpoints.Map, DashboardEndpoints.Map, AdoptionEndpoints.Map);
}
