namespace TwinLab.Simulation.Ode;

/// <summary>
/// An event function g(t, y): the event happens where g changes sign along the solution, for example
/// <c>y[0] - threshold</c> for "component 0 crosses the threshold".
/// </summary>
/// <param name="t">The time.</param>
/// <param name="y">The state at <paramref name="t"/>; do not keep it beyond the call.</param>
/// <returns>A finite number whose sign change marks the event.</returns>
public delegate double OdeEventFunction(double t, ReadOnlySpan<double> y);
