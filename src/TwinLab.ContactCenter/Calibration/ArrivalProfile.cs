using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// The weekly arrival profile of one queue × channel: a non-homogeneous Poisson process whose rate is constant within
/// each (weekday, interval) cell and estimated by the cell's mean daily count, the maximum-likelihood estimate
/// (Brown et al., JASA 2005, §4 fit call-centre arrivals this way).
/// </summary>
/// <param name="Queue">Queue.</param>
/// <param name="Channel">Channel.</param>
/// <param name="IntervalMinutes">Interval length.</param>
/// <param name="FirstDay">First day of the observation window (day 0 of <see cref="DailyCounts"/>).</param>
/// <param name="DailyCounts">Arrivals per day (outer, from <see cref="FirstDay"/>) and interval of the day (inner); read-only by convention.</param>
/// <param name="Cells">The 7 × intervals-per-day cells, Monday 00:00 first.</param>
/// <param name="ArrivalRatesPerHour">Arrivals per hour per interval of the week, Monday 00:00 first, as
/// <see cref="QueueModel.ArrivalRatesPerHour"/> takes them.</param>
/// <param name="ImputedDays">Weekdays with no observed day, whose rates are the mean of that interval over the observed days.</param>
/// <param name="Dispersion">Whether the counts are as variable as Poisson arrivals would be.</param>
public sealed record ArrivalProfile(
    string Queue, Channel Channel, int IntervalMinutes, DateOnly FirstDay, int[][] DailyCounts,
    IReadOnlyList<ArrivalCell> Cells, double[] ArrivalRatesPerHour, IReadOnlyList<DayOfWeek> ImputedDays, DispersionCheck Dispersion)
{
    /// <summary>Days in the observation window.</summary>
    public int DaysObserved => DailyCounts.Length;

    /// <summary>
    /// Estimates a profile for every queue × channel in <paramref name="interactions"/>. The observation window is
    /// <paramref name="firstDay"/>…<paramref name="lastDay"/> (default: the dates of the first and last arrival of the
    /// whole log), and every day in it counts as observed, so quiet days are zeros. Arrivals outside it are ignored.
    /// </summary>
    /// <param name="interactions">The log.</param>
    /// <param name="intervalMinutes">Interval length (15, 30, 60 …; must divide a day).</param>
    /// <param name="confidence">Level of the Poisson intervals of the cell means.</param>
    /// <param name="firstDay">First day of the window.</param>
    /// <param name="lastDay">Last day of the window.</param>
    /// <exception cref="ArgumentException">no interactions, or the window is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">the interval does not divide a day, or confidence is not in (0, 1).</exception>
    public static IReadOnlyList<ArrivalProfile> Estimate(
        IEnumerable<Interaction> interactions, int intervalMinutes, double confidence = 0.95, DateOnly? firstDay = null, DateOnly? lastDay = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        WeekGrid.Check(intervalMinutes);
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be in (0, 1).");
        var list = interactions as IReadOnlyCollection<Interaction> ?? interactions.ToList();
        var window = firstDay is null || lastDay is null ? ArrivalCounts.Window(list) : default;
        var first = firstDay ?? window.First;
        var last = lastDay ?? window.Last;
        if (last < first) throw new ArgumentException($"The window {first:yyyy-MM-dd}…{last:yyyy-MM-dd} is empty.", nameof(lastDay));
        return ArrivalCounts.Count(list, intervalMinutes, first, last)
            .Select(kv => FromCounts(kv.Key.Queue, kv.Key.Channel, intervalMinutes, first, kv.Value, confidence))
            .ToList();
    }

    /// <summary>The profile of one queue × channel from its daily counts.</summary>
    internal static ArrivalProfile FromCounts(string queue, Channel channel, int intervalMinutes, DateOnly firstDay, int[][] counts, double confidence)
    {
        var perDay = WeekGrid.PerDay(intervalMinutes);
        var cells = new List<ArrivalCell>(7 * perDay);
        for (var w = 0; w < 7; w++)
        {
            var days = Enumerable.Range(0, counts.Length).Where(d => WeekGrid.DayIndex(firstDay.AddDays(d).DayOfWeek) == w).ToArray();
            for (var i = 0; i < perDay; i++) cells.Add(Cell(w, i, intervalMinutes, days.Select(d => counts[d][i]).ToArray(), confidence));
        }
        var perHour = 60.0 / intervalMinutes;
        var rates = new double[7 * perDay];
        var imputed = new List<DayOfWeek>();
        for (var w = 0; w < 7; w++)
        {
            if (cells[w * perDay].DaysObserved == 0) imputed.Add(WeekGrid.DayOf(w));
            for (var i = 0; i < perDay; i++)
            {
                var cell = cells[w * perDay + i];
                rates[w * perDay + i] = perHour * (cell.DaysObserved > 0 ? cell.MeanCount : AllDaysMean(counts, i));
            }
        }
        return new ArrivalProfile(queue, channel, intervalMinutes, firstDay, counts, cells, rates, imputed, DispersionCheck.Of(cells));
    }

    private static ArrivalCell Cell(int weekday, int interval, int intervalMinutes, int[] counts, double confidence)
    {
        var n = counts.Length;
        var start = WeekGrid.StartOf(interval, intervalMinutes);
        if (n == 0) return new ArrivalCell(WeekGrid.DayOf(weekday), interval, start, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        long total = counts.Sum(c => (long)c);
        var mean = (double)total / n;
        var variance = n > 1 ? counts.Sum(c => (c - mean) * (c - mean)) / (n - 1) : double.NaN;
        var (lower, upper) = ConfidenceIntervals.Poisson(total, n, confidence);
        var dispersion = mean > 0 && n > 1 ? variance / mean : double.NaN;
        return new ArrivalCell(WeekGrid.DayOf(weekday), interval, start, n, total, mean, lower, upper, variance, dispersion);
    }

    private static double AllDaysMean(int[][] counts, int interval) =>
        counts.Length == 0 ? 0 : counts.Average(day => (double)day[interval]);
}
