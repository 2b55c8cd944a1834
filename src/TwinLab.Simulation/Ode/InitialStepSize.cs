namespace TwinLab.Simulation.Ode;

/// <summary>
/// Chooses the first step from the problem itself (Hairer, Nørsett and Wanner, Solving ODEs I, 2nd ed.,
/// Section II.4, "Starting step size"), so callers need not guess a time scale.
/// </summary>
/// <remarks>
/// Takes h₀ = 0.01·‖y₀‖/‖f₀‖, probes one explicit Euler step of that size to estimate the second
/// derivative, and picks h₁ so that h₁⁵·max(‖f₀‖, ‖y''‖) ≈ 0.01 (the local error of an order-4 estimator);
/// the result is min(100·h₀, h₁). Norms are the same weighted RMS norms the error control uses. Costs one
/// evaluation of the right-hand side.
/// </remarks>
internal static class InitialStepSize
{
    /// <summary>Returns the magnitude of the first step.</summary>
    /// <param name="f">The right-hand side (evaluations counted and checked by the caller's wrapper).</param>
    /// <param name="t0">The initial time.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="f0">f(t0, y0).</param>
    /// <param name="direction">+1 forward, −1 backward.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance per component.</param>
    /// <param name="y1">Workspace of the state's length.</param>
    /// <param name="f1">Workspace of the state's length.</param>
    /// <param name="limit">The largest step wanted, such as the distance to the end (the probe stays within it).</param>
    public static double Select(
        OdeSystem f, double t0, ReadOnlySpan<double> y0, ReadOnlySpan<double> f0, double direction,
        double rtol, ReadOnlySpan<double> atol, Span<double> y1, Span<double> f1, double limit)
    {
        var n = y0.Length;
        double sumY = 0, sumF = 0;
        for (var i = 0; i < n; i++)
        {
            var scale = atol[i] + rtol * Math.Abs(y0[i]);
            sumY += Square(y0[i] / scale);
            sumF += Square(f0[i] / scale);
        }
        var d0 = Math.Sqrt(sumY / n);
        var d1 = Math.Sqrt(sumF / n);
        // Capped so the probe never evaluates f beyond the interval, where the model may be undefined.
        var h0 = Math.Min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1, limit);

        for (var i = 0; i < n; i++) y1[i] = y0[i] + direction * h0 * f0[i];
        f(t0 + direction * h0, y1, f1);
        double sumD = 0;
        for (var i = 0; i < n; i++) sumD += Square((f1[i] - f0[i]) / (atol[i] + rtol * Math.Abs(y0[i])));
        var d2 = Math.Sqrt(sumD / n) / h0;

        var largest = Math.Max(d1, d2);
        var h1 = largest <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / largest, 1.0 / 5);
        return Math.Min(Math.Min(100 * h0, h1), limit);
    }

    private static double Square(double x) => x * x;
}
