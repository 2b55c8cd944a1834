using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Sensitivity;

namespace TwinLab.Simulation.Tests.Sensitivity;

public sealed class TornadoAnalysisTests
{
    [Fact]
    public void Run_KnownLinearEffects_OrdersBarsBySwing()
    {
        var context = ToySimulator.Context();
        // y = 3a + b: a over [0.5, 1.5] swings y by 3, b over [0, 10] by 10.
        var result = TornadoAnalysis.Run(context, ToySimulator.Base(context),
            [TornadoRange.Between("a", 0.5, 1.5), TornadoRange.Bounds("b")], 20);

        var y = result.Kpi("y");
        Assert.Equal(["b", "a"], y.Bars.Select(b => b.Parameter));
        Assert.Equal(10, y.Bars[0].Swing, 9);
        Assert.Equal(3, y.Bars[1].Swing, 9);
        Assert.True(result.Complete);
        Assert.Equal(2, result.Runs.Count);
    }

    [Fact]
    public void Run_CommonRandomNumbers_PairedEffectHasNoNoise()
    {
        var context = ToySimulator.Context();
        var result = TornadoAnalysis.Run(context, ToySimulator.Base(context), [TornadoRange.Between("a", 0.5, 1.5)], 10);

        var bar = result.Kpi("y").Bars[0];
        Assert.Equal(3, bar.Effect.Mean, 9);
        Assert.Equal(0, bar.Effect.HalfWidth, 9);
        Assert.True(bar.Low.HalfWidth > 0.1, "each run on its own is noisy");
        Assert.Equal(bar.Low.Mean + 1.5, result.Kpi("y").Base.Mean, 9);
    }

    [Fact]
    public void Run_RelativeRange_UsesBaseValueAndClipsToBounds()
    {
        var context = ToySimulator.Context();
        var result = TornadoAnalysis.Run(context, ToySimulator.Base(context),
            [TornadoRange.Relative("a", 0.2), TornadoRange.Relative("b", 5)], 2);

        Assert.Equal((0.8, 1.2), (result.Runs[0].LowValue, result.Runs[0].HighValue));
        Assert.Equal((0.0, 10.0), (result.Runs[1].LowValue, result.Runs[1].HighValue));
    }

    [Fact]
    public void Run_OneVersusTwoThreads_GivesIdenticalResults()
    {
        TornadoResult Run(int threads)
        {
            var context = ToySimulator.Context(threads);
            return TornadoAnalysis.Run(context, ToySimulator.Base(context), [TornadoRange.Relative("a", 0.5), TornadoRange.Bounds("n")], 8);
        }

        var one = Run(1);
        var two = Run(2);
        foreach (var kpi in new[] { "y", "z" })
            Assert.Equal(one.Kpi(kpi).Bars, two.Kpi(kpi).Bars);
    }

    [Theory]
    [InlineData("nope", "no parameter 'nope'")]
    [InlineData("mode", "numeric parameters only")]
    [InlineData("open", "no finite bounds")]
    public void Run_UnusableRange_NamesTheParameter(string parameter, string message)
    {
        var context = ToySimulator.Context();
        var error = Assert.Throws<TwinLabException>(() =>
            TornadoAnalysis.Run(context, ToySimulator.Base(context), [TornadoRange.Bounds(parameter)], 2));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Run_OnlyLowGiven_SaysBothAreNeeded()
    {
        var context = ToySimulator.Context();
        var error = Assert.Throws<TwinLabException>(() =>
            TornadoAnalysis.Run(context, ToySimulator.Base(context), [new TornadoRange("a", Low: 0.5)], 2));
        Assert.Contains("'a': give both a low and a high value", error.Message);
    }

    [Fact]
    public void Run_Cancelled_ReportsIncompleteResult()
    {
        var context = new ExperimentContext(new ToySimulator(), new RunOptions(1, 2), cancellationToken: new CancellationToken(true));
        var result = TornadoAnalysis.Run(context, ToySimulator.Base(context), [TornadoRange.Bounds("a")], 4);

        Assert.False(result.Complete);
        Assert.Empty(result.Runs);
    }
}
