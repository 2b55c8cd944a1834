using ScottPlot;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>
/// Per calibration target: the observed value with ±σ error bars and the calibrated model's simulated mean. Targets of
/// very different size (a throughput of 100 next to a wait of 0.5) share no useful axis, so then every value is drawn
/// relative to its observation (observed = 1).
/// </summary>
internal static class CalibrationChart
{
    // Observations further apart than this factor are drawn relative to themselves.
    private const double MaxSpread = 10;

    public static ReportChart? Create(ExperimentRecord record)
    {
        var targets = record.Calibration?.Targets.Where(t => double.IsFinite(t.Observed) || double.IsFinite(t.Simulated)).ToArray() ?? [];
        if (targets.Length == 0) return null;
        var relative = Relative(targets);
        const string title = "Calibration: observed (±σ) and simulated at the fit";
        return new ReportChart("calibration", title, () =>
        {
            var plot = PlotKit.Create(title, "", relative ? "relative to observed (observed = 1)" : "value");
            var scale = targets.Select(t => relative ? Math.Abs(t.Observed) : 1).ToArray();
            var observed = Points(targets, t => t.Observed);
            if (observed.Length > 0)
            {
                var xs = observed.Select(p => (double)p.Index).ToArray();
                var ys = observed.Select(p => p.Value / scale[p.Index]).ToArray();
                var sigmas = observed.Select(p => double.IsFinite(targets[p.Index].Sigma) ? Math.Abs(targets[p.Index].Sigma) / scale[p.Index] : 0).ToArray();
                PlotKit.ErrorBars(plot, xs, ys, ys.Select((y, i) => y - sigmas[i]).ToArray(), ys.Select((y, i) => y + sigmas[i]).ToArray(), PlotKit.Ink);
                plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 8, PlotKit.Ink).LegendText = "observed ± σ";
            }
            var simulated = Points(targets, t => t.Simulated);
            if (simulated.Length > 0)
                plot.Add.Markers(simulated.Select(p => p.Index + 0.08).ToArray(), simulated.Select(p => p.Value / scale[p.Index]).ToArray(),
                    MarkerShape.FilledDiamond, 10, PlotKit.Colour(1)).LegendText = "simulated";
            PlotKit.CategoriesX(plot, targets.Select(t => t.Kpi).ToArray());
            PlotKit.Legend(plot);
            return plot;
        });
    }

    private static (int Index, double Value)[] Points(TargetFit[] targets, Func<TargetFit, double> value) =>
        targets.Select((t, i) => (Index: i, Value: value(t))).Where(p => double.IsFinite(p.Value)).ToArray();

    // Relative only when it is defined for every target (no zero or undefined observation).
    private static bool Relative(TargetFit[] targets)
    {
        var sizes = targets.Select(t => Math.Abs(t.Observed)).ToArray();
        return sizes.All(s => double.IsFinite(s) && s > 0) && sizes.Max() / sizes.Min() > MaxSpread;
    }
}
