namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// Triangular on [a, b] with mode c, the usual "minimum, most likely, maximum" estimate; sampled by inverting its
/// piecewise-quadratic CDF (Law, Simulation Modeling and Analysis, §8.3.15).
/// </summary>
internal sealed record TriangularDistribution : Distribution
{
    private readonly double _modeCdf;

    public TriangularDistribution(double min, double mode, double max)
    {
        Require.Less(min, nameof(min), max, nameof(max));
        Require.Finite(mode, nameof(mode));
        if (mode < min || mode > max)
            throw Require.Fail(nameof(mode), mode,
                $"mode must be between min and max, got min={Invariant.Format(min)}, mode={Invariant.Format(mode)}, max={Invariant.Format(max)}");
        Min = min;
        Mode = mode;
        Max = max;
        _modeCdf = (mode - min) / (max - min);
    }

    public double Min { get; }

    public double Mode { get; }

    public double Max { get; }

    public override double Mean => (Min + Mode + Max) / 3;

    public override double Variance =>
        (Min * Min + Mode * Mode + Max * Max - Min * Mode - Min * Max - Mode * Max) / 18;

    public override double Sample(RandomStream random)
    {
        var u = random.NextDouble();
        return u < _modeCdf
            ? Min + Math.Sqrt(u * (Max - Min) * (Mode - Min))
            : Max - Math.Sqrt((1 - u) * (Max - Min) * (Max - Mode));
    }

    public override double Cdf(double x)
    {
        if (x <= Min) return 0;
        if (x >= Max) return 1;
        return x <= Mode
            ? (x - Min) * (x - Min) / ((Max - Min) * (Mode - Min))
            : 1 - (Max - x) * (Max - x) / ((Max - Min) * (Max - Mode));
    }

    public override string ToString() =>
        $"triangular(min={Invariant.Format(Min)}, mode={Invariant.Format(Mode)}, max={Invariant.Format(Max)})";
}
