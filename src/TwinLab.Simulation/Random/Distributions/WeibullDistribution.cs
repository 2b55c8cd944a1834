using MathNet.Numerics;

namespace TwinLab.Simulation.Random.Distributions;

/// <summary>Weibull with shape k and scale λ, sampled by inversion: λ·(−ln U)^(1/k).</summary>
internal sealed record WeibullDistribution : Distribution
{
    private readonly double _inverseShape;

    public WeibullDistribution(double shape, double scale)
    {
        Shape = Require.Positive(shape, nameof(shape));
        Scale = Require.Positive(scale, nameof(scale));
        _inverseShape = 1 / shape;
    }

    public double Shape { get; }

    public double Scale { get; }

    public override double Mean => Scale * SpecialFunctions.Gamma(1 + _inverseShape);

    public override double Variance
    {
        get
        {
            var g1 = SpecialFunctions.Gamma(1 + _inverseShape);
            return Scale * Scale * (SpecialFunctions.Gamma(1 + 2 * _inverseShape) - g1 * g1);
        }
    }

    public override double Sample(RandomStream random) => Scale * Math.Pow(-Math.Log(random.NextDouble()), _inverseShape);

    public override double Cdf(double x) => x <= 0 ? 0 : 1 - Math.Exp(-Math.Pow(x / Scale, Shape));

    public override string ToString() => $"weibull(shape={Invariant.Format(Shape)}, scale={Invariant.Format(Scale)})";
}
