using System.Globalization;
using System.Text.RegularExpressions;
using TwinLab.ContactCenter.Calibration;
using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>The calibration at a glance: window, what the data could not support, per-queue fits and the satisfaction model.</summary>
/// <remarks>The per-queue cells are the Markdown report's (<see cref="CalibrationReportWriter"/>), so both read the same.</remarks>
internal static partial class CalibrationSummarySection
{
    public static void Write(HtmlBuilder html, CalibrationReport report)
    {
        html.Section("calibration", "Calibration");
        var s = report.Settings;
        html.Facts(
        [
            ("Contacts", Cell.Numeric(report.Rows.ToString(CultureInfo.InvariantCulture))),
            ("Window", $"{Date(report.FirstDay)} to {Date(report.LastDay)}"),
            ("Interval", $"{s.IntervalMinutes.ToString(CultureInfo.InvariantCulture)} min"),
            ("Confidence of intervals", $"{Num.Format(s.Confidence * 100)}%"),
        ]);
        html.Element("h3", "What the data could not support");
        if (report.Warnings.Count == 0) html.Element("p", "Nothing: every estimate rests on enough data.");
        else html.Raw("<div class=\"warning\">\n").List(report.Warnings.Select(w => $"{w.Subject}: {w.Message}")).Raw("</div>\n");

        html.Element("h3", "Queues");
        html.Table(
            ["Queue", "Channel", "Rows", "Arrivals/week", "Dispersion index (p)", "Forecast (back-test MAE naive / smoothing)",
                "Handle time (KS distance)", "Handle-time distribution", "Patience (KM gap)", "Naive abandoned mean", "First-contact resolution"],
            report.Queues.Select(Row), "Per queue × channel");
        if (report.Satisfaction is { } m) WriteSatisfaction(html, m);
        else html.Element("p", "No satisfaction model: too few surveyed contacts.", "muted");
        html.EndSection();
    }

    private static IReadOnlyList<Cell> Row(QueueCalibration q) =>
    [
        q.Queue, q.Channel.ToString(), Cell.Numeric(q.Rows.ToString(CultureInfo.InvariantCulture)),
        Cell.Number(q.Model.ArrivalRatesPerHour.Sum() * q.Arrivals.IntervalMinutes / 60),
        Cell.Numeric(CalibrationReportWriter.Dispersion(q)), CalibrationReportWriter.Forecast(q), CalibrationReportWriter.Handle(q),
        Shorten(q.Model.HandleSeconds.ToString()), Shorten(CalibrationReportWriter.Patience(q)), Cell.Numeric(CalibrationReportWriter.Seconds(q.Patience.NaiveMeanSeconds)),
        Cell.Numeric(CalibrationReportWriter.Share(q.Resolution.FirstContactResolution)),
    ];

    private static void WriteSatisfaction(HtmlBuilder html, SatisfactionModel m)
    {
        html.Element("h3", "Satisfaction model");
        html.Facts(
        [
            ("Surveyed rows", Cell.Numeric(m.Rows.ToString(CultureInfo.InvariantCulture))),
            ("R² (all rows)", Cell.Number(m.RSquared)),
            ("Residual standard error", Cell.Number(m.ResidualStandardError)),
            ("Hold-out rows", Cell.Numeric(m.HoldOutRows.ToString(CultureInfo.InvariantCulture))),
            ("Hold-out R²", Cell.Number(m.HoldOutRSquared)),
            ("Hold-out RMSE", Cell.Number(m.HoldOutRmse)),
            ("Predictions clamped to", Cell.Numeric(Num.Interval(m.MinScore, m.MaxScore))),
        ]);
        html.Table(["Term", "Estimate", "Standard error"],
            m.Coefficients.Select(c => (IReadOnlyList<Cell>)[c.Term, Cell.Number(c.Estimate), Cell.Number(c.StandardError)]), "Coefficients (OLS)");
    }

    // Distributions print their parameters at full precision; four significant digits read better in a table.
    private static string Shorten(string text) =>
        LongNumber().Replace(text, m => Num.Format(double.Parse(m.Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"\d+\.\d{5,}(?:[eE][-+]?\d+)?")]
    private static partial Regex LongNumber();

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
