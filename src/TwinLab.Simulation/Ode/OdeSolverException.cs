using System.Globalization;
using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Ode;

/// <summary>
/// An integration that could not finish: the right-hand side or an event function returned NaN or infinity,
/// the step size collapsed, or the step budget ran out. <see cref="Time"/> says how far it got.
/// </summary>
/// <remarks>
/// A <see cref="TwinLabException"/> because the cause is almost always the model (a parameter that makes the
/// equations blow up, a stiff regime), which the user can act on.
/// </remarks>
/// <param name="time">The time at which the integration failed.</param>
/// <param name="message">What went wrong, naming the time.</param>
public sealed class OdeSolverException(double time, string message) : TwinLabException(ErrorCode, message)
{
    /// <summary>The <see cref="TwinLabException.Code"/> of every ODE failure.</summary>
    public const string ErrorCode = "OdeSolverFailed";

    /// <summary>The time at which the integration failed.</summary>
    public double Time { get; } = time;

    internal static OdeSolverException NonFiniteDerivative(double t, int component, double value) =>
        new(t, string.Create(CultureInfo.InvariantCulture, $"The right-hand side returned {value} for component {component} at t = {t:R}; check the model and its parameters near that time."));

    internal static OdeSolverException NonFiniteEvent(double t, int index, string? name, double value) =>
        new(t, string.Create(CultureInfo.InvariantCulture, $"Event function {Describe(index, name)} returned {value} at t = {t:R}."));

    internal static OdeSolverException NonFiniteState(double t, string cause) =>
        new(t, string.Create(CultureInfo.InvariantCulture, $"{cause} produced a NaN or infinite state at t = {t:R}."));

    internal static OdeSolverException MaxStepsExceeded(int maxSteps, double t, double target) =>
        new(t, string.Create(CultureInfo.InvariantCulture, $"Gave up after MaxSteps = {maxSteps} steps at t = {t:R}, before reaching t = {target:R}; the problem may be stiff or the tolerances too tight."));

    internal static OdeSolverException StepTooSmall(double h, double t) =>
        new(t, string.Create(CultureInfo.InvariantCulture, $"The step size fell to {Math.Abs(h):R} at t = {t:R}, below what the options or double precision allow; the solution may be singular there or the problem stiff."));

    private static string Describe(int index, string? name) => name is null ? $"#{index}" : $"#{index} '{name}'";
}
