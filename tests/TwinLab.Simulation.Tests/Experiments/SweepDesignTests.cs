using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Sweep;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Experiments;

public sealed class SweepDesignTests
{
    private static readonly SimulatorInfo Grid = new GridSimulator().Info;
    private static readonly SimulatorInfo Quadratic = new QuadraticSimulator().Info;

    [Fact]
    public void Grid_TwoFactors_FullFactorialFirstFactorSlowest()
    {
        var design = SweepDesign.Grid(Grid, new Dictionary<string, IReadOnlyList<ParameterValue>>
        {
            ["buffer"] = SweepLevels.Integers(2, 6, 2),
            ["crews"] = SweepLevels.Integers(1, 2),
        });

        Assert.Equal(["buffer", "crews"], design.Factors);
        Assert.Equal(
            ["buffer=2, crews=1", "buffer=2, crews=2", "buffer=4, crews=1", "buffer=4, crews=2", "buffer=6, crews=1", "buffer=6, crews=2"],
            design.Points.Select(p => p.Name));
        Assert.Equal(4, design.Points[3].Parameters.GetInt("buffer"));
        Assert.Equal(2, design.Points[3].Parameters.GetInt("crews"));
        Assert.Equal("slow", design.Points[3].Parameters.GetText("mode"));
    }

    [Fact]
    public void Grid_BooleansAndChoices_NamedReadably()
    {
        var design = SweepDesign.Grid(Grid, new Dictionary<string, IReadOnlyList<ParameterValue>>
        {
            ["express"] = SweepLevels.Booleans(),
            ["mode"] = SweepLevels.All(Grid.Parameters[2]),
        });

        Assert.Equal(["express=false, mode=slow", "express=false, mode=fast", "express=true, mode=slow", "express=true, mode=fast"],
            design.Points.Select(p => p.Name));
        Assert.True(design.Points[3].Parameters.GetBool("express"));
    }

    [Fact]
    public void Grid_UnknownParameter_Throws()
    {
        var error = Assert.Throws<TwinLabException>(() => SweepDesign.Grid(Grid,
            new Dictionary<string, IReadOnlyList<ParameterValue>> { ["speed"] = [1.0] }));

        Assert.Contains("no parameter 'speed'", error.Message);
    }

    [Fact]
    public void Grid_ValueOutOfRange_Throws()
    {
        var error = Assert.Throws<TwinLabException>(() => SweepDesign.Grid(Grid,
            new Dictionary<string, IReadOnlyList<ParameterValue>> { ["crews"] = SweepLevels.Integers(0, 2) }));

        Assert.Contains("crews", error.Message);
    }

    [Fact]
    public void Range_DecimalStep_ExactEndsWithoutRoundingNoise()
    {
        var values = SweepLevels.Range(0, 1, 0.1).Select(v => v.Number).ToArray();

        Assert.Equal(11, values.Length);
        Assert.Equal(0.3, values[3]);
        Assert.Equal(1.0, values[10]);
    }

    [Fact]
    public void LatinHypercube_RealParameters_EachStratumHoldsExactlyOnePoint()
    {
        const int n = 25;
        var ranges = new Dictionary<string, ParameterRange> { ["x"] = new(0.2, 0.8), ["y"] = ParameterRange.Of(Quadratic.Parameters[1]) };

        var design = SweepDesign.LatinHypercube(Quadratic, ranges, n, seed: 99);

        Assert.Equal(n, design.Points.Count);
        foreach (var (name, range) in ranges)
        {
            var strata = design.Points
                .Select(p => (int)Math.Floor((p.Parameters.GetDouble(name) - range.Min) / (range.Max - range.Min) * n))
                .Order();
            Assert.Equal(Enumerable.Range(0, n), strata);
        }
    }

    [Fact]
    public void LatinHypercube_UnitSampler_EachStratumOfEachDimensionHoldsOnePoint()
    {
        var sample = LatinHypercubeSampler.Sample(40, 5, RandomStream.FromSeed(3));

        for (var j = 0; j < 5; j++)
            Assert.Equal(Enumerable.Range(0, 40), sample.Select(p => (int)Math.Floor(p[j] * 40)).Order());
        Assert.All(sample.SelectMany(p => p), u => Assert.InRange(u, 0, 1 - 1e-17));
    }

    [Fact]
    public void LatinHypercube_IntegerParameter_EveryWholeNumberOnce()
    {
        var design = SweepDesign.LatinHypercube(Grid,
            new Dictionary<string, ParameterRange> { ["crews"] = new(1, 5), ["buffer"] = new(0, 9) }, 5, seed: 1);

        Assert.Equal([1, 2, 3, 4, 5], design.Points.Select(p => p.Parameters.GetInt("crews")).Order());
        // 10 whole numbers in 5 strata: one point in each pair {0,1}, {2,3}, ….
        Assert.Equal([0, 1, 2, 3, 4], design.Points.Select(p => p.Parameters.GetInt("buffer") / 2).Order());
    }

    [Fact]
    public void LatinHypercube_SameSeed_SameDesign_OtherSeed_Different()
    {
        var ranges = new Dictionary<string, ParameterRange> { ["x"] = new(0, 1), ["y"] = new(0, 1) };
        double[] Xs(ulong seed) => [.. SweepDesign.LatinHypercube(Quadratic, ranges, 10, seed).Points.Select(p => p.Parameters.GetDouble("x"))];

        Assert.Equal(Xs(5), Xs(5));
        Assert.NotEqual(Xs(5), Xs(6));
    }

    [Fact]
    public void LatinHypercube_ChoiceParameter_Throws()
    {
        var error = Assert.Throws<TwinLabException>(() =>
            SweepDesign.LatinHypercube(Grid, new Dictionary<string, ParameterRange> { ["mode"] = new(0, 1) }, 4, 1));

        Assert.Contains("'mode' is not numeric", error.Message);
    }
}
