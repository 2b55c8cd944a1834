using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Planning;

/// <summary>Turns a calibration's arrival forecast into a centre model to staff: the forecast week instead of the
/// average week of the log.</summary>
public static class ForecastWeek
{
    /// <summary>
    /// The calibrated model with each queue's weekly rates replaced by its forecast of the seven days from
    /// <paramref name="from"/> (default: the first forecast day), placed on their weekdays.
    /// </summary>
    /// <param name="report">A calibration whose queues have forecasts of at least seven days from <paramref name="from"/>.</param>
    /// <param name="from">First day of the week to staff.</param>
    /// <returns>The model and the dates of its Monday-first days.</returns>
    /// <exception cref="ArgumentException">A queue has no forecast or it does not cover the seven days (the message names it).</exception>
    public static (CenterModel Model, IReadOnlyList<DateOnly> Dates) Model(CalibrationReport report, DateOnly? from = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var model = report.Model;
        var perDay = 24 * 60 / model.IntervalMinutes;
        var first = from ?? report.Queues.Select(q => q.Forecast?.Days.FirstOrDefault()?.Date).FirstOrDefault(d => d is not null)
            ?? throw new ArgumentException("The calibration has no arrival forecast (the log is shorter than "
                + $"{ArrivalForecast.MinimumDays} days).", nameof(report));
        var dates = new DateOnly[7];
        for (var d = 0; d < 7; d++)
        {
            var date = first.AddDays(d);
            dates[((int)date.DayOfWeek + 6) % 7] = date;
        }
        var queues = model.Queues.Select(q =>
        {
            var fit = report.Queues.FirstOrDefault(c => c.Queue == q.Queue && c.Channel == q.Channel);
            var days = fit?.Forecast?.Days.ToDictionary(f => f.Date)
                ?? throw new ArgumentException($"Queue '{q.Queue}' ({q.Channel}) has no arrival forecast.", nameof(report));
            var rates = new double[model.IntervalsPerWeek];
            for (var d = 0; d < 7; d++)
            {
                if (!days.TryGetValue(dates[d], out var day) || day.Counts.Length != perDay)
                    throw new ArgumentException($"Queue '{q.Queue}' ({q.Channel}) has no {perDay}-interval forecast for {dates[d]:yyyy-MM-dd}.", nameof(report));
                for (var k = 0; k < perDay; k++) rates[d * perDay + k] = Math.Max(0, day.Counts[k]) * 60 / model.IntervalMinutes;
            }
            return q with { ArrivalRatesPerHour = rates };
        }).ToArray();
        return (model with { Queues = queues }, dates);
    }
}
