namespace TwinLab.Simulation.Experiments;

/// <summary>One scenario to simulate: a name, parameter values and interventions.</summary>
/// <param name="Name">Name shown to users ("baseline", "buffer=4, crews=2").</param>
/// <param name="Parameters">Every parameter's value.</param>
/// <param name="Interventions">Interventions applied (empty for none).</param>
public sealed record ScenarioSpec(string Name, ParameterSet Parameters, IReadOnlyList<string> Interventions);

/// <summary>Run replications until a KPI's confidence interval is narrow enough.</summary>
/// <param name="Kpi">KPI whose interval must narrow.</param>
/// <param name="HalfWidth">Target half-width of its 95% CI.</param>
/// <param name="Relative">Whether <paramref name="HalfWidth"/> is relative to the mean (0.01 = ±1%) or absolute.</param>
/// <param name="MinReplications">Replications before the first check.</param>
/// <param name="MaxReplications">Stop here even if the target is not reached.</param>
/// <param name="BatchSize">Replications added between checks (fixed, so the stopping point does not depend on the thread count).</param>
public sealed record PrecisionTarget(
    string Kpi, double HalfWidth, bool Relative = true, int MinReplications = 10, int MaxReplications = 10_000, int BatchSize = 10)
{
    /// <summary>The batch size, at least one (a zero batch would never reach the target).</summary>
    public int BatchSize { get; init; } = BatchSize > 0 ? BatchSize : throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");

    /// <summary>The most replications, at least the first batch.</summary>
    public int MaxReplications { get; init; } = MaxReplications >= 2 ? MaxReplications : throw new ArgumentOutOfRangeException(nameof(MaxReplications), MaxReplications, "must be at least 2");
}
