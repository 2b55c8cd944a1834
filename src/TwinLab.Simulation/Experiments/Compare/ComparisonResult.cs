namespace TwinLab.Simulation.Experiments.Compare;

/// <summary>A baseline compared with alternatives.</summary>
/// <param name="Baseline">The baseline's replications (result index 0).</param>
/// <param name="Alternatives">The alternatives' replications (result indices 1…k), in the order given; fewer than
/// asked when the experiment was cancelled.</param>
/// <param name="Deltas">One entry per finished alternative and KPI, alternative by alternative in KPI order.</param>
/// <param name="Confidence">Confidence level of the per-comparison intervals.</param>
/// <param name="CommonRandomNumbers">Whether all scenarios drew the same random numbers (stream index 0).</param>
public sealed record ComparisonResult(
    ScenarioResult Baseline,
    IReadOnlyList<ScenarioResult> Alternatives,
    IReadOnlyList<KpiDelta> Deltas,
    double Confidence,
    bool CommonRandomNumbers)
{
    /// <summary>The delta of one KPI for the alternative at <paramref name="alternativeIndex"/> (0-based).</summary>
    /// <exception cref="KeyNotFoundException">No such alternative or KPI.</exception>
    public KpiDelta Delta(int alternativeIndex, string kpi) =>
        Deltas.FirstOrDefault(d => d.AlternativeIndex == alternativeIndex && d.Kpi == kpi)
        ?? throw new KeyNotFoundException($"No comparison of KPI '{kpi}' for alternative {alternativeIndex}.");

    /// <summary>The delta of one KPI for the first alternative named <paramref name="alternative"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such alternative or KPI.</exception>
    public KpiDelta Delta(string alternative, string kpi) =>
        Deltas.FirstOrDefault(d => d.Alternative == alternative && d.Kpi == kpi)
        ?? throw new KeyNotFoundException($"No comparison of KPI '{kpi}' for alternative '{alternative}'.");
}
