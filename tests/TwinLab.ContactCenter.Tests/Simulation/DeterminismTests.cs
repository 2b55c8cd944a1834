using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>A replication is a pure function of its random stream, whichever thread runs it.</summary>
public sealed class DeterminismTests
{
    private static readonly ContactCenterSimulator Simulator = new(TestCenters.TwoSkills(shrinkage: 0.2));

    [Fact]
    public void Run_SameStream_GivesIdenticalKpisAndSeries()
    {
        var scenario = Simulator.Prepare(("days", 1.0), ("callback", ParameterValue.Of(true)), ("retrial_share", 0.3));
        var first = scenario.Run(RandomStream.FromSeed(9), CancellationToken.None);
        var second = scenario.Run(RandomStream.FromSeed(9), CancellationToken.None);
        Assert.Equal(first.Kpis, second.Kpis);
        Assert.Equal(first.Series!.Select(s => s.Values), second.Series!.Select(s => s.Values));
        Assert.NotEqual(first.Kpis, scenario.Run(RandomStream.FromSeed(10), CancellationToken.None).Kpis);
    }

    [Fact]
    public void Run_ConcurrentReplications_MatchSequentialOnes()
    {
        var scenario = Simulator.Prepare(("days", 1.0), ("routing", "overflow"));
        var sequential = Enumerable.Range(0, 8).Select(r => scenario.Run(RandomStream.For(3, 0, r), CancellationToken.None).Kpis).ToArray();
        var parallel = new double[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            r => parallel[r] = scenario.Run(RandomStream.For(3, 0, r), CancellationToken.None).Kpis);
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void MonteCarlo_OneOrTwoThreads_GivesTheSameValues()
    {
        var spec = new ScenarioSpec("baseline", ParameterSet.Create(Simulator.Info, [new("days", 0.5)]), []);
        double[][] Values(int threads) =>
            MonteCarloExperiment.Run(new ExperimentContext(Simulator, new RunOptions(Seed: 1, Threads: threads)), [spec], 6)[0].Values;
        var one = Values(1);
        Assert.Equal(one, Values(2));
        Assert.Equal(Simulator.Info.Kpis.Count, one.Length);
        Assert.All(one[Simulator.Info.KpiIndex("offered")], v => Assert.True(v > 0));
    }

    [Fact]
    public void Run_CancelledToken_StopsTheReplication()
    {
        var scenario = Simulator.Prepare(("days", 30.0));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => scenario.Run(RandomStream.FromSeed(1), cancelled.Token));
    }
}
