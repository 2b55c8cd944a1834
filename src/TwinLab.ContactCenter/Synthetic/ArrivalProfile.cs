namespace TwinLab.ContactCenter.Synthetic;

/// <summary>
/// When synthetic customers call: open 08:00–20:00 on weekdays and 09:00–17:00 at weekends, with a morning peak
/// around 10:30 and a smaller afternoon one around 14:45 on weekdays, one broad midday hump at weekends; Monday is the
/// busiest day, Sunday the quietest.
/// </summary>
internal static class ArrivalProfile
{
    public const int IntervalMinutes = 30;
    public const int IntervalsPerDay = 24 * 60 / IntervalMinutes;
    public const int IntervalsPerWeek = 7 * IntervalsPerDay;

    /// <summary>Volume of each day relative to Tuesday, Monday first.</summary>
    public static readonly double[] DayFactors = [1.15, 1.0, 0.98, 0.97, 0.9, 0.45, 0.3];

    public static bool IsWeekend(int mondayFirstDay) => mondayFirstDay >= 5;

    public static (double Open, double Close) Hours(int mondayFirstDay) => IsWeekend(mondayFirstDay) ? (9, 17) : (8, 20);

    /// <summary>Relative arrival intensity at <paramref name="hour"/> (0 while closed).</summary>
    public static double Shape(int mondayFirstDay, double hour)
    {
        var (open, close) = Hours(mondayFirstDay);
        if (hour < open || hour >= close) return 0;
        return IsWeekend(mondayFirstDay)
            ? 0.5 + Bump(hour, 12.5, 2.2)
            : 0.45 + Bump(hour, 10.5, 1.4) + 0.75 * Bump(hour, 14.75, 1.6);
    }

    /// <summary>Arrivals per hour in each 30-minute interval of a week (Monday 00:00 first) for a queue with
    /// <paramref name="tuesdayContacts"/> expected on a Tuesday.</summary>
    public static double[] WeeklyRates(double tuesdayContacts)
    {
        var rates = new double[IntervalsPerWeek];
        for (var day = 0; day < 7; day++)
        {
            var weights = Enumerable.Range(0, IntervalsPerDay).Select(i => Shape(day, (i + 0.5) * IntervalMinutes / 60.0)).ToArray();
            var total = weights.Sum();
            for (var i = 0; i < IntervalsPerDay; i++)
                rates[day * IntervalsPerDay + i] = tuesdayContacts * DayFactors[day] * weights[i] / total * 60 / IntervalMinutes;
        }
        return rates;
    }

    private static double Bump(double hour, double centre, double width) => Math.Exp(-Math.Pow((hour - centre) / width, 2));
}
