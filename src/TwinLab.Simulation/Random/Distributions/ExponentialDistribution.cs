namespace TwinLab.Simulation.Random.Distributions;

/// <summary>Exponential with rate λ, sampled by inversion: −ln(U)/λ.</summary>
internal sealed record ExponentialDistribution : Distribution
{
    public ExponentialDistribution(double rate) => Rate = Require.Positive(rate, nameof(rate));

    public double Rate { get; }

    public override double Mean => 1 / Rate;

    public override double Variance => 1 / (Rate * Rate);

    // U is in (0, 1), so the logarithm is finite.
    public override double Sample(RandomStream random) => -Math.Log(random.NextDouble()) / Rate;

    public override double Cdf(double x) => x <= 0 ? 0 : 1 - Math.Exp(-Rate * x);

    public override string ToString() => $"exponential(rate={Invariant.Format(Rate)})";
}
