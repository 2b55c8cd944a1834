using TwinLab.ContactCenter.Calibration;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>
/// The intraday load of one kind of day (weekdays or weekend) of one queue × channel: per interval of the day the
/// observed mean count over every such day in the window with its exact Poisson interval, and the fitted NHPP
/// count averaged over the same days (each weekday's fitted rate weighted by how often it was observed).
/// </summary>
/// <param name="Label">"weekdays (Mon–Fri)" or "weekend (Sat–Sun)".</param>
/// <param name="Days">Days of this kind in the window.</param>
/// <param name="Observed">Mean observed count per interval of the day (NaN when no day was observed).</param>
/// <param name="Lower">Lower confidence limit of the mean count.</param>
/// <param name="Upper">Upper confidence limit of the mean count.</param>
/// <param name="Fitted">Expected count of the fitted model.</param>
internal sealed record DayTypeLoad(string Label, int Days, double[] Observed, double[] Lower, double[] Upper, double[] Fitted)
{
    public static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public static readonly DayOfWeek[] Weekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static DayTypeLoad Of(ArrivalProfile profile, string label, IReadOnlyCollection<DayOfWeek> kind, double confidence)
    {
        var perDay = WeekGrid.PerDay(profile.IntervalMinutes);
        var days = Enumerable.Range(0, profile.DailyCounts.Length).Where(d => kind.Contains(profile.FirstDay.AddDays(d).DayOfWeek)).ToArray();
        var observed = new double[perDay];
        var lower = new double[perDay];
        var upper = new double[perDay];
        var fitted = new double[perDay];
        var perHour = 60.0 / profile.IntervalMinutes;
        // Weekdays never observed still have (imputed) rates: weight them equally when no day of the kind was seen.
        var weights = kind.ToDictionary(d => d, d => days.Length == 0 ? 1.0 : days.Count(x => profile.FirstDay.AddDays(x).DayOfWeek == d));
        var weightSum = weights.Values.Sum();
        for (var i = 0; i < perDay; i++)
        {
            if (days.Length == 0)
            {
                observed[i] = lower[i] = upper[i] = double.NaN;
            }
            else
            {
                long total = days.Sum(d => (long)profile.DailyCounts[d][i]);
                observed[i] = (double)total / days.Length;
                (lower[i], upper[i]) = ConfidenceIntervals.Poisson(total, days.Length, confidence);
            }
            fitted[i] = weights.Sum(w => w.Value * profile.ArrivalRatesPerHour[WeekGrid.DayIndex(w.Key) * perDay + i]) / weightSum / perHour;
        }
        return new DayTypeLoad(label, days.Length, observed, lower, upper, fitted);
    }
}
