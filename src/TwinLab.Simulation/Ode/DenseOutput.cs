namespace TwinLab.Simulation.Ode;

/// <summary>
/// The fourth-order continuous extension of one Dormand–Prince step, stored as five rows of n coefficients
/// (Hairer, Nørsett and Wanner, Solving ODEs I, 2nd ed., Section II.6; the form of their DOPRI5 code).
/// </summary>
/// <remarks>
/// With θ = (t − t_old)/h the interpolant is r1 + θ(r2 + (1−θ)(r3 + θ(r4 + (1−θ)r5))): r1 = y_old,
/// r2 = y_new − y_old, r3 = h·k1 − r2, r4 = r2 − h·k7 − r3, r5 = h·Σ D_j k_j. It matches the state and
/// slope at both ends, so the piecewise interpolant is C¹ across steps.
/// </remarks>
internal static class DenseOutput
{
    public const int Rows = 5;

    /// <summary>Builds the coefficients of a step from its stages (k2 is not needed: b2 = d2 = 0).</summary>
    public static void Build(
        double h, ReadOnlySpan<double> yOld, ReadOnlySpan<double> yNew, ReadOnlySpan<double> k1, ReadOnlySpan<double> k3,
        ReadOnlySpan<double> k4, ReadOnlySpan<double> k5, ReadOnlySpan<double> k6, ReadOnlySpan<double> k7, Span<double> coefficients)
    {
        var n = yOld.Length;
        var r1 = coefficients[..n];
        var r2 = coefficients.Slice(n, n);
        var r3 = coefficients.Slice(2 * n, n);
        var r4 = coefficients.Slice(3 * n, n);
        var r5 = coefficients.Slice(4 * n, n);
        for (var i = 0; i < n; i++)
        {
            var difference = yNew[i] - yOld[i];
            var bspl = h * k1[i] - difference;
            r1[i] = yOld[i];
            r2[i] = difference;
            r3[i] = bspl;
            r4[i] = difference - h * k7[i] - bspl;
            r5[i] = h * (DormandPrinceTableau.D1 * k1[i] + DormandPrinceTableau.D3 * k3[i] + DormandPrinceTableau.D4 * k4[i]
                + DormandPrinceTableau.D5 * k5[i] + DormandPrinceTableau.D6 * k6[i] + DormandPrinceTableau.D7 * k7[i]);
        }
    }

    /// <summary>Evaluates the interpolant of the step that starts at <paramref name="tStart"/> with size <paramref name="h"/>.</summary>
    public static void Evaluate(double tStart, double h, ReadOnlySpan<double> coefficients, double t, Span<double> y)
    {
        var n = y.Length;
        var theta = (t - tStart) / h;
        var theta1 = 1 - theta;
        for (var i = 0; i < n; i++)
        {
            y[i] = coefficients[i] + theta * (coefficients[n + i] + theta1 * (coefficients[2 * n + i]
                + theta * (coefficients[3 * n + i] + theta1 * coefficients[4 * n + i])));
        }
    }
}
