namespace TwinLab.Simulation.Ode;

/// <summary>
/// The right-hand side of a first-order system y' = f(t, y). Writes f(t, y) into <paramref name="dydt"/>.
/// </summary>
/// <remarks>
/// Spans rather than vectors so a solver can call it millions of times without allocating: the caller owns
/// every buffer. The implementation must not keep <paramref name="y"/> or <paramref name="dydt"/> beyond the
/// call, and must fill every component of <paramref name="dydt"/> with a finite number.
/// </remarks>
/// <param name="t">The time.</param>
/// <param name="y">The state at <paramref name="t"/>.</param>
/// <param name="dydt">Receives the derivative; same length as <paramref name="y"/>.</param>
public delegate void OdeSystem(double t, ReadOnlySpan<double> y, Span<double> dydt);
