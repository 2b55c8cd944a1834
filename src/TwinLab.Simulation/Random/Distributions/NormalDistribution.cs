namespace TwinLab.Simulation.Random.Distributions;

/// <summary>Normal (Gaussian), sampled as mean + sd·Z with the stream's own standard-normal generator.</summary>
internal sealed record NormalDistribution : Distribution
{
    public NormalDistribution(double mean, double sd)
    {
        Location = Require.Finite(mean, nameof(mean));
        Scale = Require.Positive(sd, nameof(sd));
    }

    public double Location { get; }

    public double Scale { get; }

    public override double Mean => Location;

    public override double Variance => Scale * Scale;

    public override double Sample(RandomStream random) => Location + Scale * random.NextGaussian();

    public override double Cdf(double x) => MathNet.Numerics.Distributions.Normal.CDF(Location, Scale, x);

    public override string ToString() => $"normal(mean={Invariant.Format(Location)}, sd={Invariant.Format(Scale)})";
}
