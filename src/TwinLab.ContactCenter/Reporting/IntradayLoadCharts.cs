using System.Globalization;
using ScottPlot;
using TwinLab.ContactCenter.Calibration;
using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Per queue × channel: the intraday load chart (weekdays and weekend) and the forecast chart, with their data.</summary>
/// <param name="Queue">The calibrated queue.</param>
/// <param name="Load">Observed mean and fitted count per interval with the observed mean's interval.</param>
/// <param name="Forecast">The forecast of the next days after the last observed week; null without a forecast.</param>
/// <param name="DayTypes">The weekday and weekend loads drawn.</param>
internal sealed record IntradayLoadCharts(QueueCalibration Queue, ReportChart Load, ReportChart? Forecast, IReadOnlyList<DayTypeLoad> DayTypes)
{
    public static IntradayLoadCharts Create(QueueCalibration queue, double confidence, ChartNameBook names)
    {
        var profile = queue.Arrivals;
        DayTypeLoad[] loads =
        [
            DayTypeLoad.Of(profile, "weekdays (Mon–Fri)", DayTypeLoad.Weekdays, confidence),
            DayTypeLoad.Of(profile, "weekend (Sat–Sun)", DayTypeLoad.Weekend, confidence),
        ];
        var subject = $"{queue.Queue} / {queue.Channel}";
        var title = $"Intraday load: {subject}, observed mean ({Num.Format(confidence * 100)}% CI) and fitted NHPP";
        var yLabel = $"arrivals per {profile.IntervalMinutes.ToString(CultureInfo.InvariantCulture)}-min interval";
        var load = new ReportChart(names.Claim("load", queue.Queue, queue.Channel.ToString()), title, () => DrawLoad(title, yLabel, profile.IntervalMinutes, loads));
        return new IntradayLoadCharts(queue, load, ForecastChart(queue, subject, yLabel, names), loads);
    }

    private static Plot DrawLoad(string title, string yLabel, int intervalMinutes, DayTypeLoad[] loads)
    {
        var plot = PlotKit.Create(title, "time of day", yLabel);
        var xs = Enumerable.Range(0, loads[0].Fitted.Length).Select(i => (i + 0.5) * intervalMinutes / 60.0).ToArray();
        for (var k = 0; k < loads.Length; k++)
        {
            var l = loads[k];
            if (l.Days == 0) continue;
            var colour = PlotKit.Colour(k);
            Lines.Band(plot, xs, l.Fitted, null, null, colour, $"{l.Label}: fitted", 2);
            var band = plot.Add.FillY(xs, l.Lower, l.Upper);
            band.FillColor = colour.WithAlpha(0.15);
            band.LineWidth = 0;
            plot.Add.Markers(xs, l.Observed, MarkerShape.OpenCircle, 5, colour).LegendText = $"{l.Label}: observed mean ({l.Days} days)";
        }
        TimeAxis.Day(plot);
        TimeAxis.LegendBelow(plot);
        return plot;
    }

    // The last observed week (grey) then the forecast days, hours from the first forecast day's midnight.
    private static ReportChart? ForecastChart(QueueCalibration queue, string subject, string yLabel, ChartNameBook names)
    {
        if (queue.Forecast is not { Days.Count: > 0 } forecast) return null;
        var profile = queue.Arrivals;
        var hours = profile.IntervalMinutes / 60.0;
        var recent = profile.DailyCounts.TakeLast(7).ToArray();
        var title = $"Forecast: {subject}, next {forecast.Days.Count} days ({Method(forecast.Method)})";
        return new ReportChart(names.Claim("forecast", queue.Queue, queue.Channel.ToString()), title, () =>
        {
            var plot = PlotKit.Create(title, "day", yLabel);
            var past = recent.SelectMany((day, d) => day.Select((c, i) => (X: (d - recent.Length) * 24 + (i + 0.5) * hours, Y: (double)c))).ToArray();
            if (past.Length > 0)
                plot.Add.ScatterLine(past.Select(p => p.X).ToArray(), past.Select(p => p.Y).ToArray(), PlotKit.Neutral).LegendText = "observed (last days)";
            var ahead = forecast.Days.SelectMany((day, d) => day.Counts.Select((c, i) => (X: d * 24 + (i + 0.5) * hours, Y: c))).ToArray();
            var line = plot.Add.ScatterLine(ahead.Select(p => p.X).ToArray(), ahead.Select(p => p.Y).ToArray(), PlotKit.Colour(0));
            line.LineWidth = 2;
            line.LegendText = "forecast";
            plot.Add.VerticalLine(0, 1, PlotKit.Ink);
            var ticks = Enumerable.Range(-recent.Length, recent.Length + forecast.Days.Count).ToArray();
            var first = forecast.Days[0].Date;
            plot.Axes.Bottom.SetTicks(ticks.Select(d => d * 24 + 12.0).ToArray(),
                ticks.Select(d => first.AddDays(d).ToString("ddd dd", CultureInfo.InvariantCulture)).ToArray());
            plot.Axes.SetLimitsX(-recent.Length * 24, forecast.Days.Count * 24);
            TimeAxis.LegendBelow(plot);
            return plot;
        });
    }

    public static string Method(ForecastMethod method) => method switch
    {
        ForecastMethod.SeasonalNaive => "seasonal naive",
        ForecastMethod.ExponentialSmoothing => "exponential smoothing",
        _ => method.ToString(),
    };
}
