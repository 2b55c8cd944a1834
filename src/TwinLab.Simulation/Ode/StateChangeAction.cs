namespace TwinLab.Simulation.Ode;

/// <summary>Changes the state in place at time <paramref name="t"/>, for example adding a dose.</summary>
/// <param name="t">The time of the change.</param>
/// <param name="y">The state just before the change; overwrite it with the state just after.</param>
public delegate void StateChangeAction(double t, Span<double> y);
