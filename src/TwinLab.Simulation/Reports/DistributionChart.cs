using ScottPlot;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>
/// The replication values of one KPI: overlaid histograms (shared bins, mean as a vertical line) for a few scenarios, a
/// strip of points per scenario when there are too many to overlay.
/// </summary>
internal static class DistributionChart
{
    public static ReportChart? Create(ExperimentRecord record, string kpi)
    {
        var scenarios = record.Scenarios.Select(s => (s.Name, Values: s.FiniteValues(kpi))).Where(s => s.Values.Length > 0).ToArray();
        if (scenarios.Length == 0) return null;
        var title = $"Distribution of {kpi} over replications";
        var label = record.Label(kpi);
        return new ReportChart(ChartNames.Of("kpi", kpi), title, () =>
            scenarios.Length <= PlotKit.MaxOverlaid ? Histograms(title, label, scenarios) : Strip(title, label, scenarios));
    }

    private static Plot Histograms(string title, string label, (string Name, double[] Values)[] scenarios)
    {
        var plot = PlotKit.Create(title, label, "replications");
        var (low, width, count) = Bins(scenarios.SelectMany(s => s.Values).ToArray(), scenarios.Max(s => s.Values.Length));
        for (var i = 0; i < scenarios.Length; i++)
        {
            var (name, values) = scenarios[i];
            var colour = PlotKit.Colour(i);
            var counts = new int[count];
            foreach (var v in values) counts[Math.Clamp((int)((v - low) / width), 0, count - 1)]++;
            var bars = plot.Add.Bars(counts.Select((c, b) => new Bar
            {
                Position = low + (b + 0.5) * width, Value = c, Size = width,
                FillColor = colour.WithAlpha(0.45), LineColor = colour, LineWidth = 0.5f,
            }).ToArray());
            var mean = values.Average();
            bars.LegendText = $"{name} (mean {Num.Format(mean)})";
            plot.Add.VerticalLine(mean, 2, colour);
        }
        plot.Axes.Margins(bottom: 0);
        PlotKit.Legend(plot);
        return plot;
    }

    // Shared bins so overlaid histograms compare; about √n of them (the square-root rule), 5 to 30.
    private static (double Low, double Width, int Count) Bins(double[] all, int largest)
    {
        var count = Math.Clamp((int)Math.Ceiling(Math.Sqrt(largest)), 5, 30);
        double low = all.Min(), high = all.Max();
        if (high - low <= Math.Abs(low) * 1e-12)
        {
            // All values equal: give the single spike some width instead of dividing by zero.
            var pad = low == 0 ? 0.5 : Math.Abs(low) * 0.05;
            (low, high) = (low - pad, high + pad);
        }
        return (low, (high - low) / count, count);
    }

    private static Plot Strip(string title, string label, (string Name, double[] Values)[] scenarios)
    {
        var plot = PlotKit.Create(title, "", label);
        for (var i = 0; i < scenarios.Length; i++)
        {
            var values = scenarios[i].Values;
            // Deterministic jitter (golden-ratio sequence) keeps points apart and the output reproducible.
            var xs = values.Select((_, j) => i + ((j * 0.6180339887) % 1 - 0.5) * 0.5).ToArray();
            var points = plot.Add.Markers(xs, values, MarkerShape.FilledCircle, 4, PlotKit.Colour(0).WithAlpha(0.5));
            var mean = plot.Add.Marker(i, values.Average(), MarkerShape.FilledDiamond, 9, PlotKit.Worse);
            if (i > 0) continue;
            points.LegendText = "replication";
            mean.LegendText = "mean";
        }
        PlotKit.CategoriesX(plot, scenarios.Select(s => s.Name).ToArray());
        PlotKit.Legend(plot);
        return plot;
    }
}
