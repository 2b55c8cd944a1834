namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>A point the search asked about: simulated (with its candidate), or skipped because it breaks a parameter constraint.</summary>
/// <param name="Values">Decision variable values.</param>
/// <param name="Candidate">The simulated candidate; null when skipped.</param>
/// <param name="Key">Its rank.</param>
internal sealed record Trial(IReadOnlyList<ParameterValue> Values, Candidate? Candidate, RankKey Key);
