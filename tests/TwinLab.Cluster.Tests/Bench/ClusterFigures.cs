using System.Diagnostics;
using System.Globalization;
using TwinLab.Cluster.Experiments;
using TwinLab.Cluster.Twins;
using Xunit.Abstractions;

namespace TwinLab.Cluster.Tests.Bench;

/// <summary>
/// The figures of docs/benchmarks.md ("Scale-out"): twins hosted per GB, patch throughput and Monte Carlo replication
/// throughput on 1, 2 and 3 in-process silos. Measurements, not checks: they run only with TWINLAB_BENCH=1 and print.
/// </summary>
public sealed class ClusterFigures(ITestOutputHelper output)
{
    private const int Twins = 20_000;
    private const int Patches = 5_000;


    /// <summary>A measurement, not a check: the test command (test.sh) leaves <c>Category=Benchmark</c> out; run it with
    /// <c>bench/cluster/run.sh</c>.</summary>
    [SkippableFact]
    [Trait("Category", "Benchmark")]
    public async Task Figures()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("TWINLAB_BENCH") == "1", "Set TWINLAB_BENCH=1 to measure the scale-out figures.");
        output.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}; cores: {Environment.ProcessorCount}");
        // bench/cluster/run.sh postgres: only the PostgreSQL patch figures (the others take minutes on a shared machine).
        if (Environment.GetEnvironmentVariable("TWINLAB_BENCH_ONLY") != "postgres")
        {
            await TwinDensity();
            for (short silos = 1; silos <= 3; silos++) await Throughput(silos);
        }
        // With PostgreSQL at hand, the same patches with the twins kept in the shared PostgreSQL store, as serve --cluster
        // keeps them under membership: postgres (a silo's concurrent writes group-committed under the store's head-row lock).
        if (Hosting.PostgresTestSchema.Server is not null)
            for (short silos = 1; silos <= 3; silos++) await PostgresPatches(silos);
    }

    private async Task PostgresPatches(short silos)
    {
        using var schema = new Hosting.PostgresTestSchema();
        var cluster = await TestClusters.StartAsync(silos, () => TwinLab.Storage.Postgres.PostgresTwinStore.Open(Hosting.PostgresTestSchema.Require(), schema.TwinsName));
        try
        {
            output.WriteLine($"{silos} silo(s), twins in PostgreSQL: {await PatchRate(cluster.GrainFactory):F0} patches/s");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private async Task TwinDensity()
    {
        var cluster = await TestClusters.StartAsync(1, withStore: false);
        try
        {
            await cluster.GrainFactory.GetGrain<IModelsGrain>("main").ImportAsync([Examples.Read("building/models/Space.json"), Examples.Read("building/models/Room.json"),
                Examples.Read("building/models/Building.json"), Examples.Read("building/models/Equipment.json")]);
            await Put(cluster.GrainFactory, 0, 100);
            var before = Memory();
            var watch = Stopwatch.StartNew();
            await Put(cluster.GrainFactory, 100, Twins);
            var seconds = watch.Elapsed.TotalSeconds;
            var perTwin = (Memory() - before) / (double)(Twins - 100);
            output.WriteLine($"twins: {Twins - 100} created in {seconds:F1} s; {perTwin:F0} bytes per active twin (grain + index entry) => {1e9 / perTwin:F0} twins per GB");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private async Task Throughput(short silos)
    {
        var cluster = await TestClusters.StartAsync(silos, withStore: false);
        try
        {
            var grains = cluster.GrainFactory;
            var patchRate = await PatchRate(grains);

            var scenario = Examples.Read("queueing/montecarlo.yaml").Replace("  precision: { kpi: mean_wait, half_width: 0.02, max_replications: 2000 }\n", "", StringComparison.Ordinal);
            var experiment = grains.GetGrain<IExperimentGrain>($"bench-{silos}");
            var watch = Stopwatch.StartNew();
            await experiment.StartAsync(new ExperimentOrder(scenario, "montecarlo.yaml (200 replications)", PartitionSize: 16));
            var done = await TestClusters.PollAsync(experiment.GetStatusAsync, s => s.State != ExperimentState.Running, TimeSpan.FromMinutes(10));
            var replicationRate = done.CompletedReplications / watch.Elapsed.TotalSeconds;
            output.WriteLine($"{silos} silo(s): {patchRate:F0} patches/s; {replicationRate:F1} replications/s (M/M/3, 20,000 customers each; {done.CompletedReplications} replications)");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Imports the building models, creates 1,000 rooms, then patches them <see cref="Patches"/> times, 64 at a
    /// time; returns patches per second.</summary>
    private static async Task<double> PatchRate(IGrainFactory grains, int inFlight = 64)
    {
        await grains.GetGrain<IModelsGrain>("main").ImportAsync([Examples.Read("building/models/Space.json"), Examples.Read("building/models/Room.json"),
            Examples.Read("building/models/Building.json"), Examples.Read("building/models/Equipment.json")]);
        await Put(grains, 0, 1000, inFlight);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Patches), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) =>
            await grains.GetGrain<ITwinGrain>(TwinKey.Of("main", Id(i % 1000)))
                .PatchAsync($$"""[{"op": "replace", "path": "/occupancy", "value": {{i % 7}}}]"""));
        return Patches / watch.Elapsed.TotalSeconds;
    }

    private static async Task Put(IGrainFactory grains, int from, int to, int inFlight = 64) =>
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) =>
            await grains.GetGrain<ITwinGrain>(TwinKey.Of("main", Id(i))).PutAsync($$$"""
                {"$metadata": {"$model": "dtmi:twinlab:example:Room;1"}, "name": "Room {{{i}}}", "area": 20.5, "usage": "office", "capacity": 6, "occupancy": 2, "thermostat": {"$metadata": {}, "setpoint": 21.0}}
                """));

    private static string Id(int i) => "room-" + i.ToString("D7", CultureInfo.InvariantCulture);

    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
