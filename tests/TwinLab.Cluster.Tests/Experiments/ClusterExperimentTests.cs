using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;
using TwinLab.Cluster.Operations;
using TwinLab.Cluster.Experiments;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Tests.Experiments;

/// <summary>
/// The queueing example's Monte Carlo (M/M/3 against Erlang C, run until its precision target) on 1 and 3 silos, and with
/// a silo killed mid-run: the scenarios' KPI arrays must equal, bit for bit, those of the single-machine engine.
/// </summary>
public sealed class ClusterExperimentTests
{
    private const string File = "queueing/montecarlo.yaml";
    // Small partitions, so that 200 replications make 13 partitions spread over every silo.
    private const int PartitionSize = 16;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private static readonly Lazy<ExperimentRecord> Reference = new(() =>
    {
        var catalog = SimulatorCatalog.CreateDefault();
        var scenario = new ScenarioParser(catalog).Parse(Examples.Read(File), File);
        return ExperimentRunner.Run(scenario, catalog.Get(scenario.Simulator), null, new TwinOrigin("main", 0, "reference"),
            new RunOptions(scenario.Seed, 2), TimeProvider.System);
    });

    [Fact]
    public async Task CoordinatorWriteConflict_MergesTheStoredProgress_InsteadOfOverwritingIt()
    {
        var cluster = await TestClusters.StartAsync(1);
        var id = $"conflict-{Guid.NewGuid():N}";
        try
        {
            // Another activation of the coordinator (a membership change) records a partition this one does not know.
            var theirs = new PartitionResult("elsewhere#0", 0, [], "another silo");
            SharedGrainStorage.ChangeBeforeWrite<ExperimentGrainState>(id, state =>
            {
                state.Partitions[theirs.Key] = theirs;
                return state;
            });
            var grain = cluster.GrainFactory.GetGrain<IExperimentGrain>(id);
            await grain.StartAsync(Order());
            var last = await TestClusters.PollAsync(grain.GetStatusAsync, s => s.State != ExperimentState.Running, Limit);

            Assert.True(last.State == ExperimentState.Finished, last.Error);
            Assert.False(SharedGrainStorage.BeforeWrite.ContainsKey(id), "the other writer's change never happened");
            AssertSameScenarios(Reference.Value, ResultsJson.Deserialize((await grain.GetResultJsonAsync())!));
            var serializer = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<Serializer>();
            var saved = SharedGrainStorage.Read<ExperimentGrainState>(serializer, id)!;
            Assert.Contains(theirs.Key, saved.Partitions.Keys);
            Assert.NotNull(saved.ResultJson);
        }
        finally
        {
            SharedGrainStorage.BeforeWrite.TryRemove(id, out _);
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task MonteCarlo_OnOneOrThreeSilos_EqualsSingleMachineRunBitForBit(short silos)
    {
        var cluster = await TestClusters.StartAsync(silos);
        try
        {
            var grain = cluster.GrainFactory.GetGrain<IExperimentGrain>($"repro-{silos}");
            var seen = new List<ExperimentStatus> { await grain.StartAsync(Order()) };
            var last = await TestClusters.PollAsync(async () =>
            {
                var s = await grain.GetStatusAsync();
                seen.Add(s);
                return s;
            }, s => s.State != ExperimentState.Running, Limit);

            Assert.Equal(ExperimentState.Finished, last.State);
            var record = ResultsJson.Deserialize((await grain.GetResultJsonAsync())!);
            AssertSameScenarios(Reference.Value, record);
            // Progress: never goes back, and ends with every planned replication done, in at least ⌈n/16⌉ partitions
            // (more: the precision target adds replications in batches, each batch partitioned on its own).
            var n = Reference.Value.Scenarios[0].Replications;
            Assert.Equal(n, last.CompletedReplications);
            Assert.Equal(last.PlannedReplications, last.CompletedReplications);
            Assert.InRange(last.CompletedPartitions, (n + PartitionSize - 1) / PartitionSize, n);
            for (var i = 1; i < seen.Count; i++) Assert.True(seen[i].CompletedReplications >= seen[i - 1].CompletedReplications);
            Assert.Equal(0, last.OutstandingPartitions);

            // The metrics a node exposes: every silo, the coordinator among the activations, calls counted, the experiment's progress.
            var metrics = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<ClusterMetrics>();
            metrics.Track($"repro-{silos}");
            var first = await metrics.ReadAsync();
            var reading = await metrics.ReadAsync();
            Assert.Equal(silos, reading.Silos.Count);
            Assert.Contains(reading.Activations.Keys, k => k.Contains(nameof(ExperimentGrain), StringComparison.Ordinal));
            Assert.True(reading.CallsReceived > 0 && reading.CallsReceived >= first.CallsReceived);
            Assert.NotNull(reading.CallsPerSecond);
            Assert.Equal(last.CompletedReplications, Assert.Single(reading.Experiments).CompletedReplications);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MonteCarlo_SiloKilledMidRun_FinishesWithTheSameResult(bool killCoordinator)
    {
        var cluster = await TestClusters.StartAsync(3);
        try
        {
            var primary = cluster.Primary!.SiloAddress.ToString();
            // The test cluster's membership lives on its primary silo, so the coordinator is wanted on another one:
            // try ids until its (deterministic-by-id) placement lands there.
            IExperimentGrain grain;
            ExperimentStatus status;
            var attempt = 0;
            do
            {
                grain = cluster.GrainFactory.GetGrain<IExperimentGrain>($"kill-{killCoordinator}-{attempt++}");
                status = await grain.GetStatusAsync();
            }
            while (status.CoordinatorSilo == primary);
            var victim = killCoordinator
                ? cluster.SecondarySilos.Single(s => s.SiloAddress.ToString() == status.CoordinatorSilo)
                : cluster.SecondarySilos.First(s => s.SiloAddress.ToString() != status.CoordinatorSilo);

            await grain.StartAsync(Order());
            await TestClusters.PollAsync(grain.GetStatusAsync, s => s.CompletedPartitions >= 1 || s.State != ExperimentState.Running, Limit);
            await cluster.KillSiloAsync(victim);
            var last = await TestClusters.PollAsync(grain.GetStatusAsync, s => s.State != ExperimentState.Running, Limit);

            Assert.True(last.State == ExperimentState.Finished, last.Error);
            Assert.NotEqual(victim.SiloAddress.ToString(), last.CoordinatorSilo);
            if (killCoordinator) Assert.True(last.Resumes >= 1, "the coordinator should have resumed on another silo");
            AssertSameScenarios(Reference.Value, ResultsJson.Deserialize((await grain.GetResultJsonAsync())!));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_BrokenScenarioOrSecondOrder_IsRefusedWithTheFileNamed()
    {
        var cluster = await TestClusters.StartAsync(1);
        try
        {
            var broken = cluster.GrainFactory.GetGrain<IExperimentGrain>("broken");
            var error = await Assert.ThrowsAsync<ArgumentException>(() =>
                broken.StartAsync(new ExperimentOrder("name: x\nsimulator: mmc\nreplications: many\n", "broken.yaml")));
            Assert.Contains("broken.yaml", error.Message);
            Assert.Equal(ExperimentState.NotStarted, (await broken.GetStatusAsync()).State);

            var grain = cluster.GrainFactory.GetGrain<IExperimentGrain>("twice");
            await grain.StartAsync(Order());
            // The same order again is not a second run: it answers with the first one's status.
            var again = await grain.StartAsync(Order());
            Assert.NotEqual(ExperimentState.NotStarted, again.State);
            Assert.Null(again.Error);
            var other = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.StartAsync(Order() with { Seed = 99 }));
            Assert.Contains("queueing/montecarlo.yaml", other.Message);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static ExperimentOrder Order() => new(Examples.Read(File), File, PartitionSize: PartitionSize);

    /// <summary>Every scenario's KPI arrays bit for bit, then the whole scenario records (summaries, bands) as JSON.</summary>
    private static void AssertSameScenarios(ExperimentRecord expected, ExperimentRecord actual)
    {
        Assert.Equal(expected.Scenarios.Count, actual.Scenarios.Count);
        for (var i = 0; i < expected.Scenarios.Count; i++)
        {
            var (e, a) = (expected.Scenarios[i], actual.Scenarios[i]);
            Assert.Equal(e.Replications, a.Replications);
            foreach (var (kpi, values) in e.Values)
                Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), a.Values[kpi].Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.Equal(JsonSerializer.Serialize(expected.Scenarios, ResultsJson.Options), JsonSerializer.Serialize(actual.Scenarios, ResultsJson.Options));
    }
}
