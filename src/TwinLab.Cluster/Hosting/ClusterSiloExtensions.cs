using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Cluster.Experiments;
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
    public static ISiloBuilder AddTwinLab(this ISiloBuilder silo, SimulatorCatalog catalog, Action<ClusterExperimentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new ClusterExperimentOptions();
        configure?.Invoke(options);
        silo.Services.AddSingleton(catalog);
        silo.Services.AddSingleton(options);
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
