namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// The week as <see cref="Data.QueueModel.ArrivalRatesPerHour"/> lays it out: Monday first, then equal intervals of
/// the day. Times are the wall-clock time of each arrival (<see cref="DateTimeOffset.DateTime"/>), because staffing
/// follows the local clock, not UTC.
/// </summary>
internal static class WeekGrid
{
    /// <summary>0 = Monday … 6 = Sunday.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>The day of week of index 0 = Monday … 6 = Sunday.</summary>
    public static DayOfWeek DayOf(int index) => (DayOfWeek)((index + 1) % 7);

    /// <summary>Intervals in a day.</summary>
    public static int PerDay(int intervalMinutes) => 24 * 60 / intervalMinutes;

    /// <summary>The interval of the day a wall-clock time falls in.</summary>
    public static int IntervalOf(DateTime time, int intervalMinutes) => (time.Hour * 60 + time.Minute) / intervalMinutes;

    /// <summary>The start time of an interval of the day.</summary>
    public static TimeOnly StartOf(int interval, int intervalMinutes) => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(interval * intervalMinutes));

    /// <exception cref="ArgumentOutOfRangeException">the length does not divide a day into whole intervals.</exception>
    public static int Check(int intervalMinutes) =>
        intervalMinutes > 0 && 24 * 60 % intervalMinutes == 0
            ? intervalMinutes
            : throw new ArgumentOutOfRangeException(nameof(intervalMinutes), intervalMinutes,
                "intervalMinutes must divide a day into whole intervals (15, 30 or 60).");
}
