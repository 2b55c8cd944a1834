using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;
using static TwinLab.Simulation.Tests.Random.GoodnessOfFit;

namespace TwinLab.Simulation.Tests.Random;

public class DiscreteDistributionTests
{
    [Fact]
    public void Categorical_TwentyThousandDraws_PassesChiSquare()
    {
        double[] values = [1, 2, 5, 10];
        double[] weights = [1, 2, 3, 4];
        var distribution = Distribution.Categorical(values.Zip(weights));
        var observed = CountOutcomes(distribution, values, RandomStream.FromSeed(11));

        var expected = weights.Select(w => SampleSize * w / weights.Sum()).ToArray();
        Assert.True(ChiSquare(observed, expected) < ChiSquareCritical(values.Length - 1));
    }

    [Fact]
    public void ChiSquareCheck_WrongWeights_Fails()
    {
        double[] values = [1, 2, 5, 10];
        var observed = CountOutcomes(Distribution.Categorical((1, 1), (2, 2), (5, 3), (10, 4)), values, RandomStream.FromSeed(11));

        double[] wrong = [0.1, 0.2, 0.32, 0.38];
        Assert.True(ChiSquare(observed, wrong.Select(p => p * SampleSize).ToArray()) > ChiSquareCritical(3));
    }

    [Fact]
    public void Categorical_ZeroWeightOutcomes_AreNeverDrawn()
    {
        var distribution = Distribution.Categorical((0, 0), (1, 1), (2, 0), (3, 1), (4, 0));
        var random = RandomStream.FromSeed(3);

        var samples = Draw(distribution, random, 10_000);

        Assert.Equal([1.0, 3.0], samples.Distinct().Order());
    }

    [Fact]
    public void Categorical_MomentsAndCdf_FollowWeights()
    {
        var distribution = Distribution.Categorical((10, 1), (2, 3));

        Assert.Equal(4, distribution.Mean, 12);
        Assert.Equal(12, distribution.Variance, 12);
        Assert.Equal(0, distribution.Cdf(1.9));
        Assert.Equal(0.75, distribution.Cdf(2));
        Assert.Equal(0.75, distribution.Cdf(9.99));
        Assert.Equal(1, distribution.Cdf(10));
        Assert.Equal("categorical(2: 3, 10: 1)", distribution.ToString());
    }

    [Fact]
    public void Empirical_WithoutInterpolation_ResamplesObservationsInProportion()
    {
        var distribution = Distribution.Empirical([3, 1, 2, 2]);
        var observed = CountOutcomes(distribution, [1, 2, 3], RandomStream.FromSeed(12));

        double[] expected = [SampleSize / 4.0, SampleSize / 2.0, SampleSize / 4.0];
        Assert.True(ChiSquare(observed, expected) < ChiSquareCritical(2));
    }

    [Fact]
    public void Empirical_WithoutInterpolation_CdfIsEcdfAndMomentsAreSampleMoments()
    {
        var distribution = Distribution.Empirical([3, 1, 2, 2]);

        Assert.Equal(0, distribution.Cdf(0.99));
        Assert.Equal(0.25, distribution.Cdf(1));
        Assert.Equal(0.25, distribution.Cdf(1.5));
        Assert.Equal(0.75, distribution.Cdf(2));
        Assert.Equal(1, distribution.Cdf(3));
        Assert.Equal(2, distribution.Mean, 12);
        Assert.Equal(0.5, distribution.Variance, 12);
    }

    [Fact]
    public void Empirical_WithInterpolation_CdfIsLinearBetweenOrderStatistics()
    {
        var distribution = Distribution.Empirical([3, 0, 1], interpolate: true);

        Assert.Equal(0, distribution.Cdf(0));
        Assert.Equal(0.25, distribution.Cdf(0.5), 12);
        Assert.Equal(0.5, distribution.Cdf(1), 12);
        Assert.Equal(0.75, distribution.Cdf(2), 12);
        Assert.Equal(1, distribution.Cdf(3));
        Assert.Equal(1.25, distribution.Mean, 12); // halves of U(0,1) and U(1,3): (0.5 + 2) / 2
    }

    [Fact]
    public void Empirical_SourceChangedAfterwards_IsUnaffected()
    {
        double[] data = [1, 2, 3];
        var distribution = Distribution.Empirical(data);
        data[0] = 100;

        Assert.Equal(2, distribution.Mean, 12);
        Assert.Equal(Distribution.Empirical([3, 2, 1]), distribution);
    }

    [Fact]
    public void Bernoulli_TwentyThousandDraws_MatchesProbability()
    {
        var samples = Draw(Distribution.Bernoulli(0.3), RandomStream.FromSeed(13));

        Assert.All(samples, x => Assert.True(x is 0 or 1));
        AssertMean(samples, 0.3, 0.21, "bernoulli(p=0.3)");
    }

    [Fact]
    public void Bernoulli_ExtremeProbabilities_AreCertain()
    {
        var random = RandomStream.FromSeed(14);

        Assert.All(Draw(Distribution.Bernoulli(0), random, 1000), x => Assert.Equal(0, x));
        Assert.All(Draw(Distribution.Bernoulli(1), random, 1000), x => Assert.Equal(1, x));
    }

    [Fact]
    public void Constant_Sample_AlwaysTheValueWithZeroVariance()
    {
        var distribution = Distribution.Constant(4.5);

        Assert.All(Draw(distribution, RandomStream.FromSeed(1), 100), x => Assert.Equal(4.5, x));
        Assert.Equal(0, distribution.Variance);
        Assert.Equal(0, distribution.Cdf(4.49));
        Assert.Equal(1, distribution.Cdf(4.5));
    }

    private static long[] CountOutcomes(Distribution distribution, double[] values, RandomStream random)
    {
        var counts = new long[values.Length];
        for (var i = 0; i < SampleSize; i++) counts[Array.IndexOf(values, distribution.Sample(random))]++;
        return counts;
    }
}
