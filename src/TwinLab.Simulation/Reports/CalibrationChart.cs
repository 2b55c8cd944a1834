using ScottPlot;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Per calibration target: the observed value with ±σ error bars and the calibrated model's simulated mean.</summary>
internal static class CalibrationChart
{
    public static ReportChart? Create(ExperimentRecord record)
    {
        var targets = record.Calibration?.Targets.Where(t => double.IsFinite(t.Observed) || double.IsFinite(t.Simulated)).ToArray() ?? [];
        if (targets.Length == 0) return null;
        const string title = "Calibration: observed (±σ) and simulated at the fit";
        return new ReportChart("calibration", title, () =>
        {
            var plot = PlotKit.Create(title, "", "value");
            var observed = targets.Select((t, i) => (X: (double)i, t)).Where(p => double.IsFinite(p.t.Observed)).ToArray();
            if (observed.Length > 0)
            {
                var xs = observed.Select(p => p.X).ToArray();
                var ys = observed.Select(p => p.t.Observed).ToArray();
                var sigmas = observed.Select(p => double.IsFinite(p.t.Sigma) ? Math.Abs(p.t.Sigma) : 0).ToArray();
                PlotKit.ErrorBars(plot, xs, ys, ys.Select((y, i) => y - sigmas[i]).ToArray(), ys.Select((y, i) => y + sigmas[i]).ToArray(), PlotKit.Ink);
                plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 8, PlotKit.Ink).LegendText = "observed ± σ";
            }
            var simulated = targets.Select((t, i) => (X: (double)i, t)).Where(p => double.IsFinite(p.t.Simulated)).ToArray();
            if (simulated.Length > 0)
                plot.Add.Markers(simulated.Select(p => p.X + 0.08).ToArray(), simulated.Select(p => p.t.Simulated).ToArray(),
                    MarkerShape.FilledDiamond, 10, PlotKit.Colour(1)).LegendText = "simulated";
            PlotKit.Categories(plot.Axes.Bottom, targets.Select(t => t.Kpi).ToArray(), slant: true);
            plot.Axes.Margins(horizontal: 0.15, vertical: 0.15);
            plot.ShowLegend(Alignment.UpperRight);
            return plot;
        });
    }
}
