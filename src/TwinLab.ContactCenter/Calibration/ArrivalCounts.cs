using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Counts arrivals per day and interval for each queue × channel over a window of whole days.</summary>
internal static class ArrivalCounts
{
    /// <summary>
    /// counts[day][interval] for every queue × channel present, day 0 = <paramref name="firstDay"/>. Every day of the
    /// window counts as observed, so a day without a contact is a zero, not a gap.
    /// </summary>
    public static SortedDictionary<(string Queue, Channel Channel), int[][]> Count(
        IEnumerable<Interaction> interactions, int intervalMinutes, DateOnly firstDay, DateOnly lastDay)
    {
        var days = lastDay.DayNumber - firstDay.DayNumber + 1;
        var perDay = WeekGrid.PerDay(intervalMinutes);
        var result = new SortedDictionary<(string, Channel), int[][]>(KeyComparer.Instance);
        foreach (var contact in interactions)
        {
            var local = contact.Arrival.DateTime;
            var day = DateOnly.FromDateTime(local).DayNumber - firstDay.DayNumber;
            if (day < 0 || day >= days) continue;
            var key = (contact.Queue, contact.Channel);
            if (!result.TryGetValue(key, out var counts))
            {
                counts = new int[days][];
                for (var d = 0; d < days; d++) counts[d] = new int[perDay];
                result[key] = counts;
            }
            counts[day][WeekGrid.IntervalOf(local, intervalMinutes)]++;
        }
        return result;
    }

    /// <summary>The window spanned by the arrivals' wall-clock dates.</summary>
    /// <exception cref="ArgumentException">there are no interactions.</exception>
    public static (DateOnly First, DateOnly Last) Window(IEnumerable<Interaction> interactions)
    {
        DateOnly? first = null, last = null;
        foreach (var contact in interactions)
        {
            var date = DateOnly.FromDateTime(contact.Arrival.DateTime);
            if (first is null || date < first) first = date;
            if (last is null || date > last) last = date;
        }
        return first is { } f && last is { } l ? (f, l) : throw new ArgumentException("There are no interactions to calibrate from.", nameof(interactions));
    }
}
