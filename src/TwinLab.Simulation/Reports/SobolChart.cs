using ScottPlot;
using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>First-order and total Sobol' indices of each factor for one KPI, as paired bars with interval whiskers.</summary>
internal static class SobolChart
{
    private const double Offset = 0.2;
    private const double Width = 0.36;

    public static ReportChart? Create(ExperimentRecord record, string kpi)
    {
        var output = record.Sobol?.FirstOrDefault(o => o.Name == kpi);
        var indices = output?.Indices.Where(i => double.IsFinite(i.First) || double.IsFinite(i.Total)).ToArray() ?? [];
        if (indices.Length == 0) return null;
        var title = $"Sobol' indices of {kpi}";
        return new ReportChart(ChartNames.Of("sobol", kpi), title, () =>
        {
            var plot = PlotKit.Create(title, "", "share of variance");
            AddIndex(plot, indices, -Offset, i => (i.First, i.FirstLow, i.FirstHigh), PlotKit.Colour(0), "first order S1");
            AddIndex(plot, indices, Offset, i => (i.Total, i.TotalLow, i.TotalHigh), PlotKit.Colour(1), "total ST");
            plot.Add.HorizontalLine(0, 1, PlotKit.Ink);
            PlotKit.CategoriesX(plot, indices.Select(i => i.Factor).ToArray());
            PlotKit.Legend(plot);
            return plot;
        });
    }

    private static void AddIndex(Plot plot, SobolIndex[] indices, double offset, Func<SobolIndex, (double Value, double Low, double High)> pick,
        Color colour, string legend)
    {
        var points = indices.Select((x, i) => (X: i + offset, Index: pick(x))).Where(p => double.IsFinite(p.Index.Value)).ToArray();
        if (points.Length == 0) return;
        var bars = plot.Add.Bars(points.Select(p => new Bar
        {
            Position = p.X, Value = p.Index.Value, Size = Width, FillColor = colour, LineColor = colour,
        }).ToArray());
        bars.LegendText = legend;
        bars.Color = colour;
        PlotKit.ErrorBars(plot, points.Select(p => p.X).ToArray(), points.Select(p => p.Index.Value).ToArray(),
            points.Select(p => p.Index.Low).ToArray(), points.Select(p => p.Index.High).ToArray(), PlotKit.Ink);
    }
}
