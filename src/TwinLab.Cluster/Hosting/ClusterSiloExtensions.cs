using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Cluster.Experiments;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Hosting;

/// <summary>Adds TwinLab's grains' services to a silo.</summary>
public static class ClusterSiloExtensions
{
    /// <summary>
    /// Registers what TwinLab's grains need: the simulators scenario files may name (every silo must know the same ones,
    /// or a partition fails on the silo that lacks one) and the experiment options. Grain storage is the host's choice:
    /// add a provider named <see cref="ClusterStorage.Experiments"/>.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="catalog">The simulators.</param>
    /// <param name="store">The twin store every silo shares (PostgreSQL), or <c>null</c> to keep twins in grain memory only.</param>
    /// <param name="configure">Experiment options.</param>
    /// <param name="configureTwins">Twin hosting options.</param>
    public static ISiloBuilder AddTwinLab(this ISiloBuilder silo, SimulatorCatalog catalog, ITwinStore? store = null,
        Action<ClusterExperimentOptions>? configure = null, Action<ClusterTwinOptions>? configureTwins = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new ClusterExperimentOptions();
        configure?.Invoke(options);
        var twinOptions = new ClusterTwinOptions();
        configureTwins?.Invoke(twinOptions);
        silo.Services.AddSingleton(catalog);
        silo.Services.AddSingleton(options);
        silo.Services.AddSingleton(twinOptions);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton(sp => new TwinStoreAccess(store, sp.GetRequiredService<TimeProvider>()));
        silo.AddPlacementDirector<CoordinatorPlacement, CoordinatorPlacementDirector>();
        silo.Services.AddSingleton<BranchModels>();
        silo.Services.AddSingleton<ExperimentTwins>();
        silo.Services.AddSingleton<Operations.GrainCallCounter>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<Operations.GrainCallCounter>());
        silo.Services.AddSingleton<Operations.ClusterMetrics>();
        return silo;
    }
}
