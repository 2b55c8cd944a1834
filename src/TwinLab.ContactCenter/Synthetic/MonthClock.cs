namespace TwinLab.ContactCenter.Synthetic;

/// <summary>Seconds since the first midnight of the month, converted to days of the week and opening hours.</summary>
internal sealed class MonthClock(DateOnly start)
{
    private const double Day = 86_400;

    public DateOnly Start => start;

    /// <summary>Seconds from the Monday 00:00 on or before the start to the start: where a weekly profile begins.</summary>
    public double WeekOffset => MondayFirst(start.DayOfWeek) * Day;

    public static int MondayFirst(DayOfWeek day) => ((int)day + 6) % 7;

    public int DayOfWeekAt(double t) => MondayFirst(start.AddDays((int)Math.Floor(t / Day)).DayOfWeek);

    public bool IsOpen(double t)
    {
        var (open, close) = ArrivalProfile.Hours(DayOfWeekAt(t));
        var hour = (t - Math.Floor(t / Day) * Day) / 3600;
        return hour >= open && hour < close;
    }

    /// <summary>The next opening time at or after <paramref name="t"/>.</summary>
    public double NextOpening(double t)
    {
        for (var day = Math.Floor(t / Day); ; day++)
        {
            var open = day * Day + ArrivalProfile.Hours(DayOfWeekAt(day * Day)).Open * 3600;
            if (open >= t) return open;
        }
    }

    public DateTimeOffset ToTime(double t) =>
        new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(Math.Round(t));
}
