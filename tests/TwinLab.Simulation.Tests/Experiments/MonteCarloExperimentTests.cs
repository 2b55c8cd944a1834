using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class MonteCarloExperimentTests
{
    private static readonly ExponentialSimulator Simulator = new();

    [Fact]
    public void Run_FixedReplications_SummariesMatchDirectCalculation()
    {
        var context = Contexts.For(Simulator, seed: 7);
        var scenario = Contexts.Scenario(context, "s", ("rate", 2.0), ("draws", 5.0));

        var result = MonteCarloExperiment.Run(context, [scenario], 40).Single();

        var direct = Enumerable.Range(0, 40).Select(r => ExponentialSimulator.Direct(2, 5, 0, RandomStream.For(7, 0, r))[0]).ToArray();
        Assert.Equal(Contexts.Bits(direct), Contexts.Bits(result.Values[0]));
        var mean = direct.Average();
        var sd = Math.Sqrt(direct.Sum(v => (v - mean) * (v - mean)) / 39);
        var half = StudentT.InvCDF(0, 1, 39, 0.975) * sd / Math.Sqrt(40);
        var sorted = direct.Order().ToArray();
        var summary = result.Summary("wait");
        Assert.Equal(40, summary.Count);
        Assert.Equal(mean, summary.Mean, 1e-12);
        Assert.Equal(sd, summary.StdDev, 1e-12);
        Assert.Equal(mean - half, summary.CiLow, 1e-12);
        Assert.Equal(mean + half, summary.CiHigh, 1e-12);
        Assert.Equal(sorted[0], summary.Min);
        Assert.Equal(sorted[^1], summary.Max);
        Assert.Equal((sorted[19] + sorted[20]) / 2, summary.Median, 1e-12);
        Assert.Equal(Enumerable.Range(0, 40), result.Replications);
    }

    [Fact]
    public void Run_ManyReplications_ConfidenceIntervalCoversAnalyticMean()
    {
        var context = Contexts.For(Simulator);
        var scenario = Contexts.Scenario(context, "s", ("rate", 4.0), ("shift", 1.0));

        var summary = MonteCarloExperiment.Run(context, [scenario], 400).Single().Summary("wait");

        // E[wait] = 1/rate + shift = 1.25.
        Assert.InRange(1.25, summary.CiLow, summary.CiHigh);
        Assert.True(summary.HalfWidth < 0.01, $"half-width {summary.HalfWidth}");
    }

    [Fact]
    public void Run_DifferentThreadCounts_ValuesBitForBitEqual()
    {
        double[][] RunWith(int threads)
        {
            var context = Contexts.For(Simulator, seed: 11, threads: threads);
            var results = MonteCarloExperiment.Run(context, [Contexts.Scenario(context, "a"), Contexts.Scenario(context, "b", ("rate", 3.0))], 64);
            return [.. results.SelectMany(r => r.Values)];
        }

        var one = RunWith(1);
        foreach (var threads in new[] { 2, 8 })
        {
            var other = RunWith(threads);
            Assert.Equal(one.Length, other.Length);
            for (var k = 0; k < one.Length; k++) Assert.Equal(Contexts.Bits(one[k]), Contexts.Bits(other[k]));
        }
    }

    [Fact]
    public void Run_DifferentSeeds_DifferentValues()
    {
        double[] RunWith(ulong seed)
        {
            var context = Contexts.For(Simulator, seed);
            return MonteCarloExperiment.Run(context, [Contexts.Scenario(context, "a")], 10).Single().Values[0];
        }

        var a = RunWith(1);
        var b = RunWith(2);
        Assert.All(Enumerable.Range(0, 10), i => Assert.NotEqual(a[i], b[i]));
    }

    [Fact]
    public void Run_ScenariosWithoutCrn_UseTheirOwnStreams()
    {
        var context = Contexts.For(Simulator);
        var same = Contexts.Scenario(context, "a");

        var results = MonteCarloExperiment.Run(context, [same, same], 5);

        Assert.Equal([0, 1], results.Select(r => r.StreamIndex));
        Assert.NotEqual(results[0].Values[0], results[1].Values[0]);
    }

    [Fact]
    public void Run_PrecisionTarget_StopsAtFirstCheckMeetingIt()
    {
        var context = Contexts.For(Simulator, seed: 3);
        var target = new PrecisionTarget("wait", 0.02, MinReplications: 10, MaxReplications: 5000, BatchSize: 10);

        var result = MonteCarloExperiment.Run(context, [Contexts.Scenario(context, "s")], 10, target).Single();

        var n = result.Replications.Length;
        Assert.True(result.Summary("wait").RelativeHalfWidth <= 0.02);
        Assert.InRange(n, 20, 4990);
        var before = Summaries.Summarize("wait", result.Values[0].AsSpan(0, n - 10));
        Assert.True(before.RelativeHalfWidth > 0.02, "the previous check should not have met the target");
    }

    [Fact]
    public void Run_PrecisionTarget_SameReplicationCountForAnyThreadCount()
    {
        int CountWith(int threads)
        {
            var context = Contexts.For(Simulator, seed: 5, threads: threads);
            var target = new PrecisionTarget("wait", 0.03, BatchSize: 7);
            return MonteCarloExperiment.Run(context, [Contexts.Scenario(context, "s")], 10, target).Single().Replications.Length;
        }

        var one = CountWith(1);
        Assert.Equal(one, CountWith(2));
        Assert.Equal(one, CountWith(8));
    }

    [Fact]
    public void Run_PrecisionTargetOnUnknownKpi_Throws()
    {
        var context = Contexts.For(Simulator);

        var error = Assert.Throws<Core.Errors.TwinLabException>(() =>
            MonteCarloExperiment.Run(context, [Contexts.Scenario(context, "s")], 10, new PrecisionTarget("nope", 0.1)));

        Assert.Contains("nope", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_CancelledFromSimulator_KeepsFinishedValidReplications(int threads)
    {
        using var source = new CancellationTokenSource();
        var context = Contexts.For(new CancellingSimulator(Simulator, source, after: 5), seed: 9, threads: threads, token: source.Token);
        var scenarios = new[] { Contexts.Scenario(context, "a"), Contexts.Scenario(context, "b") };

        var results = MonteCarloExperiment.Run(context, scenarios, 200);

        var result = Assert.Single(results);
        Assert.InRange(result.Replications.Length, 1, 199);
        Assert.Equal(result.Replications.Length, result.Values[0].Length);
        Assert.Equal(result.Replications.Order(), result.Replications);
        for (var i = 0; i < result.Replications.Length; i++)
        {
            var direct = ExponentialSimulator.Direct(1, 20, 0, RandomStream.For(9, 0, result.Replications[i]));
            Assert.Equal(direct[0], result.Values[0][i]);
        }
        Assert.Equal(result.Replications.Length, result.Summary("wait").Count);
    }

    [Fact]
    public void Run_SimulatorReportsWrongKpiCount_ThrowsClearError()
    {
        var context = Contexts.For(new BrokenSimulator());

        var error = Assert.Throws<InvalidOperationException>(() =>
            MonteCarloExperiment.Run(context, [Contexts.Scenario(context, "s")], 3));

        Assert.Contains("'broken' returned 1 KPI values; it declares 2", error.Message);
    }
}
