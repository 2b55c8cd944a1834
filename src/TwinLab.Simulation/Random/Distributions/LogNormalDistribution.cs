namespace TwinLab.Simulation.Random.Distributions;

/// <summary>Lognormal exp(N(μ, σ²)), sampled by exponentiating a normal draw.</summary>
internal sealed record LogNormalDistribution : Distribution
{
    public LogNormalDistribution(double mu, double sigma)
    {
        Mu = Require.Finite(mu, nameof(mu));
        Sigma = Require.Positive(sigma, nameof(sigma));
    }

    public double Mu { get; }

    public double Sigma { get; }

    public override double Mean => Math.Exp(Mu + Sigma * Sigma / 2);

    public override double Variance => (Math.Exp(Sigma * Sigma) - 1) * Math.Exp(2 * Mu + Sigma * Sigma);

    public override double Sample(RandomStream random) => Math.Exp(Mu + Sigma * random.NextGaussian());

    public override double Cdf(double x) => x <= 0 ? 0 : MathNet.Numerics.Distributions.LogNormal.CDF(Mu, Sigma, x);

    public override string ToString() => $"lognormal(mu={Invariant.Format(Mu)}, sigma={Invariant.Format(Sigma)})";
}
