using ScottPlot;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>One time series across replications: the mean line over a shaded 5th–95th percentile band, per scenario.</summary>
internal static class SeriesChart
{
    public static ReportChart? Create(ExperimentRecord record, string series)
    {
        var all = record.Scenarios
            .Select(s => (s.Name, Band: s.Series.FirstOrDefault(b => b.Name == series)))
            .Where(x => x.Band is not null && Finite(x.Band).Length > 0)
            .ToArray();
        if (all.Length == 0) return null;
        var drawn = all.Take(PlotKit.MaxOverlaid).ToArray();
        var title = PlotKit.Overlaid($"{series}: mean and 5th–95th percentile band", drawn.Length, all.Length);
        return new ReportChart(ChartNames.Of("series", series), title, () =>
        {
            var plot = PlotKit.Create(title, "time", series);
            // Bands first, then lines, so no scenario's band veils another's mean.
            for (var i = 0; i < drawn.Length; i++) AddBand(plot, drawn[i].Band!, PlotKit.Colour(i));
            for (var i = 0; i < drawn.Length; i++)
            {
                var band = drawn[i].Band!;
                var at = Finite(band);
                var line = plot.Add.ScatterLine(at.Select(j => band.Times[j]).ToArray(), at.Select(j => band.Mean[j]).ToArray(), PlotKit.Colour(i));
                line.LineWidth = 2;
                line.LegendText = drawn[i].Name;
            }
            PlotKit.Legend(plot);
            return plot;
        });
    }

    private static void AddBand(Plot plot, SeriesBand band, Color colour)
    {
        var at = Finite(band);
        var lows = at.Select(j => band.P5[j]).ToArray();
        var highs = at.Select(j => band.P95[j]).ToArray();
        // A band needs both ends; where a percentile is undefined only the mean is drawn.
        if (at.Length < 2 || !lows.All(double.IsFinite) || !highs.All(double.IsFinite)) return;
        var fill = plot.Add.FillY(at.Select(j => band.Times[j]).ToArray(), lows, highs);
        fill.FillColor = colour.WithAlpha(0.2);
        fill.LineWidth = 0;
    }

    // Sample indices with a finite time and mean, so NaN gaps do not break the line.
    private static int[] Finite(SeriesBand band) =>
        Enumerable.Range(0, Math.Min(band.Times.Length, band.Mean.Length))
            .Where(j => double.IsFinite(band.Times[j]) && double.IsFinite(band.Mean[j]))
            .ToArray();
}
