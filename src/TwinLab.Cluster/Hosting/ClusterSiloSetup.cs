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
    /// With <see cref="MembershipKind.Postgres"/> membership and the experiment coordinators' progress are kept in
    /// PostgreSQL (<see cref="UseTwinLabPostgres"/>), so any node may be lost. With localhost membership coordinators live
    /// on the seed silo and keep their progress in its memory (<see cref="ProcessGrainStorage"/>): any other node may be
    /// lost; losing the seed ends such a cluster anyway.
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
            silo.UseTwinLabPostgres(config);
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
