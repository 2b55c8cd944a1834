using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Queueing;

public sealed class MmcSimulatorTests
{
    private const ulong Seed = 20_240_611;
    private static readonly MmcSimulator Simulator = new();

    private static IPreparedModel Prepare(double arrivalRate, double serviceRate, int servers, int customers, int warmup, double horizon = 0)
    {
        var parameters = ParameterSet.Create(Simulator.Info, new Dictionary<string, ParameterValue>
        {
            ["arrival_rate"] = arrivalRate,
            ["service_rate"] = serviceRate,
            ["servers"] = servers,
            ["customers"] = customers,
            ["warmup"] = warmup,
        });
        return Simulator.Prepare(new SimulationSetup(null, parameters, horizon, []));
    }

    private static double[][] Replicate(IPreparedModel model, int replications) =>
        Enumerable.Range(0, replications).Select(r => model.Run(RandomStream.For(Seed, 0, r), CancellationToken.None).Kpis).ToArray();

    private static double[] Column(double[][] outcomes, string kpi)
    {
        var index = Simulator.Info.KpiIndex(kpi);
        return outcomes.Select(o => o[index]).ToArray();
    }

    private static void AssertCovers(double[][] outcomes, string kpi, double expected, double level)
    {
        var (low, high) = ReplicationStatistics.ConfidenceInterval(Column(outcomes, kpi), level);
        Assert.True(low <= expected && expected <= high, $"{kpi}: {expected} outside its {level:P0} interval [{low}, {high}]");
    }

    [Fact]
    public void Run_MM1_ConfidenceIntervalsContainErlangCValues()
    {
        // λ = 0.8, μ = 1: ρ = 0.8, Wq = 4. The 95% interval on the mean wait is the acceptance check; the
        // other KPIs get 99% intervals, as several checks share one seed.
        var outcomes = Replicate(Prepare(0.8, 1, 1, customers: 25_000, warmup: 2_500), 20);

        AssertCovers(outcomes, "mean_wait", ErlangC.MeanWait(1, 0.8, 1), 0.95);
        AssertCovers(outcomes, "mean_wait", ErlangC.SingleServerMeanWait(0.8, 1), 0.95);
        AssertCovers(outcomes, "p_wait", ErlangC.WaitProbability(1, 0.8, 1), 0.99);
        AssertCovers(outcomes, "mean_queue_length", ErlangC.MeanQueueLength(1, 0.8, 1), 0.99);
        AssertCovers(outcomes, "mean_system_time", ErlangC.MeanSystemTime(1, 0.8, 1), 0.99);
        AssertCovers(outcomes, "utilisation", 0.8, 0.99);
    }

    [Fact]
    public void Run_MMc_ConfidenceIntervalsContainErlangCValues()
    {
        // c = 3, λ = 2.4, μ = 1: ρ = 0.8, P(wait) = 288/445, Wq = 96/89.
        var outcomes = Replicate(Prepare(2.4, 1, 3, customers: 25_000, warmup: 2_500), 20);

        AssertCovers(outcomes, "mean_wait", ErlangC.MeanWait(3, 2.4, 1), 0.95);
        AssertCovers(outcomes, "p_wait", ErlangC.WaitProbability(3, 2.4, 1), 0.99);
        AssertCovers(outcomes, "mean_queue_length", ErlangC.MeanQueueLength(3, 2.4, 1), 0.99);
        AssertCovers(outcomes, "mean_system_time", ErlangC.MeanSystemTime(3, 2.4, 1), 0.99);
        AssertCovers(outcomes, "utilisation", 0.8, 0.99);
        Assert.InRange(Column(outcomes, "throughput").Average(), 2.4 * 0.98, 2.4 * 1.02);
    }

    [Fact]
    public void Run_SameStream_GivesIdenticalKpis()
    {
        var model = Prepare(2.4, 1, 3, customers: 5_000, warmup: 500);

        var first = model.Run(RandomStream.For(Seed, 1, 7), CancellationToken.None).Kpis;
        var second = model.Run(RandomStream.For(Seed, 1, 7), CancellationToken.None).Kpis;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_DifferentSeeds_GiveDifferentKpis()
    {
        var model = Prepare(2.4, 1, 3, customers: 5_000, warmup: 500);

        var first = model.Run(RandomStream.FromSeed(1), CancellationToken.None).Kpis;
        var second = model.Run(RandomStream.FromSeed(2), CancellationToken.None).Kpis;

        Assert.NotEqual(first[0], second[0]);
    }

    [Fact]
    public void Run_ReplicationsOnManyThreads_MatchSequentialRuns()
    {
        var model = Prepare(0.9, 1, 1, customers: 5_000, warmup: 500);
        var sequential = Replicate(model, 16);
        var parallel = new double[16][];

        Parallel.For(0, 16, r => parallel[r] = model.Run(RandomStream.For(Seed, 0, r), CancellationToken.None).Kpis);

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Run_ByHorizon_MeasuresUntilHorizon()
    {
        var model = Prepare(2.4, 1, 3, customers: 0, warmup: 100, horizon: 20_000);

        var kpis = model.Run(RandomStream.FromSeed(3), CancellationToken.None).Kpis;

        Assert.All(kpis, k => Assert.True(double.IsFinite(k)));
        Assert.InRange(kpis[Simulator.Info.KpiIndex("throughput")], 2.2, 2.6);
    }

    [Fact]
    public void Run_CancelledToken_Throws()
    {
        var model = Prepare(0.8, 1, 1, customers: 1_000_000, warmup: 0);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => model.Run(RandomStream.FromSeed(1), cancelled.Token));
    }

    [Fact]
    public void Prepare_ZeroArrivalRate_ThrowsInvalidArgument()
    {
        var ex = Assert.Throws<TwinLabException>(() => Prepare(0, 1, 1, 100, 0));

        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Prepare_ByHorizonWithoutHorizon_ThrowsInvalidArgument()
    {
        var ex = Assert.Throws<TwinLabException>(() => Prepare(1, 2, 1, customers: 0, warmup: 0, horizon: 0));

        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Info_Describes_NameParametersAndKpis()
    {
        Assert.Equal("mmc", Simulator.Info.Name);
        Assert.Equal(["arrival_rate", "service_rate", "servers", "customers", "warmup"], Simulator.Info.Parameters.Select(p => p.Name));
        Assert.Equal(["mean_wait", "p_wait", "mean_queue_length", "utilisation", "mean_system_time", "throughput"],
            Simulator.Info.Kpis.Select(k => k.Name));
        Assert.Equal(KpiDirection.Minimise, Simulator.Info.Kpis[0].Direction);
    }
}
