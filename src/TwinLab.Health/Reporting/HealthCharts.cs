using ScottPlot;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Simulation.Reports;

namespace TwinLab.Health.Reporting;

/// <summary>The report's charts: readings over time with regimen periods, class sensitivities, predicted trajectories.</summary>
internal static class HealthCharts
{
    /// <summary>Chart name of the systolic trajectory chart (tests and links look for it).</summary>
    public const string TrajectorySystolic = "trajectory-systolic";

    /// <summary>Chart name of the diastolic trajectory chart.</summary>
    public const string TrajectoryDiastolic = "trajectory-diastolic";

    /// <summary>Home readings as points, their 7-day mean as lines, clinic readings as separate points, regimen periods shaded.</summary>
    public static ReportChart? Readings(PatientProfile patient)
    {
        if (patient.Readings.Count == 0) return null;
        const string title = "Readings: home readings, 7-day mean of home readings, clinic readings; regimen periods shaded";
        return new ReportChart("readings", title, () =>
        {
            var plot = PlotKit.Create(title, "date", "blood pressure [mmHg]");
            var first = patient.Readings[0].Day;
            var last = patient.Readings[^1].Day;
            var shade = 0;
            foreach (var period in patient.Medication)
            {
                var end = period.End ?? last.AddDays(1);
                if (end <= first || period.Start > last) continue;
                var from = period.Start < first ? first : period.Start;
                var span = plot.Add.HorizontalSpan(X(from), X(end));
                span.FillStyle.Color = PlotKit.Colour(2 + shade++ % 6).WithAlpha(0.12);
                span.LineStyle.Width = 0;
                span.LegendText = period.Regimen.ToString();
            }
            var home = patient.Readings.Where(r => r.Setting == ReadingSetting.Home).ToList();
            var clinic = patient.Readings.Where(r => r.Setting == ReadingSetting.Clinic).ToList();
            Points(plot, home, r => r.Systolic, PlotKit.Colour(0).WithAlpha(0.35), "home systolic", 3);
            Points(plot, home, r => r.Diastolic, PlotKit.Colour(1).WithAlpha(0.35), "home diastolic", 3);
            if (home.Count > 0)
            {
                var days = home.Select(r => r.Day).Distinct().Order().ToArray();
                var xs = days.Select(d => X(d) + 0.5).ToArray();
                var sys = days.Select(d => home.Where(r => r.Day > d.AddDays(-7) && r.Day <= d).Average(r => r.Systolic)).ToArray();
                var dia = days.Select(d => home.Where(r => r.Day > d.AddDays(-7) && r.Day <= d).Average(r => r.Diastolic)).ToArray();
                Line(plot, xs, sys, PlotKit.Colour(0), "7-day mean systolic");
                Line(plot, xs, dia, PlotKit.Colour(1), "7-day mean diastolic");
            }
            Points(plot, clinic, r => r.Systolic, PlotKit.Ink, "clinic systolic", 6);
            Points(plot, clinic, r => r.Diastolic, PlotKit.Neutral, "clinic diastolic", 6);
            plot.Axes.DateTimeTicksBottom();
            plot.ShowLegend(Edge.Bottom);
            return plot;
        });
    }

    /// <summary>Each class's calibrated sensitivity with its 80% interval, against the population's 1.</summary>
    public static ReportChart? Sensitivities(CalibrationResult calibration)
    {
        if (calibration.Classes.Count == 0) return null;
        const string title = "Response to each drug class: posterior mean and 80% interval (1 = population average, Law 2003)";
        return new ReportChart("sensitivities", title, () =>
        {
            var plot = PlotKit.Create(title, "drug class", "sensitivity (× population effect)");
            var classes = calibration.Classes;
            var xs = Enumerable.Range(0, classes.Count).Select(i => (double)i).ToArray();
            var means = classes.Select(c => c.Mean).ToArray();
            var fromData = classes.Select(c => c.Basis == SensitivityBasis.Data).ToArray();
            PlotKit.ErrorBars(plot, xs, means, [.. classes.Select(c => c.Lower80)], [.. classes.Select(c => c.Upper80)], PlotKit.Ink);
            var data = plot.Add.ScatterPoints(xs.Where((_, i) => fromData[i]).ToArray(), means.Where((_, i) => fromData[i]).ToArray(), PlotKit.Better);
            data.MarkerSize = 10;
            data.LegendText = "from the person's readings";
            var prior = plot.Add.ScatterPoints(xs.Where((_, i) => !fromData[i]).ToArray(), means.Where((_, i) => !fromData[i]).ToArray(), PlotKit.Neutral);
            prior.MarkerSize = 10;
            prior.LegendText = "population prior";
            var one = plot.Add.HorizontalLine(1, 1, PlotKit.Neutral);
            one.LegendText = "population average";
            PlotKit.CategoriesX(plot, [.. classes.Select(c => c.ClassName)]);
            plot.ShowLegend(Edge.Bottom);
            return plot;
        });
    }

    /// <summary>The daily mean home BP under each regimen (median and 80% band), with the target line.</summary>
    public static ReportChart? Trajectory(IReadOnlyList<ReportTrajectory> trajectories, bool systolic)
    {
        var drawn = trajectories.Where(t => t.Prediction.Trajectory.Count > 0).Take(HealthReport.MaxTrajectories).ToList();
        if (drawn.Count == 0) return null;
        var which = systolic ? "systolic" : "diastolic";
        var target = drawn[0].Prediction.Target;
        var title = $"Predicted home {which} BP: median and 80% band of the twin's posterior, target {target.Name}";
        return new ReportChart(systolic ? TrajectorySystolic : TrajectoryDiastolic, title, () =>
        {
            var plot = PlotKit.Create(title, "weeks from the start of the regimen", $"home {which} BP [mmHg]");
            for (var i = 0; i < drawn.Count; i++)
            {
                var points = drawn[i].Prediction.Trajectory;
                var start = drawn[i].Prediction.StartDay;
                var xs = points.Select(p => (p.Day.DayNumber - start.DayNumber) / 7.0).ToArray();
                var ranges = points.Select(p => systolic ? p.Systolic : p.Diastolic).ToArray();
                var colour = PlotKit.Colour(i);
                var fill = plot.Add.FillY(xs, [.. ranges.Select(r => r.Low)], [.. ranges.Select(r => r.High)]);
                fill.FillColor = colour.WithAlpha(0.15);
                fill.LineWidth = 0;
                Line(plot, xs, [.. ranges.Select(r => r.Median)], colour, drawn[i].Label);
            }
            var line = plot.Add.HorizontalLine(systolic ? target.Home.Systolic : target.Home.Diastolic, 2f, PlotKit.Ink);
            line.LegendText = $"target: below {(systolic ? target.Home.Systolic : target.Home.Diastolic):0} (home)";
            plot.ShowLegend(Edge.Bottom);
            return plot;
        });
    }

    private static double X(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToOADate();

    private static void Points(Plot plot, IReadOnlyList<BpReading> readings, Func<BpReading, double> value, Color colour, string legend, float size)
    {
        if (readings.Count == 0) return;
        var points = plot.Add.ScatterPoints(readings.Select(r => r.Time.DateTime.ToOADate()).ToArray(), readings.Select(value).ToArray(), colour);
        points.MarkerSize = size;
        points.LegendText = legend;
    }

    private static void Line(Plot plot, double[] xs, double[] ys, Color colour, string legend)
    {
        var line = plot.Add.ScatterLine(xs, ys, colour);
        line.LineWidth = 2;
        line.LegendText = legend;
    }
}
