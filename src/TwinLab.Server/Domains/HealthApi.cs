namespace TwinLab.Server.Domains;

/// <summary>The hypertension twin over HTTP: patients, readings, calibration, regimen recommendations.</summary>
public static class HealthApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app) => app;
}
