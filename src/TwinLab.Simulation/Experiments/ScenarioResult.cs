using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments;

/// <summary>The replications of one scenario and their summaries.</summary>
/// <param name="Index">Scenario index within the experiment.</param>
/// <param name="Name">Scenario name shown to users.</param>
/// <param name="Parameters">Parameter values of the scenario.</param>
/// <param name="Interventions">Interventions applied.</param>
/// <param name="StreamIndex">Scenario index the random streams were derived from (equal across scenarios under common random numbers).</param>
/// <param name="Values">KPI values: <c>Values[kpi][i]</c> is the i-th finished replication's value, in replication order.</param>
/// <param name="Replications">Indices of the finished replications, ascending (all of 0..n−1 unless cancelled).</param>
/// <param name="Summaries">One summary per KPI, in the simulator's KPI order.</param>
/// <param name="Series">Time series bands across replications, when the simulator reports series.</param>
public sealed record ScenarioResult(
    int Index,
    string Name,
    ParameterSet Parameters,
    IReadOnlyList<string> Interventions,
    int StreamIndex,
    double[][] Values,
    int[] Replications,
    IReadOnlyList<KpiSummary> Summaries,
    IReadOnlyList<SeriesBand> Series)
{
    /// <summary>The summary of a KPI by name.</summary>
    /// <exception cref="KeyNotFoundException">No KPI has that name.</exception>
    public KpiSummary Summary(string kpi) =>
        Summaries.FirstOrDefault(s => s.Name == kpi) ?? throw new KeyNotFoundException($"No KPI '{kpi}'.");
}

/// <summary>A time series across replications: mean and 5th–95th percentile band at each sample time.</summary>
/// <param name="Name">Series name.</param>
/// <param name="Times">Sample times.</param>
/// <param name="Mean">Mean at each time.</param>
/// <param name="P5">5th percentile at each time.</param>
/// <param name="P95">95th percentile at each time.</param>
public sealed record SeriesBand(string Name, double[] Times, double[] Mean, double[] P5, double[] P95);
