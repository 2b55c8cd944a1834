using System.Globalization;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Reports;
using TwinLab.Simulation.Statistics;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Simulated KPIs: the centre's KPI table with confidence intervals, the per-queue table and the per-interval charts.</summary>
internal static class SimulationSection
{
    // The KPIs a manager reads first, by their simulator names (KpiVector), with the label shown.
    private static readonly (string Kpi, string Label)[] Shown =
    [
        ("service_level", "Service level"),
        ("asa_seconds", "Average speed of answer"),
        ("abandonment_rate", "Abandonment rate"),
        ("occupancy", "Occupancy"),
        ("handle_time_seconds", "Average handle time"),
        ("satisfaction", "Satisfaction (predicted)"),
        ("cost", "Cost"),
        ("p_wait", "Probability of waiting"),
        ("mean_wait_seconds", "Mean wait"),
        ("offered", "Contacts offered"),
        ("contacts_handled", "Contacts handled"),
    ];

    public static void Write(HtmlBuilder html, SimulationRuns runs, SimulationCharts charts)
    {
        var level = $"{Num.Format(runs.Confidence * 100)}% CI";
        html.Section("simulation", "Simulated KPIs");
        html.Element("p", $"Scenario {runs.Name}: {runs.Replications.Count.ToString(CultureInfo.InvariantCulture)} replications; " +
            $"intervals are Student-t {level}s of the mean over replications.", "muted");
        var vectors = runs.Replications.Select(KpiVector.From).ToArray();
        html.Table(["KPI", "Unit", "Mean", level, "SD", "n"], Shown.Select(k => KpiRow(k.Kpi, k.Label, vectors, runs.Confidence)), "Whole centre");
        html.Table(["Queue", "Channel", "Offered (mean)", "Service level", level, "ASA [s]", level, "Abandonment", level, "AHT [s]", "Satisfaction"],
            QueueRows(runs), "Per queue");
        foreach (var chart in charts.Charts) html.Figure(chart);
        IntervalTable(html, charts);
        html.EndSection();
    }

    private static IReadOnlyList<Cell> KpiRow(string kpi, string label, double[][] vectors, double confidence)
    {
        var index = Array.FindIndex(KpiVector.Specs, s => s.Name == kpi);
        var s = Summaries.Summarize(kpi, vectors.Select(v => v[index]).ToArray(), confidence);
        return [label, KpiVector.Specs[index].Unit ?? "", Cell.Number(s.Mean), Cell.Numeric(Num.Interval(s.CiLow, s.CiHigh)), Cell.Number(s.StdDev),
            Cell.Numeric(s.Count.ToString(CultureInfo.InvariantCulture))];
    }

    private static IEnumerable<IReadOnlyList<Cell>> QueueRows(SimulationRuns runs)
    {
        var count = runs.Replications.Min(r => r.Queues.Count);
        for (var q = 0; q < count; q++)
        {
            var kpis = runs.Replications.Select(r => r.Queues[q]).ToArray();
            KpiSummary Of(Func<ContactKpis, double> pick) => Summaries.Summarize("q", kpis.Select(pick).ToArray(), runs.Confidence);
            var sl = Of(k => k.ServiceLevel);
            var asa = Of(k => k.AverageSpeedOfAnswer);
            var abandon = Of(k => k.AbandonmentRate);
            yield return
            [
                kpis[0].Scope, kpis[0].Channel?.ToString() ?? "", Cell.Number(kpis.Average(k => (double)k.Offered)),
                Cell.Number(sl.Mean), Cell.Numeric(Num.Interval(sl.CiLow, sl.CiHigh)),
                Cell.Number(asa.Mean), Cell.Numeric(Num.Interval(asa.CiLow, asa.CiHigh)),
                Cell.Number(abandon.Mean), Cell.Numeric(Num.Interval(abandon.CiLow, abandon.CiHigh)),
                Cell.Number(Of(k => k.MeanHandle).Mean), Cell.Number(Of(k => k.Satisfaction).Mean),
            ];
        }
    }

    private static void IntervalTable(HtmlBuilder html, SimulationCharts charts)
    {
        var names = charts.Bands.Keys.ToArray();
        if (names.Length == 0) return;
        var first = charts.Bands[names[0]];
        var headers = new List<string> { "Start [h]" };
        foreach (var n in names) headers.AddRange(n == "service_level" ? ["service_level mean", "low", "high"] : [$"{n} mean"]);
        var rows = Enumerable.Range(0, first.Times.Length).Select(i =>
        {
            var row = new List<Cell> { Cell.Number(first.Times[i]) };
            foreach (var n in names)
            {
                var b = charts.Bands[n];
                if (i >= b.Mean.Length) row.Add(Cell.Numeric(""));
                else if (n == "service_level") row.AddRange([Cell.Number(b.Mean[i]), Cell.Number(b.Low[i]), Cell.Number(b.High[i])]);
                else row.Add(Cell.Number(b.Mean[i]));
            }
            return (IReadOnlyList<Cell>)row;
        });
        IntradayLoadSection.Details(html, "Numbers per interval", h => h.Table(headers, rows));
    }
}
