using TwinLab.Core.Application;
using TwinLab.Sync.Drift;

namespace TwinLab.Server.Drift;

/// <summary>
/// Wires drift detection into the server: a <see cref="DriftMonitor"/> judging main's telemetry live (catching up from the
/// event log at start), its events published to <c>/events</c> and the event routes (<see cref="DriftEventPublisher"/>),
/// and the <c>/drift</c> endpoints (<see cref="DriftApi"/>).
/// </summary>
/// <remarks>Predictors registered in the container as <see cref="IDriftPredictor"/> (an embedding application's own
/// simulators) join the catalog after the declared expectations and before the shipped domain predictors.</remarks>
public static class DriftWiring
{
    /// <summary>Registers the services.</summary>
    public static WebApplicationBuilder AddTwinLabDrift(this WebApplicationBuilder builder, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var services = builder.Services;
        services.AddSingleton(sp => new DriftStore(sp.GetRequiredService<TwinService>().Store, sp.GetService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var catalog = DriftPredictorCatalog.CreateDefault(sp.GetRequiredService<DriftStore>(), sp.GetService<TimeProvider>());
            foreach (var predictor in sp.GetServices<IDriftPredictor>()) catalog.Add(predictor);
            return catalog;
        });
        services.AddSingleton<DriftEventPublisher>();
        services.AddSingleton(sp => new DriftMonitor(sp.GetRequiredService<TwinService>(), sp.GetRequiredService<DriftPredictorCatalog>(),
            DriftMonitorOptions.Default, sp.GetRequiredService<DriftEventPublisher>(), sp.GetService<TimeProvider>()));
        services.AddHostedService<DriftMonitorService>();
        return builder;
    }

    /// <summary>Maps the endpoints.</summary>
    public static WebApplication MapDriftApi(this WebApplication app)
    {
        app.MapDriftEndpoints();
        return app;
    }
}
