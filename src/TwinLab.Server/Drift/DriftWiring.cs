namespace TwinLab.Server.Drift;

/// <summary>Wires drift detection into the server.</summary>
public static class DriftWiring
{
    /// <summary>Registers the services.</summary>
    public static WebApplicationBuilder AddTwinLabDrift(this WebApplicationBuilder builder, ServerSettings settings)
    {
        _ = settings;
        return builder;
    }

    /// <summary>Maps the endpoints.</summary>
    public static WebApplication MapDriftApi(this WebApplication app) => app;
}
