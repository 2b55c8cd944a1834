using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Queueing;

public sealed class ExponentialZigguratTests
{
    private const int Draws = 200_000;

    private static double[] Sample(ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        var draws = new double[Draws];
        for (var i = 0; i < Draws; i++) draws[i] = ExponentialZiggurat.NextStandard(random);
        return draws;
    }

    [Fact]
    public void NextStandard_ManyDraws_PassKolmogorovSmirnovAgainstExponential()
    {
        var draws = Sample(5);
        Array.Sort(draws);

        var d = 0.0;
        for (var i = 0; i < Draws; i++)
        {
            var cdf = 1 - Math.Exp(-draws[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / Draws - cdf, cdf - (double)i / Draws));
        }

        // 1.628/√n is the asymptotic 1% critical value of the one-sample Kolmogorov-Smirnov statistic.
        Assert.True(d < 1.628 / Math.Sqrt(Draws), $"D = {d}");
        Assert.True(draws[0] >= 0);
    }

    [Fact]
    public void NextStandard_ManyDraws_MomentsAndTailMatchExponential()
    {
        var draws = Sample(6);
        var mean = draws.Average();
        var variance = draws.Sum(x => (x - mean) * (x - mean)) / (Draws - 1);

        // Standard errors: mean 1/√n, variance √8/√n (the fourth central moment of Exp(1) is 9).
        Assert.InRange(mean, 1 - 4 / Math.Sqrt(Draws), 1 + 4 / Math.Sqrt(Draws));
        Assert.InRange(variance, 1 - 4 * Math.Sqrt(8.0 / Draws), 1 + 4 * Math.Sqrt(8.0 / Draws));
        // Beyond the base layer's edge (r ≈ 7.7) draws come from the tail branch: P(X > 8) = e⁻⁸ ≈ 67 of 200,000.
        var beyond8 = draws.Count(x => x > 8);
        Assert.InRange(beyond8, 35, 105);
    }

    [Fact]
    public void NextStandard_SameStream_GivesSameDraws()
    {
        Assert.Equal(Sample(9).Take(100), Sample(9).Take(100));
    }
}
