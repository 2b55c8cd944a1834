using Orleans.Configuration;
using TwinLab.Cluster.Experiments;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Hosting;

/// <summary>Configures a silo from a <see cref="ClusterConfig"/>: identity, endpoints, membership, storage and TwinLab's grains.</summary>
public static class ClusterSiloSetup
{
    /// <summary>The Orleans ADO.NET provider's name for Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Makes <paramref name="silo"/> a TwinLab silo as <paramref name="config"/> says.</summary>
    /// <remarks>
    /// Experiment coordinators keep their progress in memory storage here: a coordinator re-activated on another silo
    /// after its own was lost starts its run again (with the same result). Keeping progress across that loss needs a
    /// persistent provider under <see cref="ClusterStorage.Experiments"/> (Orleans' ADO.NET persistence on the same
    /// PostgreSQL), which is the next step of docs/scale-out.md.
    /// </remarks>
    public static ISiloBuilder UseTwinLabCluster(this ISiloBuilder silo, ClusterConfig config, SimulatorCatalog catalog, ITwinStore? store = null)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = config.ClusterId;
            o.ServiceId = "twinlab";
        });
        silo.ConfigureEndpoints(config.Advertise, config.SiloPort, config.GatewayPort, listenOnAnyHostAddress: !IsLoopback(config));
        if (config.Membership == MembershipKind.Postgres)
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = NpgsqlInvariant;
                o.ConnectionString = config.Postgres;
            });
        else
            silo.UseDevelopmentClustering(config.Primary!);
        silo.AddMemoryGrainStorage(ClusterStorage.Experiments);
        return silo.AddTwinLab(catalog, store, o => o.PartitionSize = config.PartitionSize, t => t.IndexShards = config.IndexShards);
    }

    private static bool IsLoopback(ClusterConfig config) => System.Net.IPAddress.IsLoopback(config.Advertise);
}
