using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.Simulation.Tests.Random;

/// <summary>A replication's draws depend only on (seed, scenario, replication), never on what else ran or where.</summary>
public class DeterminismTests
{
    private static readonly Distribution[] Mix =
    [
        Distribution.GammaWithScale(0.6, 2), Distribution.Normal(5, 1), Distribution.Weibull(2, 3),
        Distribution.Empirical([1, 4, 9], interpolate: true), Distribution.Categorical((1, 1), (2, 2)),
    ];

    private static readonly PiecewisePoissonProcess Arrivals = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5], cyclic: true);

    [Fact]
    public void Sample_SameStreamKey_SameSamples()
    {
        Assert.Equal(Replication(RandomStream.For(9, 1, 2)), Replication(RandomStream.For(9, 1, 2)));
    }

    [Fact]
    public void Sample_DifferentScenarioOrReplication_DifferentSamples()
    {
        var reference = Replication(RandomStream.For(9, 1, 2));

        Assert.NotEqual(reference, Replication(RandomStream.For(9, 2, 2)));
        Assert.NotEqual(reference, Replication(RandomStream.For(9, 1, 3)));
        Assert.NotEqual(reference, Replication(RandomStream.For(10, 1, 2)));
    }

    [Fact]
    public void Sample_ReplicationFiveAloneOrAfterZeroToFour_Identical()
    {
        var alone = Replication(RandomStream.For(9, 0, 5));
        double[]? afterOthers = null;
        for (var r = 0; r <= 5; r++)
        {
            var result = Replication(RandomStream.For(9, 0, r));
            if (r == 5) afterOthers = result;
        }

        Assert.Equal(alone, afterOthers);
    }

    [Fact]
    public void Sample_ReplicationsInParallel_SameAsSequential()
    {
        var sequential = Enumerable.Range(0, 16).Select(r => Replication(RandomStream.For(9, 0, r))).ToArray();
        var parallel = new double[16][];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, r => parallel[r] = Replication(RandomStream.For(9, 0, r)));

        Assert.Equal(sequential, parallel);
    }

    /// <summary>A stand-in replication: draws from shared distribution instances and a shared arrival process.</summary>
    private static double[] Replication(RandomStream random)
    {
        var values = new List<double>();
        for (var i = 0; i < 50; i++)
            foreach (var distribution in Mix)
                values.Add(distribution.Sample(random));
        var t = 0.0;
        for (var i = 0; i < 50; i++) values.Add(t = Arrivals.NextArrival(t, random));
        return [.. values];
    }
}
