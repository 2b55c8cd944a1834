using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Compare;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Compare experiments: each alternative's paired difference from the baseline, with CI, p-value and a verdict in words.</summary>
internal static class ComparisonSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        var deltas = record.Comparisons ?? [];
        if (deltas.Count == 0) return;
        var baseline = record.Scenarios.Count > 0 ? record.Scenarios[0].Name : "the baseline";
        var level = $"{Num.Format(deltas[0].Interval.Confidence * 100)}%";
        html.Section("comparison", "Comparison with the baseline");
        html.Element("p",
            $"Differences are alternative − {baseline}, from paired replications. An interval that excludes 0 is significant at " +
            $"{level}; the Bonferroni p-value allows for comparing {deltas.Select(d => d.Alternative).Distinct().Count()} alternatives at once.");
        html.Table(
            ["Alternative", "KPI", "Baseline mean", "Alternative mean", "Difference", $"{level} CI", "Change", "p-value", "Bonferroni p", "Significant", "Verdict"],
            deltas.Select(Row));
        foreach (var kpi in deltas.Select(d => d.Kpi).Distinct(StringComparer.Ordinal)) html.Figure(ReportPlots.ComparisonDeltas(record, kpi));
        html.EndSection();
    }

    private static IReadOnlyList<Cell> Row(KpiDelta d) =>
    [
        d.Alternative, d.Kpi, Cell.Number(d.BaselineMean), Cell.Number(d.AlternativeMean), Cell.Number(d.Difference),
        Cell.Numeric(Num.Interval(d.Interval.Low, d.Interval.High)), Cell.Numeric(Num.Percent(d.RelativeChangePercent)),
        Cell.Numeric(Num.PValue(d.PValue)), Cell.Numeric(Num.PValue(d.BonferroniPValue)),
        d.SignificantBonferroni ? "yes (also Bonferroni)" : d.Significant ? "yes" : "no",
        new Cell(Verdict(d), d.Better ? "better" : d.Worse ? "worse" : null),
    ];

    /// <summary>The comparison in words, e.g. "better: wait lower by 0.2 (-20%)".</summary>
    public static string Verdict(KpiDelta d)
    {
        if (!d.Significant) return "no significant difference";
        var word = d.Better ? "better" : d.Worse ? "worse" : "different";
        var way = d.Difference > 0 ? "higher" : "lower";
        var change = double.IsFinite(d.RelativeChangePercent) ? $" ({Num.Percent(d.RelativeChangePercent)})" : "";
        var hint = d.Direction == KpiDirection.None ? " (no preferred direction)" : "";
        return $"{word}: {d.Kpi} {way} by {Num.Format(Math.Abs(d.Difference))}{change}{hint}";
    }
}
