using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Random;
using static TwinLab.Simulation.Tests.Random.GoodnessOfFit;

namespace TwinLab.Simulation.Tests.Random;

public class RandomStreamTests
{
    [Fact]
    public void NextDouble_TwentyThousandDraws_UniformOnOpenUnitInterval()
    {
        var random = RandomStream.FromSeed(1);
        var samples = new double[SampleSize];
        for (var i = 0; i < samples.Length; i++) samples[i] = random.NextDouble();

        Assert.All(samples, u => Assert.True(u is > 0 and < 1));
        AssertKsFits(samples, u => u, "NextDouble");
    }

    [Fact]
    public void NextInt_SevenBuckets_Unbiased()
    {
        var random = RandomStream.FromSeed(2);
        var counts = new long[7];
        for (var i = 0; i < 7 * 10_000; i++) counts[random.NextInt(7)]++;

        Assert.True(ChiSquare(counts, Enumerable.Repeat(10_000.0, 7).ToArray()) < ChiSquareCritical(6));
    }

    [Fact]
    public void NextInt_RangeNearTwoToThe31_ResiduesStayUniform()
    {
        // 3·2^29 does not divide 2^32: without rejection of the low products, residue 2 would come up a quarter less often.
        var random = RandomStream.FromSeed(4);
        var counts = new long[3];
        for (var i = 0; i < 30_000; i++) counts[random.NextInt(3 << 29) % 3]++;

        Assert.True(ChiSquare(counts, [10_000.0, 10_000.0, 10_000.0]) < ChiSquareCritical(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void NextInt_AnyRange_StaysInRange(int maxExclusive)
    {
        var random = RandomStream.FromSeed(3);

        for (var i = 0; i < 1000; i++) Assert.InRange(random.NextInt(maxExclusive), 0, maxExclusive - 1);
    }

    [Fact]
    public void NextGaussian_TwentyThousandDraws_StandardNormal()
    {
        var random = RandomStream.FromSeed(4);
        var samples = new double[SampleSize];
        for (var i = 0; i < samples.Length; i++) samples[i] = random.NextGaussian();

        AssertKsFits(samples, x => Normal.CDF(0, 1, x), "NextGaussian");
        AssertMean(samples, 0, 1, "NextGaussian");
        AssertVariance(samples, 1, "NextGaussian");
    }

    [Fact]
    public void NextExponential_TwentyThousandDraws_ExponentialWithRate()
    {
        var random = RandomStream.FromSeed(5);
        var samples = new double[SampleSize];
        for (var i = 0; i < samples.Length; i++) samples[i] = random.NextExponential(3);

        AssertKsFits(samples, x => 1 - Math.Exp(-3 * x), "NextExponential");
    }

    [Fact]
    public void For_SameKey_SameSequence()
    {
        Assert.Equal(Take(RandomStream.For(42, 3, 7)), Take(RandomStream.For(42, 3, 7)));
    }

    [Fact]
    public void For_DifferentSeedScenarioOrReplication_DifferentSequences()
    {
        var sequences = new[]
        {
            Take(RandomStream.For(42, 3, 7)), Take(RandomStream.For(43, 3, 7)), Take(RandomStream.For(42, 4, 7)),
            Take(RandomStream.For(42, 3, 8)), Take(RandomStream.For(42, 7, 3)), Take(RandomStream.FromSeed(42)),
        };

        for (var i = 0; i < sequences.Length; i++)
        for (var j = i + 1; j < sequences.Length; j++)
            Assert.NotEqual(sequences[i], sequences[j]);
    }

    [Fact]
    public void Split_SameIndex_ReproducibleAndIndependentOfDrawsSoFar()
    {
        var parent = RandomStream.For(1, 2, 3);
        var before = Take(parent.Split(5));
        for (var i = 0; i < 100; i++) parent.NextUInt64();

        Assert.Equal(before, Take(parent.Split(5)));
        Assert.Equal(before, Take(RandomStream.For(1, 2, 3).Split(5)));
    }

    [Fact]
    public void Split_DifferentIndices_DistinctFromEachOtherAndParent()
    {
        var parent = RandomStream.For(1, 2, 3);
        var sequences = Enumerable.Range(0, 8).Select(i => Take(parent.Split(i))).Append(Take(RandomStream.For(1, 2, 3))).ToList();

        for (var i = 0; i < sequences.Count; i++)
        for (var j = i + 1; j < sequences.Count; j++)
            Assert.NotEqual(sequences[i], sequences[j]);
    }

    [Fact]
    public void AsSystemRandom_Draws_FollowTheStream()
    {
        var adapter = RandomStream.FromSeed(6).AsSystemRandom();
        var direct = RandomStream.FromSeed(6);

        for (var i = 0; i < 100; i++) Assert.Equal(direct.NextDouble(), adapter.NextDouble());
        for (var i = 0; i < 100; i++) Assert.InRange(adapter.Next(3, 9), 3, 8);
    }

    private static ulong[] Take(RandomStream random)
    {
        var values = new ulong[16];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextUInt64();
        return values;
    }
}
