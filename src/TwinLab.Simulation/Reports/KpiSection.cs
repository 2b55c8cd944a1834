using TwinLab.Simulation.Results;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Reports;

/// <summary>Per scenario a table of KPI summaries, then per KPI the distribution and scenario-comparison charts.</summary>
internal static class KpiSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        if (record.Scenarios.Count == 0) return;
        var kpis = record.KpiNames();
        html.Section("kpis", "KPI summary");
        if (record.Factors is { Count: > 0 } factors) html.Element("p", $"Factors varied: {string.Join(", ", factors)}.");
        foreach (var scenario in record.Scenarios) WriteScenario(html, record, scenario, kpis);
        html.EndSection();

        html.Section("distributions", "KPI distributions");
        foreach (var kpi in kpis)
            html.Figure(ReportPlots.KpiDistribution(record, kpi)).Figure(ReportPlots.ScenarioComparison(record, kpi));
        html.EndSection();
    }

    private static void WriteScenario(HtmlBuilder html, ExperimentRecord record, ScenarioRecord scenario, IReadOnlyList<string> kpis)
    {
        // In a compare experiment the first scenario is the baseline the deltas refer to; say so unless its name does.
        var baseline = record.Type == "compare" && scenario == record.Scenarios[0]
            && !scenario.Name.Contains("baseline", StringComparison.OrdinalIgnoreCase) ? " (baseline)" : "";
        html.Element("h3", scenario.Name + baseline);
        var setting = scenario.Parameters.Select(p => $"{p.Key} = {p.Value}").ToArray();
        if (setting.Length > 0) html.Element("p", $"Parameters: {string.Join(", ", setting)}.", "muted");
        if (scenario.Interventions.Count > 0) html.Element("p", $"Interventions: {string.Join("; ", scenario.Interventions)}.", "muted");
        var level = scenario.Summaries.Select(s => s.Confidence).FirstOrDefault(double.IsFinite, 0.95);
        html.Table(
            ["KPI", "Unit", "Mean", "SD", "P5", "Median", "P95", $"{Num.Format(level * 100)}% CI of mean", "n"],
            kpis.Select(k => Row(record, scenario, k)));
    }

    private static IReadOnlyList<Cell> Row(ExperimentRecord record, ScenarioRecord scenario, string kpi)
    {
        var unit = record.Spec(kpi)?.Unit ?? "";
        if (scenario.Summary(kpi) is not KpiSummary s) return [kpi, unit, "n/a", "", "", "", "", "", Cell.Numeric("0")];
        // n counts replications where the KPI was defined; say so when some were not.
        var n = s.Count == scenario.Replications ? Num.Format(s.Count) : $"{Num.Format(s.Count)} of {Num.Format(scenario.Replications)}";
        return
        [
            kpi, unit, Cell.Number(s.Mean), Cell.Number(s.StdDev), Cell.Number(s.P5), Cell.Number(s.Median), Cell.Number(s.P95),
            Cell.Numeric(Num.Interval(s.CiLow, s.CiHigh)), Cell.Numeric(n),
        ];
    }
}
