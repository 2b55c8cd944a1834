using TwinLab.Core.Application;
using TwinLab.Sync.Connections;

namespace TwinLab.Server.Sync;

/// <summary>Wires connections (MQTT, folders, HTTP batches), the HTTP batch endpoint and dead letters into the server.</summary>
public static class SyncWiring
{
    /// <summary>Registers the <see cref="ConnectionManager"/> (run by a hosted service for as long as the server runs) and
    /// the NDJSON limits (<see cref="SyncSettings"/>).</summary>
    public static WebApplicationBuilder AddTwinLabSync(this WebApplicationBuilder builder, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.AddSingleton(sp => SyncSettings.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new ConnectionManager(sp.GetRequiredService<TwinService>(), time: sp.GetService<TimeProvider>(),
            log: sp.GetRequiredService<ILogger<ConnectionManager>>()));
        builder.Services.AddHostedService<ConnectionManagerService>();
        return builder;
    }

    /// <summary>Maps <c>/connections</c>, <c>/deadletters</c> and <c>POST /telemetry/batch</c>.</summary>
    public static WebApplication MapSyncApi(this WebApplication app)
    {
        app.MapConnectionsApi();
        app.MapDeadLettersApi();
        app.MapTelemetryBatchApi();
        return app;
    }
}
