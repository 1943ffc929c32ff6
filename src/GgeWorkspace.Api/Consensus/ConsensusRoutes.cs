namespace GgeWorkspace.Api.Consensus;

/// <summary>The consensus feature's routes: positions, auto-agree, silence procedures, the dashboard and adoption.</summary>
public static class ConsensusRoutes
{
    public static IEndpointRouteBuilder MapConsensus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroupScope("Consensus");
        PositionEndpoints.Map(group);
        AutoAgreeEndpoints.Map(group);
        SilenceEndpoints.Map(group);
        DashboardEndpoints.Map(group);
        AdoptionEndpoints.Map(group);
        return app;
    }
}
