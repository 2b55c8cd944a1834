namespace TwinLab.Server.Dashboard;

/// <summary>Reads the dashboard needs beyond ADT's API: a twin's history, its stored telemetry, the whole graph in one answer.</summary>
public static class TwinInsightApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTwinInsightApi(this IEndpointRouteBuilder app) => app;
}
