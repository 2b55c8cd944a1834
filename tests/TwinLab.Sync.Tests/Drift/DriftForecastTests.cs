using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Random;
using TwinLab.Sync.Drift;

namespace TwinLab.Sync.Tests.Drift;

public sealed class DriftForecastTests
{
    [Fact]
    public void NormalForecast_Interval_IsMeanPlusMinus196Sd()
    {
        var f = new NormalForecast(130, 8.6);

        Assert.Equal(130 - 1.959964 * 8.6, f.Lower, 4);
        Assert.Equal(130 + 1.959964 * 8.6, f.Upper, 4);
        Assert.Equal(1.0, f.Standardize(138.6, 0.5), 10);
        Assert.True(f.Contains(140) && !f.Contains(150));
    }

    [Theory]
    [InlineData(0.4, 1.0)]
    [InlineData(3.0, 1.0)]
    [InlineData(25.0, 1.0)]
    [InlineData(6.0, 2.5)]
    public void CountForecast_CountsFromTheModel_RandomisedResidualsStandardNormal(double mean, double dispersion)
    {
        var f = new CountForecast(mean, dispersion);
        var random = RandomStream.FromSeed(99).AsSystemRandom();
        var z = new double[20_000];
        for (var i = 0; i < z.Length; i++)
        {
            // Over-dispersed counts as a gamma–Poisson mixture: rate ~ Gamma(shape r, mean μ), r = μ/(φ−1), so Var = φμ.
            var rate = dispersion == 1 ? mean : Gamma.Sample(random, mean / (dispersion - 1), (mean / (dispersion - 1)) / mean);
            var x = Poisson.Sample(random, rate);
            z[i] = f.Standardize(x, random.NextDouble());
        }

        var m = z.Average();
        var sd = Math.Sqrt(z.Sum(v => (v - m) * (v - m)) / (z.Length - 1));
        Assert.InRange(m, -0.03, 0.03);
        Assert.InRange(sd, 0.97, 1.03);
    }

    [Fact]
    public void CountForecast_Interval_CoversAtLeastTheLevel()
    {
        var f = new CountForecast(20);

        Assert.True(f.Cdf(f.Upper) - f.Cdf(f.Lower - 1) >= 0.95);
        Assert.InRange(f.Lower, 11, 12);
        Assert.InRange(f.Upper, 28, 29);
        Assert.Equal((0.0, 0.0), (new CountForecast(0).Lower, new CountForecast(0).Upper));
    }

    [Fact]
    public void Forecasts_BadArguments_AreRefusedNamingTheArgument()
    {
        Assert.Equal("sd", Assert.Throws<ArgumentOutOfRangeException>(() => new NormalForecast(1, 0)).ParamName);
        Assert.Equal("dispersion", Assert.Throws<ArgumentOutOfRangeException>(() => new CountForecast(1, 0.5)).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new NormalForecast(1, 1, 1.2)).ParamName);
    }
}
