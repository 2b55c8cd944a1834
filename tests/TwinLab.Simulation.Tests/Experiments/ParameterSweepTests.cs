using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Sweep;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class ParameterSweepTests
{
    private static readonly ExponentialSimulator Simulator = new();

    private static SweepDesign ShiftAndRate(ExperimentContext context) => SweepDesign.Grid(context.Info,
        new Dictionary<string, IReadOnlyList<ParameterValue>> { ["shift"] = SweepLevels.Linspace(0, 1, 3), ["rate"] = [1.0, 2.0] });

    [Fact]
    public void Run_Grid_OneRowPerPointWithValuesAndKpiSummaries()
    {
        var context = Contexts.For(Simulator);

        var result = ParameterSweep.Run(context, ShiftAndRate(context), 30);

        Assert.Equal(["shift", "rate"], result.Factors);
        Assert.Equal(["wait", "output", "max"], result.Kpis);
        Assert.Equal(6, result.Rows.Count);
        var row = result.Rows[3];
        Assert.Equal("shift=0.5, rate=2", row.Name);
        Assert.Equal([0.5, 2.0], row.Values.Select(v => v.Number));
        Assert.Equal(30, row.Replications);
        Assert.Same(result.Scenarios[3].Summaries[0], row.Kpis[0]);
        Assert.InRange(1.0, row.Kpis[0].CiLow, row.Kpis[0].CiHigh);
    }

    [Fact]
    public void Run_Default_EachPointOwnStream()
    {
        var context = Contexts.For(Simulator);

        var result = ParameterSweep.Run(context, ShiftAndRate(context), 5);

        Assert.Equal(Enumerable.Range(0, 6), result.Scenarios.Select(s => s.StreamIndex));
        Assert.False(result.CommonRandomNumbers);
    }

    [Fact]
    public void Run_CommonRandomNumbers_PointsDifferExactlyByTheirShift()
    {
        var context = Contexts.For(Simulator);

        var result = ParameterSweep.Run(context, ShiftAndRate(context), 20, commonRandomNumbers: true);

        Assert.All(result.Scenarios, s => Assert.Equal(0, s.StreamIndex));
        // Points 0 (shift 0) and 4 (shift 1) share the rate and the random numbers: every replication differs by 1.
        var a = result.Scenarios[0].Values[0];
        var b = result.Scenarios[4].Values[0];
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1.0, b[i] - a[i], 1e-12));
    }

    [Fact]
    public void Run_ScenarioList_FactorsAreParametersThatVary()
    {
        var context = Contexts.For(Simulator);
        var points = new[] { Contexts.Scenario(context, "a", ("draws", 5.0)), Contexts.Scenario(context, "b", ("draws", 10.0)) };

        var result = ParameterSweep.Run(context, points, 4);

        Assert.Equal(["draws"], result.Factors);
        Assert.Equal([5.0, 10.0], result.Rows.Select(r => r.Values[0].Number));
    }

    [Fact]
    public void Run_PrecisionTarget_EachPointRunsUntilPrecise()
    {
        var context = Contexts.For(Simulator);
        var target = new PrecisionTarget("wait", 0.05);

        var result = ParameterSweep.Run(context, ShiftAndRate(context), 10, target: target);

        Assert.All(result.Rows, r => Assert.True(r.Kpis[0].RelativeHalfWidth <= 0.05));
    }

    [Fact]
    public void Run_Cancelled_KeepsFinishedPoints()
    {
        using var source = new CancellationTokenSource();
        var context = Contexts.For(new CancellingSimulator(Simulator, source, after: 25), token: source.Token);

        var result = ParameterSweep.Run(context, ShiftAndRate(context), 10);

        Assert.InRange(result.Rows.Count, 3, 5);
        Assert.Equal(result.Scenarios.Count, result.Rows.Count);
    }
}
