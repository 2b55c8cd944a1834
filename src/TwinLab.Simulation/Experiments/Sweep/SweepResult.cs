using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>The results of a parameter sweep: every point's replications and a table of them.</summary>
/// <param name="Factors">Parameters that vary across the points (the table's parameter columns).</param>
/// <param name="Kpis">KPI names (the table's KPI columns).</param>
/// <param name="Scenarios">Each point's replications, in point order; fewer than the points when cancelled.</param>
/// <param name="Rows">The table: one row per finished point.</param>
/// <param name="CommonRandomNumbers">Whether every point drew the same random numbers (stream index 0) rather
/// than its own (stream index = point index).</param>
public sealed record SweepResult(
    IReadOnlyList<string> Factors,
    IReadOnlyList<string> Kpis,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<SweepRow> Rows,
    bool CommonRandomNumbers);

/// <summary>One point of a sweep in the results table.</summary>
/// <param name="Index">Point index.</param>
/// <param name="Name">Scenario name ("buffer=4, crews=2").</param>
/// <param name="Values">The point's value of each factor, in <see cref="SweepResult.Factors"/> order.</param>
/// <param name="Kpis">Each KPI's summary (mean, CI, percentiles), in <see cref="SweepResult.Kpis"/> order.</param>
/// <param name="Replications">Replications run at this point.</param>
public sealed record SweepRow(
    int Index,
    string Name,
    IReadOnlyList<ParameterValue> Values,
    IReadOnlyList<KpiSummary> Kpis,
    int Replications);
