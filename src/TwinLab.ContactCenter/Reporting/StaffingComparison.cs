namespace TwinLab.ContactCenter.Reporting;

/// <summary>The staffing section's input: what is needed per interval and what is scheduled, for comparison.</summary>
/// <param name="IntervalMinutes">Length of an interval of the series (15, 30 or 60).</param>
/// <param name="Required">Agents needed per interval (e.g. from the staffing optimiser), overall or per queue.</param>
/// <param name="Scheduled">Agents scheduled or rostered per interval (e.g. <see cref="StaffingSeries.Rostered"/>); may be empty.</param>
public sealed record StaffingComparison(int IntervalMinutes, IReadOnlyList<StaffingSeries> Required, IReadOnlyList<StaffingSeries> Scheduled)
{
    /// <summary>Intervals in a week: the length every series must have.</summary>
    public int IntervalsPerWeek => 7 * 24 * 60 / IntervalMinutes;
}
