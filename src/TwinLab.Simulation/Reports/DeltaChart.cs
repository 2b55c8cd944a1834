using ScottPlot;
using TwinLab.Simulation.Experiments.Compare;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Each alternative's paired difference from the baseline with its CI, green when better, red when worse.</summary>
internal static class DeltaChart
{
    public static ReportChart? Create(ExperimentRecord record, string kpi)
    {
        var deltas = (record.Comparisons ?? []).Where(d => d.Kpi == kpi && double.IsFinite(d.Difference)).ToArray();
        if (deltas.Length == 0) return null;
        var title = $"{kpi}: difference from baseline (alternative − baseline)";
        var label = $"Δ {record.Label(kpi)}";
        return new ReportChart(ChartNames.Of("delta", kpi), title, () =>
        {
            var plot = PlotKit.Create(title, "", label);
            plot.Add.HorizontalLine(0, 1, PlotKit.Ink);
            var shown = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < deltas.Length; i++)
            {
                var d = deltas[i];
                var (colour, verdict) = Verdict(d);
                PlotKit.ErrorBars(plot, [i], [d.Difference], [d.Interval.Low], [d.Interval.High], colour);
                var marker = plot.Add.Marker(i, d.Difference, MarkerShape.FilledCircle, 9, colour);
                // One legend entry per verdict, not per alternative.
                if (shown.Add(verdict)) marker.LegendText = verdict;
            }
            PlotKit.CategoriesX(plot, deltas.Select(d => d.Alternative).ToArray());
            PlotKit.Legend(plot);
            return plot;
        });
    }

    /// <summary>The colour and legend word for a delta.</summary>
    public static (Color Colour, string Verdict) Verdict(KpiDelta d) =>
        d.Better ? (PlotKit.Better, "better") :
        d.Worse ? (PlotKit.Worse, "worse") :
        d.Significant ? (PlotKit.Colour(0), "different") : (PlotKit.Neutral, "not significant");
}
