using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

/// <summary>Test problems with closed-form solutions.</summary>
internal static class OdeProblems
{
    public static readonly DormandPrinceOptions Tight = new() { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-12 };

    /// <summary>y' = −0.7 y: y(t) = y0·e^(−0.7t).</summary>
    public const double DecayRate = 0.7;

    public static void Decay(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -DecayRate * y[0];

    /// <summary>x'' = −ω²x as (x, v): with x(0) = 1, v(0) = 0, x = cos ωt, v = −ω sin ωt.</summary>
    public const double Omega = 2.0;

    public static void Oscillator(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = -Omega * Omega * y[0];
    }

    public static double[] OscillatorExact(double t) => [Math.Cos(Omega * t), -Omega * Math.Sin(Omega * t)];
}
