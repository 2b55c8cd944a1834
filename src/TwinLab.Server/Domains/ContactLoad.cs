using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Twin;

namespace TwinLab.Server.Domains;

/// <summary>
/// The intraday load of the centre or one skill, per interval of the week (Monday 00:00 first): the contacts offered in
/// the stored log (the mean over every such weekday with its exact 95% Poisson interval, and the last observed week), the
/// calibrated model's expected contacts (fresh, and with the repeats it expects), and the forecast of the week after the log.
/// </summary>
/// <remarks>The counts and intervals are <see cref="ArrivalProfile.Estimate"/>'s and the forecast
/// <see cref="ArrivalForecast.Fit"/>'s (the method that did best in a rolling-origin back-test), applied to the contacts
/// in scope taken together, so the total's interval is that of the total count.</remarks>
internal static class ContactLoad
{
    /// <summary>The load of <paramref name="skill"/> (every channel of it), or of every queue when null.</summary>
    public static JsonObject Of(CenterModel model, StoredLog log, string? skill)
    {
        var minutes = model.IntervalMinutes;
        var perDay = 24 * 60 / minutes;
        var week = model.IntervalsPerWeek;
        var scope = skill ?? "all";
        var all = log.Interactions;
        var first = all.Count > 0 ? all.Min(i => DateOnly.FromDateTime(i.Arrival.DateTime)) : default;
        var last = all.Count > 0 ? all.Max(i => DateOnly.FromDateTime(i.Arrival.DateTime)) : default;
        // One profile of every contact in scope: the queue and channel are merged so the counts are the total offered.
        var rows = all.Where(i => skill is null || i.Queue == skill).Select(i => i with { Queue = scope, Channel = Channel.Phone }).ToList();
        var profile = rows.Count > 0 ? ArrivalProfile.Estimate(rows, minutes, 0.95, first, last).Single() : null;
        var forecast = profile is { DaysObserved: >= ArrivalForecast.MinimumDays } ? ArrivalForecast.Fit(profile, horizonDays: 7) : null;

        var observed = new double[week];
        var low = new double[week];
        var high = new double[week];
        var lastWeek = new double?[week];
        var predicted = new double?[week];
        var calibrated = new double[week];
        var days = Enumerable.Range(0, 7).Select(_ => new JsonObject()).ToArray();
        for (var w = 0; w < 7; w++) days[w]["day"] = ((DayOfWeek)((w + 1) % 7)).ToString();
        if (profile is not null)
        {
            for (var i = 0; i < week; i++)
            {
                var cell = profile.Cells[i];
                (observed[i], low[i], high[i]) = (cell.MeanCount, cell.Lower, cell.Upper);
            }
            for (var w = 0; w < 7; w++) days[w]["observedDays"] = profile.Cells[w * perDay].DaysObserved;
            for (var d = Math.Max(0, profile.DaysObserved - 7); d < profile.DaysObserved; d++)
            {
                var date = profile.FirstDay.AddDays(d);
                var w = Weekday(date);
                days[w]["lastWeekDate"] = HealthPayloads.Date(date);
                for (var k = 0; k < perDay; k++) lastWeek[w * perDay + k] = profile.DailyCounts[d][k];
            }
        }
        if (forecast is not null)
        {
            foreach (var day in forecast.Days)
            {
                var w = Weekday(day.Date);
                days[w]["forecastDate"] = HealthPayloads.Date(day.Date);
                for (var k = 0; k < perDay && k < day.Counts.Length; k++) predicted[w * perDay + k] = Math.Max(0, day.Counts[k]);
            }
        }
        var fresh = new double[week];
        foreach (var q in model.Queues.Where(q => skill is null || q.Queue == skill))
            for (var i = 0; i < week; i++) fresh[i] += q.ArrivalRatesPerHour[i] * minutes / 60.0;
        // The log counts every contact, repeats of unresolved ones included, while the model's rates are fresh contacts:
        // the comparable figure adds the repeats the model expects, placed in the week as IntervalStaffing places them
        // (its arrivals do not depend on the goal; a goal of 0% keeps its search short).
        var offered = IntervalStaffing.Compute(model, new StaffingGoal(0, 0));
        for (var i = 0; i < week; i++)
            calibrated[i] = offered.Intervals[i].Queues.Where(q => skill is null || q.Queue == skill).Sum(q => q.Arrivals);

        return new JsonObject
        {
            ["scope"] = scope,
            ["intervalMinutes"] = minutes,
            ["intervalsPerDay"] = perDay,
            ["units"] = new JsonObject { ["contacts"] = $"contacts offered per {minutes}-minute interval" },
            ["window"] = all.Count > 0 ? new JsonObject
            {
                ["firstDay"] = HealthPayloads.Date(first), ["lastDay"] = HealthPayloads.Date(last), ["days"] = last.DayNumber - first.DayNumber + 1,
                ["contacts"] = rows.Count, ["source"] = log.Source,
            } : null,
            ["days"] = new JsonArray([.. days]),
            ["forecast"] = forecast is null ? null : new JsonObject
            {
                ["method"] = forecast.Method == ForecastMethod.SeasonalNaive ? "seasonal naive" : "exponential smoothing",
                ["smoothingAlpha"] = HealthPayloads.Num(forecast.SmoothingAlpha, 4),
                ["backTest"] = new JsonArray([.. forecast.BackTest.Select(e => (JsonNode)new JsonObject
                {
                    ["method"] = e.Method == ForecastMethod.SeasonalNaive ? "seasonal naive" : "exponential smoothing",
                    ["mae"] = HealthPayloads.Num(e.Mae, 3), ["rmse"] = HealthPayloads.Num(e.Rmse, 3), ["mase"] = HealthPayloads.Num(e.Mase, 3),
                })]),
                ["note"] = forecast.Note,
            },
            ["series"] = new JsonObject
            {
                ["observedMean"] = Values(observed, profile is not null),
                ["observedLow95"] = Values(low, profile is not null),
                ["observedHigh95"] = Values(high, profile is not null),
                ["lastWeek"] = new JsonArray([.. lastWeek.Select(v => v is { } x ? HealthPayloads.Num(x) : null)]),
                ["calibrated"] = Values(calibrated, true),
                ["calibratedFresh"] = Values(fresh, true),
                ["forecast"] = forecast is null ? null : new JsonArray([.. predicted.Select(v => v is { } x ? HealthPayloads.Num(x, 3) : null)]),
            },
            ["totals"] = new JsonObject
            {
                ["observedMeanPerWeek"] = profile is null ? null : HealthPayloads.Num(observed.Where(double.IsFinite).Sum(), 1),
                ["calibratedPerWeek"] = HealthPayloads.Num(calibrated.Sum(), 1),
                ["calibratedFreshPerWeek"] = HealthPayloads.Num(fresh.Sum(), 1),
                ["forecastPerWeek"] = forecast is null ? null : HealthPayloads.Num(predicted.Sum(v => v ?? 0), 1),
            },
        };
    }

    /// <summary>Monday = 0 … Sunday = 6, as the model's week.</summary>
    private static int Weekday(DateOnly date) => ((int)date.DayOfWeek + 6) % 7;

    private static JsonArray Values(double[] values, bool present) =>
        new([.. values.Select(v => present ? HealthPayloads.Num(v, 3) : null)]);
}
