using ScottPlot;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Each scenario's mean of one KPI with its confidence interval, side by side.</summary>
internal static class ComparisonChart
{
    public static ReportChart? Create(ExperimentRecord record, string kpi)
    {
        var points = record.Scenarios
            .Select(s => (s.Name, Summary: s.Summary(kpi)))
            .Where(p => p.Summary is { } x && double.IsFinite(x.Mean))
            .Select(p => (p.Name, p.Summary!.Mean, p.Summary.CiLow, p.Summary.CiHigh, p.Summary.Confidence))
            .ToArray();
        // One scenario compares with nothing.
        if (points.Length < 2) return null;
        var level = Percent(points[0].Confidence);
        var title = $"{kpi}: scenario means with {level} CI";
        var label = record.Label(kpi);
        var baseline = record.Type == "compare";
        return new ReportChart(ChartNames.Of("comparison", kpi), title, () =>
        {
            var plot = PlotKit.Create(title, "", label);
            var xs = points.Select((_, i) => (double)i).ToArray();
            var means = points.Select(p => p.Mean).ToArray();
            PlotKit.ErrorBars(plot, xs, means, points.Select(p => p.CiLow).ToArray(), points.Select(p => p.CiHigh).ToArray(), PlotKit.Ink);
            plot.Add.Markers(xs, means, MarkerShape.FilledCircle, 8, PlotKit.Colour(0));
            // In a compare experiment the first scenario is the baseline every other one is judged against.
            if (baseline) plot.Add.HorizontalLine(means[0], 1, PlotKit.Neutral);
            PlotKit.CategoriesX(plot, points.Select(p => p.Name).ToArray());
            return plot;
        });
    }

    private static string Percent(double confidence) =>
        double.IsFinite(confidence) && confidence > 0 ? $"{Num.Format(confidence * 100)}%" : "95%";
}
