using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Calibrations: convergence, the estimates with their uncertainty, and how well the fit meets each target.</summary>
internal static class CalibrationSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        if (record.Calibration is not { } c) return;
        html.Section("calibration", "Calibration");
        html.Facts([("Converged", c.Converged ? "yes" : "no"), ("Optimiser", c.Message)]);
        if (!c.Converged) html.Element("p", "The fit did not converge: treat the estimates as provisional.", "warning");
        html.Table(
            ["Parameter", "Estimate", "Standard error", "Asymptotic CI", "Profile CI", "Bootstrap CI", "Bootstrap SE"],
            c.Parameters.Select(Row), "Estimates");
        html.Table(
            ["KPI", "Observed", "σ", "Simulated", "Observed − simulated", "In units of σ"],
            c.Targets.Select(Row), "Targets");
        html.Figure(ReportPlots.Calibration(record));
        html.EndSection();
    }

    private static IReadOnlyList<Cell> Row(ParameterEstimate p) =>
    [
        p.Name, Cell.Number(p.Value), Cell.Number(p.StandardError), Interval(p.Asymptotic), Interval(p.Profile), Interval(p.Bootstrap),
        p.BootstrapStandardError is { } se ? Cell.Number(se) : Cell.Numeric("—"),
    ];

    private static IReadOnlyList<Cell> Row(TargetFit t)
    {
        var residual = t.Observed - t.Simulated;
        return
        [
            t.Kpi, Cell.Number(t.Observed), Cell.Number(t.Sigma), Cell.Number(t.Simulated), Cell.Number(residual),
            Cell.Number(t.Sigma > 0 ? residual / t.Sigma : double.NaN),
        ];
    }

    // A method that was not run leaves no interval: a dash, unlike "n/a" for a computed but undefined value.
    private static Cell Interval(Interval? interval) =>
        interval is { } i ? Cell.Numeric(Num.Interval(i.Low, i.High)) : Cell.Numeric("—");
}
