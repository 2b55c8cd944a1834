using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Compare;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class ScenarioComparisonTests
{
    private static readonly ExponentialSimulator Simulator = new();

    private static ComparisonResult Compare(bool crn, params (string Name, ParameterValue Value)[][] alternatives)
    {
        var context = Contexts.For(Simulator, seed: 21);
        var baseline = Contexts.Scenario(context, "baseline");
        var specs = alternatives.Select((a, i) => Contexts.Scenario(context, $"alt{i}", a)).ToArray();
        return ScenarioComparison.Run(context, baseline, specs, 100, commonRandomNumbers: crn);
    }

    [Fact]
    public void Run_CommonRandomNumbers_DeltaIntervalMuchNarrowerThanIndependent()
    {
        // rate 1 → 1.25 shrinks the mean wait from 1 to 0.8.
        var crn = Compare(true, [("rate", 1.25)]).Delta(0, "wait");
        var independent = Compare(false, [("rate", 1.25)]).Delta(0, "wait");

        var crnHalf = (crn.Interval.High - crn.Interval.Low) / 2;
        var independentHalf = (independent.Interval.High - independent.Interval.Low) / 2;
        Assert.True(crnHalf < independentHalf / 3, $"CRN half-width {crnHalf} vs independent {independentHalf}");
        Assert.InRange(-0.2, crn.Interval.Low, crn.Interval.High);
    }

    [Fact]
    public void Run_CommonRandomNumbers_AllScenariosUseStreamZero()
    {
        var result = Compare(true, [("rate", 2.0)], [("rate", 3.0)]);

        Assert.Equal(0, result.Baseline.StreamIndex);
        Assert.All(result.Alternatives, a => Assert.Equal(0, a.StreamIndex));
        Assert.True(result.CommonRandomNumbers);
    }

    [Fact]
    public void Run_NoOpAlternative_DeltaExactlyZeroAndNotSignificant()
    {
        var result = Compare(true, [("rate", 1.0)]);

        Assert.All(result.Deltas, d =>
        {
            Assert.Equal(0, d.Difference);
            Assert.Equal(0, d.Interval.Low);
            Assert.Equal(0, d.Interval.High);
            Assert.False(d.Significant);
            Assert.False(d.Better);
            Assert.False(d.Worse);
            Assert.Equal(1, d.PValue);
            Assert.Equal(100, d.Pairs);
        });
    }

    [Fact]
    public void Run_KnownShift_SignificantWithRightSign()
    {
        var result = Compare(true, [("shift", 0.5)], [("shift", -0.5)]);

        var up = result.Delta("alt0", "wait");
        var down = result.Delta("alt1", "wait");
        Assert.Equal(0.5, up.Difference, 1e-12);
        Assert.Equal(-0.5, down.Difference, 1e-12);
        Assert.True(up.Significant && down.Significant);
        Assert.True(up.PValue < 1e-6);
        Assert.True(up.Worse && !up.Better, "more wait is worse");
        Assert.True(down.Better && !down.Worse, "less wait is better");
        Assert.Equal(100 * up.Difference / Math.Abs(up.BaselineMean), up.RelativeChangePercent, 1e-12);
    }

    [Fact]
    public void Run_FasterRate_BetterRespectsEachKpiDirection()
    {
        var result = Compare(true, [("rate", 2.0)]);

        var wait = result.Delta(0, "wait");
        var output = result.Delta(0, "output");
        var max = result.Delta(0, "max");
        Assert.True(wait.Difference < 0 && wait.Better, "lower wait is better (minimise)");
        Assert.True(output.Difference > 0 && output.Better, "higher output is better (maximise)");
        Assert.True(max.Significant);
        Assert.False(max.Better || max.Worse, "a KPI without direction is neither better nor worse");
        Assert.InRange(wait.RelativeChangePercent, -50.0001, -49.9999);
    }

    [Fact]
    public void Run_IndependentStreams_PValueMatchesPairedTTest()
    {
        var result = Compare(false, [("rate", 1.1)]);
        var d = result.Delta(0, "wait");

        var diffs = result.Alternatives[0].Values[0].Zip(result.Baseline.Values[0], (a, b) => a - b).ToArray();
        var mean = diffs.Average();
        var sd = Math.Sqrt(diffs.Sum(x => (x - mean) * (x - mean)) / (diffs.Length - 1));
        var t = mean / (sd / Math.Sqrt(diffs.Length));
        var p = 2 * (1 - StudentT.CDF(0, 1, diffs.Length - 1, Math.Abs(t)));
        Assert.Equal(mean, d.Difference, 1e-12);
        Assert.Equal(sd, d.DifferenceStdDev, 1e-12);
        Assert.Equal(p, d.PValue, 1e-9);
        Assert.Equal(d.PValue < 0.05, d.Significant);
        Assert.Equal(1, result.Alternatives[0].StreamIndex);
    }

    [Fact]
    public void Run_SeveralAlternatives_BonferroniIntervalWiderAtAdjustedLevel()
    {
        var result = Compare(false, [("rate", 1.1)], [("rate", 0.9)], [("rate", 1.05)]);

        Assert.Equal(3 * 3, result.Deltas.Count);
        Assert.All(result.Deltas, d =>
        {
            Assert.Equal(1 - 0.05 / 3, d.BonferroniInterval.Confidence, 1e-15);
            Assert.True(d.BonferroniInterval.Low < d.Interval.Low && d.BonferroniInterval.High > d.Interval.High);
            Assert.Equal(Math.Min(1, 3 * d.PValue), d.BonferroniPValue, 1e-15);
            Assert.True(!d.SignificantBonferroni || d.Significant, "Bonferroni-significant implies significant");
        });
    }

    [Fact]
    public void Run_Cancelled_ComparesFinishedAlternativesOnly()
    {
        using var source = new CancellationTokenSource();
        var context = Contexts.For(new CancellingSimulator(Simulator, source, after: 150), token: source.Token);
        var baseline = Contexts.Scenario(context, "baseline");

        var result = ScenarioComparison.Run(context, baseline, [Contexts.Scenario(context, "a", ("shift", 1.0)), Contexts.Scenario(context, "b")], 100);

        var alternative = Assert.Single(result.Alternatives);
        Assert.InRange(alternative.Replications.Length, 1, 99);
        Assert.All(result.Deltas, d => Assert.Equal(alternative.Replications.Length, d.Pairs));
        Assert.Equal(1.0, result.Delta(0, "wait").Difference, 1e-12);
    }
}
