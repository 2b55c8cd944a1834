namespace TwinLab.Simulation.Random.Distributions;

/// <summary>Continuous uniform on [min, max).</summary>
internal sealed record UniformDistribution : Distribution
{
    public UniformDistribution(double min, double max)
    {
        Require.Less(min, nameof(min), max, nameof(max));
        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    public override double Mean => (Min + Max) / 2;

    public override double Variance => (Max - Min) * (Max - Min) / 12;

    public override double Sample(RandomStream random) => Min + (Max - Min) * random.NextDouble();

    public override double Cdf(double x) => x <= Min ? 0 : x >= Max ? 1 : (x - Min) / (Max - Min);

    public override string ToString() => $"uniform(min={Invariant.Format(Min)}, max={Invariant.Format(Max)})";
}
