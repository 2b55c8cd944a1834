namespace TwinLab.Simulation.Random.Distributions;

/// <summary>1 with probability p, otherwise 0 (a yes/no event such as "the part is defective").</summary>
internal sealed record BernoulliDistribution : Distribution
{
    public BernoulliDistribution(double p) => P = Require.Probability(p, nameof(p));

    public double P { get; }

    public override double Mean => P;

    public override double Variance => P * (1 - P);

    // "≤" rather than "<" so p = 1 always gives 1 even if the uniform ever returned exactly 1.
    public override double Sample(RandomStream random) => random.NextDouble() <= P ? 1 : 0;

    public override double Cdf(double x) => x < 0 ? 0 : x < 1 ? 1 - P : 1;

    public override string ToString() => $"bernoulli(p={Invariant.Format(P)})";
}
