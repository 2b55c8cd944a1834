using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;
using static TwinLab.Simulation.Tests.Random.GoodnessOfFit;

namespace TwinLab.Simulation.Tests.Random;

public class ContinuousDistributionTests
{
    /// <summary>Each continuous family, including both gamma branches (shape below and above 1).</summary>
    private static readonly Dictionary<string, Distribution> Cases = new()
    {
        ["exponential"] = Distribution.Exponential(2),
        ["normal"] = Distribution.Normal(10, 2),
        ["lognormal"] = Distribution.LogNormal(0.5, 0.4),
        ["lognormal-from-moments"] = Distribution.LogNormalFromMoments(10, 3),
        ["gamma-shape-2.5-scale"] = Distribution.GammaWithScale(2.5, 3),
        ["gamma-shape-1"] = Distribution.GammaWithScale(1, 2),
        ["gamma-shape-0.4-rate"] = Distribution.GammaWithRate(0.4, 2),
        ["weibull-shape-1.5"] = Distribution.Weibull(1.5, 10),
        ["weibull-shape-0.7"] = Distribution.Weibull(0.7, 2),
        ["uniform"] = Distribution.Uniform(1, 3),
        ["triangular"] = Distribution.Triangular(0, 2, 5),
        ["triangular-mode-at-min"] = Distribution.Triangular(1, 1, 4),
        ["empirical-interpolated"] = Distribution.Empirical([3.1, 0.4, 7.7, 2.2, 2.2, 5.0, 9.3, 1.1, 4.4, 6.0], interpolate: true),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sample_TwentyThousandDraws_PassesKolmogorovSmirnovAgainstCdf(string name)
    {
        var distribution = Cases[name];
        var samples = Draw(distribution, RandomStream.FromSeed(20240601));

        AssertKsFits(samples, distribution.Cdf, distribution.ToString());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sample_TwentyThousandDraws_MatchesMeanAndVariance(string name)
    {
        var distribution = Cases[name];
        var samples = Draw(distribution, RandomStream.FromSeed(777));

        AssertMean(samples, distribution.Mean, distribution.Variance, distribution.ToString());
        AssertVariance(samples, distribution.Variance, distribution.ToString());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Cdf_AcrossSupport_IsNondecreasingFromZeroToOne(string name)
    {
        var distribution = Cases[name];
        var lo = distribution.Mean - 20 * distribution.StandardDeviation;
        var previous = 0.0;
        for (var i = 0; i <= 600; i++)
        {
            var f = distribution.Cdf(lo + i * distribution.StandardDeviation / 10);
            Assert.InRange(f, previous, 1);
            previous = f;
        }
        Assert.Equal(0, distribution.Cdf(lo), 9);
        Assert.True(previous > 1 - 1e-4, $"Cdf(mean + 40 sd) = {previous}");
    }

    [Fact]
    public void KsCheck_SamplesFromSlightlyDifferentDistribution_Fails()
    {
        // Proves the KS check has teeth: a 10% rate error or a 0.05 sd shift in the mean is caught at n = 20,000.
        var random = RandomStream.FromSeed(5);
        var exponential = Draw(Distribution.Exponential(2), random);
        var normal = Draw(Distribution.Normal(10, 2), random);
        var gamma = Draw(Distribution.GammaWithScale(2, 1), random);

        Assert.True(KsStatistic(exponential, Distribution.Exponential(2.2).Cdf) > KsCritical(SampleSize));
        Assert.True(KsStatistic(normal, Distribution.Normal(10.1, 2).Cdf) > KsCritical(SampleSize));
        Assert.True(KsStatistic(gamma, Distribution.Weibull(1.5, 2.2).Cdf) > KsCritical(SampleSize));
    }

    [Fact]
    public void LogNormalFromMoments_MeanAndSd_AreThoseOfTheVariable()
    {
        var distribution = Distribution.LogNormalFromMoments(10, 3);

        Assert.Equal(10, distribution.Mean, 9);
        Assert.Equal(3, distribution.StandardDeviation, 9);
    }

    [Fact]
    public void GammaWithRate_SameAsScaleOfReciprocal()
    {
        Assert.Equal(Distribution.GammaWithScale(2, 0.5), Distribution.GammaWithRate(2, 2));
        Assert.Equal(1, Distribution.GammaWithRate(2, 2).Mean, 12);
    }

    [Fact]
    public void Sample_TriangularAndUniform_StayWithinBounds()
    {
        var random = RandomStream.FromSeed(9);
        var triangular = Distribution.Triangular(1, 4, 4);
        var uniform = Distribution.Uniform(-1, 1);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(triangular.Sample(random), 1, 4);
            Assert.InRange(uniform.Sample(random), -1, 1);
        }
    }
}
