namespace TwinLab.Simulation.Random.Distributions;

/// <summary>A degenerate distribution: always the same value, drawing nothing from the stream.</summary>
internal sealed record ConstantDistribution : Distribution
{
    public ConstantDistribution(double value) => Value = Require.Finite(value, nameof(value));

    public double Value { get; }

    public override double Mean => Value;

    public override double Variance => 0;

    public override double Sample(RandomStream random) => Value;

    public override double Cdf(double x) => x < Value ? 0 : 1;

    public override string ToString() => $"constant({Invariant.Format(Value)})";
}
