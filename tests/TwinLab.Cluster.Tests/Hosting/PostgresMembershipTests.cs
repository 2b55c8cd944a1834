using Orleans.Configuration;
using Orleans.TestingHost;
using TwinLab.Cluster.Hosting;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Tests.Hosting;

/// <summary>
/// Two in-process silos whose membership is Orleans' ADO.NET provider running TwinLab's queries on a fresh PostgreSQL
/// schema: they form one cluster, the client finds them through the gateway query, and a silo that leaves is marked
/// dead. Skips without <c>TWINLAB_POSTGRES</c>.
/// </summary>
public sealed class PostgresMembershipTests : IDisposable
{
    private const int Active = 3, Dead = 6; // Orleans' SiloStatus

    /// <summary>The cluster file the silos being started read (TestCluster builds configurators by type).</summary>
    private static ClusterConfig? _config;

    private readonly PostgresTestSchema _schema = new();

    [SkippableFact]
    public async Task TwoSilos_FormClusterInPostgres_OneLeaves_MarkedDead()
    {
        _config = _schema.Config($"members-{Guid.NewGuid():N}");
        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ClusterId = _config.ClusterId;
        builder.AddSiloBuilderConfigurator<SiloSetup>();
        builder.AddClientBuilderConfigurator<ClientSetup>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var silos = Members();
            Assert.Equal(2, silos.Count(r => (int)r[1]! == Active));
            var version = (int)_schema.Rows("SELECT version FROM membership_version").Single()[0]!;
            Assert.True(version >= 4, $"every join is versioned (two inserts, two updates at least); version {version}");

            // The client reached the cluster through GatewaysQueryKey; a grain call goes through it.
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);

            await cluster.StopSiloAsync(cluster.SecondarySilos[0]);
            var after = Members();
            Assert.Equal(1, after.Count(r => (int)r[1]! == Active));
            Assert.Equal(1, after.Count(r => (int)r[1]! == Dead));
            Assert.Single(await management.GetHosts(onlyActive: true));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private List<object?[]> Members() => _schema.Rows("SELECT port, status FROM membership_silo ORDER BY port");

    public void Dispose() => _schema.Dispose();

    private sealed class SiloSetup : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.UseTwinLabPostgres(_config!);
            silo.AddTwinLab(SimulatorCatalog.CreateDefault());
            silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(1));
        }
    }

    private sealed class ClientSetup : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder client) =>
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = ClusterSiloSetup.NpgsqlInvariant;
                o.ConnectionString = PostgresClusterSchema.ConnectionString(_config!);
            });
    }
}
