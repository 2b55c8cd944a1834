namespace TwinLab.Simulation.Ode;

/// <summary>
/// The classical fourth-order Runge–Kutta method with a fixed step: for fixed-tick real-time twins and for
/// checking the adaptive solver. No error control, so the caller picks the step.
/// </summary>
/// <remarks>
/// MathNet.Numerics has RK4 (<c>MathNet.Numerics.OdeSolvers.RungeKutta.FourthOrder</c>), but over
/// <c>Func&lt;double, Vector&lt;double&gt;, Vector&lt;double&gt;&gt;</c>, which allocates a vector at every
/// evaluation and returns only the grid values; this one takes the same span-based <see cref="OdeSystem"/> as
/// <see cref="DormandPrince54"/>, steps in place without allocating, and checks for NaN like it does.
/// An instance holds the four stage buffers: reuse it, but not from two threads at once.
/// </remarks>
public sealed class RungeKutta4
{
    private readonly double[] _k1, _k2, _k3, _k4, _stage;

    /// <summary>Creates a stepper for systems of <paramref name="dimension"/> equations.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1.</exception>
    public RungeKutta4(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        _k1 = new double[dimension];
        _k2 = new double[dimension];
        _k3 = new double[dimension];
        _k4 = new double[dimension];
        _stage = new double[dimension];
    }

    /// <summary>The number of state components.</summary>
    public int Dimension { get; }

    /// <summary>Advances <paramref name="y"/> in place from <paramref name="t"/> to <paramref name="t"/> + <paramref name="h"/> (h may be negative).</summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="t">The current time.</param>
    /// <param name="y">The state at <paramref name="t"/>; receives the state at t + h.</param>
    /// <param name="h">The step.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not have <see cref="Dimension"/> components.</exception>
    /// <exception cref="OdeSolverException">The right-hand side returned NaN or infinity.</exception>
    public void Step(OdeSystem system, double t, Span<double> y, double h)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (y.Length != Dimension) throw new ArgumentException($"Expected {Dimension} components, got {y.Length}.", nameof(y));
        var (k1, k2, k3, k4, s) = (_k1, _k2, _k3, _k4, _stage);
        var half = 0.5 * h;
        Evaluate(system, t, y, k1);
        for (var i = 0; i < s.Length; i++) s[i] = y[i] + half * k1[i];
        Evaluate(system, t + half, s, k2);
        for (var i = 0; i < s.Length; i++) s[i] = y[i] + half * k2[i];
        Evaluate(system, t + half, s, k3);
        for (var i = 0; i < s.Length; i++) s[i] = y[i] + h * k3[i];
        Evaluate(system, t + h, s, k4);
        for (var i = 0; i < y.Length; i++) y[i] += h / 6 * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i]);
    }

    /// <summary>Integrates from <paramref name="t0"/> to <paramref name="tEnd"/> in <paramref name="steps"/> equal steps and returns every grid point.</summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="t0">The initial time.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="tEnd">The final time (before <paramref name="t0"/> to integrate backwards).</param>
    /// <param name="steps">The number of steps, at least 1; the step is (tEnd − t0)/steps.</param>
    /// <exception cref="ArgumentException">A non-finite time or initial value, an empty state, or fewer than one step.</exception>
    /// <exception cref="OdeSolverException">The right-hand side returned NaN or infinity.</exception>
    public static OdeSamples Solve(OdeSystem system, double t0, ReadOnlySpan<double> y0, double tEnd, int steps)
    {
        ArgumentNullException.ThrowIfNull(system);
        OdeArguments.Time(t0, nameof(t0));
        OdeArguments.Time(tEnd, nameof(tEnd));
        OdeArguments.InitialState(y0, nameof(y0));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);

        var stepper = new RungeKutta4(y0.Length);
        var grid = new TrajectoryBuffer(y0.Length, steps + 1);
        var h = (tEnd - t0) / steps;
        var y = y0.ToArray();
        grid.Add(t0, y);
        for (var i = 0; i < steps; i++)
        {
            var t = t0 + i * h; // from the index, not by summing h, so rounding does not drift
            stepper.Step(system, t, y, h);
            grid.Add(i == steps - 1 ? tEnd : t0 + (i + 1) * h, y);
        }
        return new OdeSamples(grid, [], null, new OdeStatistics(steps, 0, 4 * steps));
    }

    private static void Evaluate(OdeSystem system, double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        system(t, y, dydt);
        for (var i = 0; i < dydt.Length; i++)
        {
            if (!double.IsFinite(dydt[i])) throw OdeSolverException.NonFiniteDerivative(t, i, dydt[i]);
        }
    }
}
