using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using TwinLab.Cluster.Experiments;
using TwinLab.Cluster.Hosting;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Tests;

/// <summary>In-process Orleans clusters of several silos, configured as TwinLab's hosts configure theirs.</summary>
internal static class TestClusters
{
    /// <summary>The twin store of each silo of the cluster being started: one shared instance, or (a database in a real
    /// cluster) one opened per silo, as separate processes each open their own.</summary>
    private static Func<ITwinStore?> StoreOfSilo = () => null;
    private static bool OwnedBySilo;

    /// <summary>Starts a cluster of <paramref name="silos"/> silos sharing a fresh twin store (none when <paramref name="withStore"/>
    /// is false: twins then live in grain memory only, which is what a silo's own memory use is measured on).</summary>
    public static Task<TestCluster> StartAsync(short silos, bool withStore = true)
    {
        var shared = withStore ? new InMemoryTwinStore() : null;
        return StartAsync(silos, () => shared, ownedBySilo: false);
    }

    /// <summary>Starts a cluster of <paramref name="silos"/> silos, each with the store <paramref name="openStore"/> opens
    /// for it (and disposes with the silo, as <c>serve --cluster</c> does its PostgreSQL store).</summary>
    public static Task<TestCluster> StartAsync(short silos, Func<ITwinStore> openStore) => StartAsync(silos, openStore, ownedBySilo: true);

    private static async Task<TestCluster> StartAsync(short silos, Func<ITwinStore?> store, bool ownedBySilo)
    {
        StoreOfSilo = store;
        OwnedBySilo = ownedBySilo;
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<SiloSetup>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Polls until <paramref name="done"/> holds, tolerating calls refused while the cluster recovers from a lost silo.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var value = await read();
                if (done(value)) return value;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Condition not met within {limit}.", last);
    }

    /// <summary>The simulators every test silo knows: the built-in ones and the factory example (a simulator that reads the twin).</summary>
    public static SimulatorCatalog Catalog() => SimulatorCatalog.CreateDefault().Add(new TwinLab.Examples.Factory.FactorySimulator());

    private sealed class SiloSetup : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var store = StoreOfSilo();
            if (OwnedBySilo && store is not null) silo.Services.AddHostedService(_ => new ClusterTwinStore.Lifetime(store));
            silo.AddTwinLab(Catalog(), store, o =>
            {
                o.WorkerThreads = 1;
                o.RetryDelay = TimeSpan.FromMilliseconds(200);
                o.PartitionTimeout = TimeSpan.FromSeconds(90);
            });
            silo.Services.AddKeyedSingleton<IGrainStorage>(ClusterStorage.Experiments,
                (sp, _) => SharedGrainStorage.Create(sp.GetRequiredService<Serializer>()));
            // Notice a killed silo within seconds, not the production default of tens of seconds.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        }
    }
}
