using ScottPlot;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>
/// A tornado: per parameter, a bar from the base mean to the KPI at the parameter's low value and one to its high value,
/// largest swing on top.
/// </summary>
internal static class TornadoChart
{
    public static ReportChart? Create(ExperimentRecord record, string kpi)
    {
        var tornado = record.Tornado?.FirstOrDefault(t => t.Kpi == kpi);
        var bars = tornado?.Bars
            .Where(b => double.IsFinite(b.Low.Mean) || double.IsFinite(b.High.Mean))
            .OrderByDescending(b => double.IsFinite(b.Swing) ? b.Swing : -1) // stable: ties keep the given order
            .ToArray() ?? [];
        if (tornado is null || bars.Length == 0) return null;
        var centre = double.IsFinite(tornado.Base.Mean) ? tornado.Base.Mean : Midpoint(bars);
        var title = $"Tornado of {kpi} (base mean {Num.Format(centre)})";
        var label = record.Label(kpi);
        return new ReportChart(ChartNames.Of("tornado", kpi), title, () =>
        {
            var plot = PlotKit.Create(title, label, "");
            // Largest swing at the top: position n−1 for the first bar.
            var top = bars.Length - 1;
            AddSide(plot, bars.Select((b, i) => (top - i, b.Low.Mean)), centre, PlotKit.Colour(0), "parameter at low value");
            AddSide(plot, bars.Select((b, i) => (top - i, b.High.Mean)), centre, PlotKit.Colour(1), "parameter at high value");
            plot.Add.VerticalLine(centre, 1.5f, PlotKit.Ink);
            var labels = bars.Select(b => $"{b.Parameter} ({Num.Format(b.LowValue)}–{Num.Format(b.HighValue)})").Reverse().ToArray();
            PlotKit.CategoriesY(plot, labels);
            PlotKit.Legend(plot);
            return plot;
        });
    }

    private static void AddSide(Plot plot, IEnumerable<(int Position, double Mean)> ends, double centre, Color colour, string legend)
    {
        var bars = ends.Where(e => double.IsFinite(e.Mean)).Select(e => new Bar
        {
            Position = e.Position, ValueBase = centre, Value = e.Mean, Size = 0.6,
            FillColor = colour, LineColor = colour, Orientation = Orientation.Horizontal,
        }).ToArray();
        if (bars.Length == 0) return;
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.LegendText = legend;
        plottable.Color = colour;
    }

    private static double Midpoint(IEnumerable<Experiments.Sensitivity.TornadoBar> bars)
    {
        var means = bars.SelectMany(b => new[] { b.Low.Mean, b.High.Mean }).Where(double.IsFinite).ToArray();
        return (means.Min() + means.Max()) / 2;
    }
}
