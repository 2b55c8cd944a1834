namespace TwinLab.Health.SideEffects;

/// <summary>The chance of one named adverse effect under a regimen.</summary>
/// <param name="Name">The effect, such as <c>cough</c>, <c>ankle oedema</c>, <c>hypokalaemia</c>.</param>
/// <param name="Probability">Probability (0–1) of the effect in excess of placebo over the first months.</param>
/// <param name="Cause">The drug or class that causes it, with its dose.</param>
/// <param name="Source">Where the figure comes from.</param>
public sealed record NamedSideEffect(string Name, double Probability, string Cause, string Source);

/// <summary>The side-effect burden of a regimen for a person.</summary>
/// <param name="AnySymptomatic">Probability (0–1) of any symptomatic side effect in excess of placebo (Law 2003 Table 5, combined less than additively).</param>
/// <param name="Effects">The named effects, most likely first.</param>
public sealed record SideEffectEstimate(double AnySymptomatic, IReadOnlyList<NamedSideEffect> Effects);
