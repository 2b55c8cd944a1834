namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// A probability distribution of a real-valued random variable: service times, repair durations, demand sizes.
/// Create one with the static factories (<see cref="Exponential"/>, <see cref="Normal"/>, …) or
/// <see cref="Parse"/> a scenario-file text such as <c>gamma(shape=2, scale=3)</c>.
/// </summary>
/// <remarks>
/// Instances are immutable and hold no random state: all randomness comes from the <see cref="RandomStream"/>
/// passed to <see cref="Sample"/>, so one instance can be shared by every replication and thread while each
/// replication stays reproducible. Sampling allocates nothing. Two distributions are equal when they have the same
/// family and parameters.
/// </remarks>
public abstract partial record Distribution
{
    /// <summary>Only this assembly defines families, so <see cref="Parse"/> and <see cref="ToString"/> know them all.</summary>
    private protected Distribution()
    {
    }

    /// <summary>The expected value.</summary>
    public abstract double Mean { get; }

    /// <summary>The variance (every family offered here has a finite one).</summary>
    public abstract double Variance { get; }

    /// <summary>The standard deviation, √<see cref="Variance"/>.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>One draw, using only <paramref name="random"/>.</summary>
    public abstract double Sample(RandomStream random);

    /// <summary>The cumulative distribution function P(X ≤ <paramref name="x"/>).</summary>
    public abstract double Cdf(double x);

    /// <summary>The scenario-file form, e.g. <c>exponential(rate=2)</c>; <see cref="Parse"/> reads it back.</summary>
    public abstract override string ToString();
}
