namespace TwinLab.Server.Dashboard;

/// <summary>The scenario templates the dashboard offers when starting an experiment.</summary>
public static class ScenarioTemplatesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapScenarioTemplatesApi(this IEndpointRouteBuilder app) => app;
}
