using System.Globalization;
using System.Text;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Renders a <see cref="CalibrationReport"/> as Markdown (invariant culture, so reports diff cleanly).</summary>
internal static class CalibrationReportWriter
{
    public static string Write(CalibrationReport report)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"# Calibration report");
        Line($"");
        Line($"{report.Rows} contacts, {report.FirstDay:yyyy-MM-dd} to {report.LastDay:yyyy-MM-dd}, {report.Settings.IntervalMinutes}-minute intervals, {report.Settings.Confidence:P0} intervals.");
        Line($"");
        Line($"## What the data could not support");
        Line($"");
        if (report.Warnings.Count == 0) Line($"Nothing: every estimate rests on enough data.");
        foreach (var w in report.Warnings) Line($"- **{w.Subject}**: {w.Message}");
        Line($"");
        Line($"## Queues");
        Line($"");
        Line($"| Queue | Channel | Rows | Arrivals/week | Dispersion (p) | Forecast (back-test MAE naive / smoothing) | Handle time (KS) | Patience (KM gap) | Naive abandoned mean | FCR |");
        Line($"|---|---|---:|---:|---|---|---|---|---:|---|");
        foreach (var q in report.Queues) Line($"| {q.Queue} | {q.Channel} | {q.Rows} | {q.Model.ArrivalRatesPerHour.Sum() * q.Arrivals.IntervalMinutes / 60:0.#} | {Dispersion(q)} | {Forecast(q)} | {Handle(q)} | {Patience(q)} | {Seconds(q.Patience.NaiveMeanSeconds)} | {Share(q.Resolution.FirstContactResolution)} |");
        Line($"");
        SatisfactionSection(report, Line);
        Line($"## Fitted versus observed arrivals per interval");
        Line($"");
        Line($"| Queue | Channel | Day | Start | Days | Observed mean | Fitted | Interval | Variance/mean |");
        Line($"|---|---|---|---|---:|---:|---:|---|---:|");
        foreach (var r in report.Intervals.Where(r => r.FittedCount > 0 || r.ObservedMean > 0))
            Line($"| {r.Queue} | {r.Channel} | {r.Day} | {r.Start:HH:mm} | {r.DaysObserved} | {r.ObservedMean:0.##} | {r.FittedCount:0.##} | {r.Lower:0.##}–{r.Upper:0.##} | {r.DispersionIndex:0.##} |");
        return md.ToString();
    }

    private static void SatisfactionSection(CalibrationReport report, Action<FormattableString> line)
    {
        if (report.Satisfaction is not { } s) return;
        line($"## Satisfaction model");
        line($"");
        line($"OLS on {s.Rows} surveyed rows: R² {s.RSquared:0.###}, residual SE {s.ResidualStandardError:0.###}; hold-out ({s.HoldOutRows} rows) R² {s.HoldOutRSquared:0.###}, RMSE {s.HoldOutRmse:0.###}. Predictions clamped to [{s.MinScore:0.##}, {s.MaxScore:0.##}].");
        line($"");
        line($"| Term | Estimate | Std. error |");
        line($"|---|---:|---:|");
        foreach (var c in s.Coefficients) line($"| {c.Term} | {c.Estimate:0.####} | {c.StandardError:0.####} |");
        line($"");
    }

    internal static string Dispersion(QueueCalibration q) => F($"{q.Arrivals.Dispersion.Index:0.##} ({q.Arrivals.Dispersion.PValue:0.###})");

    internal static string Forecast(QueueCalibration q)
    {
        if (q.Forecast is not { } f) return "none";
        if (f.BackTest.Count < 2) return F($"{f.Method} (not back-tested)");
        return F($"{f.Method} ({f.BackTest[0].Mae:0.##} / {f.BackTest[1].Mae:0.##})");
    }

    internal static string Handle(QueueCalibration q) => q.HandleTime is { } h
        ? F($"{h.Family}{(h.Queue == "*" ? " (pooled)" : "")}, mean {h.Distribution.Mean:0} s ({h.Candidates[0].KolmogorovSmirnov:0.###})")
        : F($"assumed, mean {q.Model.HandleSeconds.Mean:0} s");

    internal static string Patience(QueueCalibration q) => q.Patience.Distribution is { } d
        ? F($"{d}, mean {d.Mean:0} s ({q.Patience.KaplanMeierDistance:0.###})")
        : "none";

    internal static string Seconds(double? value) => value is { } v ? F($"{v:0} s") : "–";

    internal static string Share(Proportion? p) => p is null ? "–" : F($"{p.Estimate:P1} ({p.Lower:P1}–{p.Upper:P1})");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
