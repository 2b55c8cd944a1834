using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
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
    /// With <see cref="MembershipKind.Postgres"/> membership, the experiment coordinators' progress
    /// (<see cref="UseTwinLabPostgres"/>) and the twins (a <see cref="ClusterTwinStore"/> every silo shares, opened here,
    /// disposed with the host) are kept in PostgreSQL, so any node may be lost, or all of them restarted. With localhost
    /// membership coordinators live on the seed silo and keep their progress in its memory (<see cref="ProcessGrainStorage"/>):
    /// any other node may be lost, losing the seed ends such a cluster anyway; twins live only as long as their grains.
    /// </remarks>
    /// <param name="silo">The silo.</param>
    /// <param name="config">The cluster file.</param>
    /// <param name="catalog">The simulators.</param>
    /// <param name="store">A twin store to use instead (the caller disposes it); by default the PostgreSQL one under
    /// <c>membership: postgres</c>, none under localhost membership.</param>
    /// <exception cref="ClusterFileException">PostgreSQL cannot be reached or refuses the cluster schema or the twin store.</exception>
    public static ISiloBuilder UseTwinLabCluster(this ISiloBuilder silo, ClusterConfig config, SimulatorCatalog catalog, ITwinStore? store = null)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = config.ClusterId;
            o.ServiceId = "twinlab";
        });
        silo.ConfigureEndpoints(config.Advertise, config.SiloPort, config.GatewayPort, listenOnAnyHostAddress: !IsLoopback(config));
        if (config.Membership == MembershipKind.Postgres)
        {
            silo.UseTwinLabPostgres(config);
            if (store is null)
            {
                // Opened now, before Orleans starts, so a bad database stops the node with cluster.yaml's line at once.
                var opened = ClusterTwinStore.Open(config);
                silo.Services.AddHostedService(_ => new ClusterTwinStore.Lifetime(opened));
                store = opened;
            }
        }
        else
        {
            silo.UseDevelopmentClustering(config.Primary!);
            silo.Services.AddKeyedSingleton<IGrainStorage>(ClusterStorage.Experiments, (sp, _) => new ProcessGrainStorage(sp.GetRequiredService<Serializer>()));
        }
        return silo.AddTwinLab(catalog, store, o =>
        {
            o.PartitionSize = config.PartitionSize;
            if (config.Membership == MembershipKind.Localhost) o.CoordinatorSilo = config.Primary;
        }, t => t.IndexShards = config.IndexShards);
    }

    /// <summary>
    /// Installs (or updates) TwinLab's cluster schema in <see cref="ClusterConfig.Postgres"/> now, then keeps membership
    /// there (Orleans' ADO.NET clustering reading TwinLab's queries) and the experiment coordinators' progress
    /// (<see cref="ClusterStorage.Experiments"/>, <see cref="PostgresGrainStorage"/>).
    /// </summary>
    /// <exception cref="ClusterFileException">The database cannot be reached or refuses the schema; the message names
    /// cluster.yaml's <c>postgres</c> setting.</exception>
    public static ISiloBuilder UseTwinLabPostgres(this ISiloBuilder silo, ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Membership != MembershipKind.Postgres || config.Postgres is null)
            throw new ArgumentException("The cluster file does not choose 'membership: postgres'.", nameof(config));
        // Before Orleans starts: its membership provider reads the query texts as soon as the silo starts.
        PostgresClusterSchema.Install(config);
        var connection = PostgresClusterSchema.ConnectionString(config);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connection;
        });
        silo.Services.AddKeyedSingleton<IGrainStorage>(ClusterStorage.Experiments, (sp, _) =>
            PostgresGrainStorage.Create(connection, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<Serializer>()));
        return silo;
    }

    private static bool IsLoopback(ClusterConfig config) => System.Net.IPAddress.IsLoopback(config.Advertise);
}
