namespace TwinLab.Simulation.Ode;

/// <summary>
/// A discontinuous change of the state at a given time (a drug dose, a refill, a switched input), applied by
/// <see cref="DormandPrince54.SolvePiecewise"/> between two integrations.
/// </summary>
/// <remarks>
/// Integrating across a jump would make the error control grind the step size down to resolve it; stopping
/// exactly at the jump and restarting from the new state costs a couple of evaluations instead
/// (Hairer, Nørsett and Wanner, Solving ODEs I, 2nd ed., Section II.6, on discontinuities).
/// </remarks>
/// <param name="Time">When the change happens.</param>
/// <param name="Apply">The change itself.</param>
public sealed record StateChange(double Time, StateChangeAction Apply)
{
    /// <summary>A change that adds <paramref name="amount"/> to one component, e.g. a bolus dose into a compartment.</summary>
    /// <param name="time">When the amount is added.</param>
    /// <param name="component">The component that receives it.</param>
    /// <param name="amount">The amount added (negative to remove).</param>
    public static StateChange Add(double time, int component, double amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        return new StateChange(time, (_, y) => y[component] += amount);
    }
}
