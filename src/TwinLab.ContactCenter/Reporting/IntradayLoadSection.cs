using System.Globalization;
using TwinLab.ContactCenter.Calibration;
using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Per queue × channel: the intraday load chart and its numbers, then the forecast chart and daily totals.</summary>
internal static class IntradayLoadSection
{
    public static void Write(HtmlBuilder html, CalibrationReport report, IReadOnlyList<IntradayLoadCharts> queues)
    {
        if (queues.Count == 0) return;
        html.Section("intraday-load", "Intraday load");
        html.Element("p",
            "Arrivals per interval on weekdays and at weekends: the observed mean over every such day of the log with its exact " +
            "Poisson interval (shaded), and the fitted non-homogeneous Poisson rate. The fitted rate is the cell mean by weekday, " +
            "so a gap between the two comes from weekdays that differ or were imputed.");
        foreach (var q in queues)
        {
            html.Element("h3", $"{q.Queue.Queue} / {q.Queue.Channel}");
            html.Figure(q.Load);
            LoadTable(html, q, report.Settings.IntervalMinutes);
            if (q.Forecast is null) continue;
            html.Figure(q.Forecast);
            ForecastTable(html, q.Queue.Forecast!);
        }
        html.EndSection();
    }

    private static void LoadTable(HtmlBuilder html, IntradayLoadCharts q, int intervalMinutes)
    {
        var headers = new List<string> { "Interval" };
        foreach (var d in q.DayTypes) headers.AddRange([$"{d.Label}: observed mean", "CI", "fitted"]);
        var rows = Enumerable.Range(0, q.DayTypes[0].Fitted.Length)
            .Where(i => q.DayTypes.Any(d => d.Fitted[i] > 0 || d.Observed[i] > 0))
            .Select(i =>
            {
                var row = new List<Cell> { TimeAxis.DayInterval(i, intervalMinutes) };
                foreach (var d in q.DayTypes) row.AddRange([Cell.Number(d.Observed[i]), Cell.Numeric(Num.Interval(d.Lower[i], d.Upper[i])), Cell.Number(d.Fitted[i])]);
                return (IReadOnlyList<Cell>)row;
            });
        Details(html, "Numbers behind the chart", h => h.Table(headers, rows));
    }

    private static void ForecastTable(HtmlBuilder html, ArrivalForecast f)
    {
        var backTest = f.BackTest.Count == 0
            ? f.Note ?? "not back-tested"
            : string.Join("; ", f.BackTest.Select(e => $"{IntradayLoadCharts.Method(e.Method)}: MAE {Num.Format(e.Mae)}, RMSE {Num.Format(e.Rmse)}, MASE {Num.Format(e.Mase)} ({e.Points.ToString(CultureInfo.InvariantCulture)} points)"));
        html.Element("p", $"Method: {IntradayLoadCharts.Method(f.Method)} (α = {Num.Format(f.SmoothingAlpha)}). Back-test: {backTest}.", "muted");
        Details(html, "Forecast per day", h => h.Table(["Date", "Day", "Forecast arrivals"],
            f.Days.Select(d => (IReadOnlyList<Cell>)[d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), TimeAxis.Short(d.Date.DayOfWeek), Cell.Number(d.Counts.Sum())])));
    }

    /// <summary>Collapsed content under an escaped summary line.</summary>
    public static void Details(HtmlBuilder html, string summary, Action<HtmlBuilder> content)
    {
        html.Raw("<details>\n<summary>").Raw(Html.Encode(summary)).Raw("</summary>\n");
        content(html);
        html.Raw("</details>\n");
    }
}
