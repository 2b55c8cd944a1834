using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Sensitivity;

namespace TwinLab.Simulation.Tests.Sensitivity;

public sealed class SobolAnalysisTests
{
    private static readonly SobolFactor[] IshigamiFactors =
        [new("x1", -Math.PI, Math.PI), new("x2", -Math.PI, Math.PI), new("x3", -Math.PI, Math.PI)];

    // Ishigami and Homma (1990) with a = 7, b = 0.1.
    private static double Ishigami(double[] x) =>
        Math.Sin(x[0]) + 7 * Math.Pow(Math.Sin(x[1]), 2) + 0.1 * Math.Pow(x[2], 4) * Math.Sin(x[0]);

    [Theory]
    [InlineData(SobolDesign.Quasi, 1 << 13)]
    [InlineData(SobolDesign.PseudoRandom, 1 << 14)]
    public void Run_Ishigami_MatchesAnalyticIndices(SobolDesign design, int samples)
    {
        // Analytic values: Saltelli et al. (2008), Global Sensitivity Analysis: The Primer, §4.9 (Sobol' and Levitan, 1999).
        double[] first = [0.3139, 0.4424, 0.0];
        double[] total = [0.5576, 0.4424, 0.2437];

        var result = SobolAnalysis.Run(Ishigami, IshigamiFactors, samples, new RunOptions(7, 2),
            new SobolOptions { Design = design, BootstrapResamples = 0 });

        var y = result.Output("y");
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(y.Indices[i].First, first[i] - 0.03, first[i] + 0.03);
            Assert.InRange(y.Indices[i].Total, total[i] - 0.03, total[i] + 0.03);
        }
        Assert.Equal(samples * 5L, result.Evaluations);
        Assert.Equal(design, result.Design);
    }

    [Fact]
    public void Run_Ishigami_IntervalsBracketEstimatesAndTruth()
    {
        var result = SobolAnalysis.Run(Ishigami, IshigamiFactors, 1 << 12, new RunOptions(3, 2),
            new SobolOptions { Design = SobolDesign.PseudoRandom, BootstrapResamples = 200 });

        var x2 = result.Output("y").Index("x2");
        Assert.InRange(x2.First, x2.FirstLow, x2.FirstHigh);
        Assert.InRange(0.4424, x2.FirstLow, x2.FirstHigh);
        Assert.InRange(0.4424, x2.TotalLow, x2.TotalHigh);
        Assert.True(x2.FirstHigh - x2.FirstLow < 0.2);
    }

    [Fact]
    public void Run_LinearModel_FirstAndTotalEqualSquaredCoefficientShares()
    {
        double[] a = [1, 2, 3];
        var result = SobolAnalysis.Run(x => a[0] * x[0] + a[1] * x[1] + a[2] * x[2],
            [new SobolFactor("x1", 0, 1), new SobolFactor("x2", 0, 1), new SobolFactor("x3", 0, 1)],
            1 << 12, new RunOptions(11, 2), new SobolOptions { BootstrapResamples = 0 });

        var y = result.Output("y");
        for (var i = 0; i < 3; i++)
        {
            var expected = a[i] * a[i] / 14;
            Assert.Equal(expected, y.Indices[i].First, 0.01);
            Assert.Equal(expected, y.Indices[i].Total, 0.01);
            Assert.True(double.IsNaN(y.Indices[i].FirstLow), "no bootstrap was asked for");
        }
    }

    [Fact]
    public void Run_OneVersusTwoThreads_GivesIdenticalIndices()
    {
        SobolIndex[] Run(int threads) => [.. SobolAnalysis.Run(Ishigami, IshigamiFactors, 256, new RunOptions(5, threads),
            new SobolOptions { BootstrapResamples = 50 }).Output("y").Indices];

        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void Run_Simulator_IndicesOfAdditiveKpiAddUpAndAreReproducible()
    {
        SobolResult Run(int threads)
        {
            var context = ToySimulator.Context(threads);
            return SobolAnalysis.Run(context, ToySimulator.Base(context),
                [new SobolFactor("a", 0, 1), new SobolFactor("b", 0, 3)], 64, 2, new SobolOptions { BootstrapResamples = 20 });
        }

        var one = Run(1);
        var two = Run(2);
        // y = 3a + b + mean noise (fixed under common random numbers): Var from a is 9/12, from b is 9/12.
        var y = one.Output("y");
        Assert.Equal(0.5, y.Index("a").First, 0.05);
        Assert.Equal(0.5, y.Index("b").Total, 0.05);
        Assert.Equal(64 * 4L, one.Evaluations);
        Assert.Equal(y.Indices, two.Output("y").Indices);
        Assert.Equal(one.Output("z").Indices, two.Output("z").Indices);
    }

    [Fact]
    public void Run_UnknownOrNonNumericFactor_NamesIt()
    {
        var context = ToySimulator.Context();
        var unknown = Assert.Throws<TwinLabException>(() =>
            SobolAnalysis.Run(context, ToySimulator.Base(context), [new SobolFactor("q")], 8, 1));
        Assert.Contains("no parameter 'q'", unknown.Message);
        var choice = Assert.Throws<TwinLabException>(() =>
            SobolAnalysis.Run(context, ToySimulator.Base(context), [new SobolFactor("mode")], 8, 1));
        Assert.Contains("'mode' is a choice parameter", choice.Message);
    }

    [Fact]
    public void Run_EmptyRange_SaysMinimumIsNotBelowMaximum()
    {
        var error = Assert.Throws<TwinLabException>(() =>
            SobolAnalysis.Run(x => x[0], [new SobolFactor("x", 1, 1)], 8, new RunOptions(1)));
        Assert.Contains("Factor 'x': minimum 1 is not below maximum 1", error.Message);
    }
}
