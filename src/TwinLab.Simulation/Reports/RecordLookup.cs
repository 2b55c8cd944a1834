using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Reports;

/// <summary>Finds things in a record by name, tolerating records whose parts are missing (old or cancelled runs).</summary>
internal static class RecordLookup
{
    /// <summary>The KPI's specification, if the record lists it.</summary>
    public static KpiSpec? Spec(this ExperimentRecord record, string kpi) => record.Kpis.FirstOrDefault(k => k.Name == kpi);

    /// <summary>The KPI name with its unit, for axis labels.</summary>
    public static string Label(this ExperimentRecord record, string kpi) => PlotKit.WithUnit(kpi, record.Spec(kpi)?.Unit);

    /// <summary>The scenario's summary of a KPI, if it has one.</summary>
    public static KpiSummary? Summary(this ScenarioRecord scenario, string kpi) => scenario.Summaries.FirstOrDefault(s => s.Name == kpi);

    /// <summary>The scenario's finite values of a KPI (NaN marks a replication where the KPI was undefined).</summary>
    public static double[] FiniteValues(this ScenarioRecord scenario, string kpi) =>
        scenario.Values.TryGetValue(kpi, out var values) ? values.Where(double.IsFinite).ToArray() : [];

    /// <summary>
    /// The KPI names to report: those the record lists, then any other a scenario, tornado or Sobol output names (a
    /// hand-made or old record may not list them all).
    /// </summary>
    public static IReadOnlyList<string> KpiNames(this ExperimentRecord record) =>
        record.Kpis.Select(k => k.Name)
            .Concat(record.Scenarios.SelectMany(s => s.Summaries).Select(s => s.Name))
            .Concat(record.Tornado?.Select(t => t.Kpi) ?? [])
            .Concat(record.Sobol?.Select(o => o.Name) ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The series names in the order scenarios first report them.</summary>
    public static IReadOnlyList<string> SeriesNames(this ExperimentRecord record) =>
        record.Scenarios.SelectMany(s => s.Series).Select(b => b.Name).Distinct(StringComparer.Ordinal).ToArray();
}
