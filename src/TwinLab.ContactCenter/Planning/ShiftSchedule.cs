namespace TwinLab.ContactCenter.Planning;

/// <summary>How far the solver got.</summary>
public enum ScheduleStatus
{
    /// <summary>Proven cheapest.</summary>
    Optimal,
    /// <summary>Covers the requirement, but the time limit stopped the proof; <see cref="ShiftSchedule.BestBound"/> bounds the gap.</summary>
    Feasible,
}

/// <summary>A week of shifts covering a requirement.</summary>
/// <param name="Status">Optimal or only feasible.</param>
/// <param name="Cost">Paid cost of the shifts.</param>
/// <param name="BestBound">A lower bound on the cost of any covering schedule (equal to the cost when optimal).</param>
/// <param name="Shifts">The shifts, by start; identical shifts (same start and breaks) are one entry with a count.</param>
/// <param name="IntervalMinutes">Interval length.</param>
/// <param name="Required">The requirement per interval.</param>
/// <param name="Coverage">Agents working (on shift, not on break) per interval: agent-minutes ÷ interval minutes.</param>
/// <param name="SolveSeconds">Wall time of the search.</param>
public sealed record ShiftSchedule(
    ScheduleStatus Status, double Cost, double BestBound, IReadOnlyList<ScheduledShift> Shifts, int IntervalMinutes,
    IReadOnlyList<double> Required, IReadOnlyList<double> Coverage, double SolveSeconds)
{
    /// <summary>Coverage less requirement per interval (never negative).</summary>
    public double[] OverCoverage => Coverage.Select((c, i) => c - Required[i]).ToArray();

    /// <summary>Shifts (agent-days) in the week.</summary>
    public int ShiftCount => Shifts.Sum(s => s.Count);

    /// <summary>Paid agent hours in the week.</summary>
    public double PaidHours => Shifts.Sum(s => s.Count * s.PaidMinutes / 60.0);
}

/// <summary>Agents working one shift: same start, length and breaks.</summary>
/// <param name="Template">The template's name.</param>
/// <param name="Day">Day the shift starts.</param>
/// <param name="Start">Start time of day.</param>
/// <param name="LengthMinutes">Length, breaks included (it may run past midnight, never past Sunday night).</param>
/// <param name="Breaks">Its breaks.</param>
/// <param name="PaidMinutes">Paid minutes (unpaid breaks excluded).</param>
/// <param name="CostPerHour">Paid cost per hour.</param>
/// <param name="Count">Agents working it.</param>
public sealed record ScheduledShift(
    string Template, DayOfWeek Day, TimeOnly Start, int LengthMinutes, IReadOnlyList<ScheduledBreak> Breaks, int PaidMinutes,
    double CostPerHour, int Count)
{
    /// <summary>End time of day.</summary>
    public TimeOnly End => Start.AddMinutes(LengthMinutes);
}

/// <summary>A break placed in a shift.</summary>
/// <param name="Start">Start time of day.</param>
/// <param name="Minutes">Length.</param>
/// <param name="Paid">Whether it is paid.</param>
public sealed record ScheduledBreak(TimeOnly Start, int Minutes, bool Paid);

/// <summary>No shifts can cover the requirement within the bounds.</summary>
/// <param name="message">Why, naming the interval when one is to blame.</param>
/// <param name="interval">The interval (Monday 00:00 = 0) that cannot be covered, when known.</param>
public sealed class InfeasibleScheduleException(string message, int? interval = null) : InvalidOperationException(message)
{
    /// <summary>The interval that cannot be covered, when one is to blame.</summary>
    public int? Interval { get; } = interval;
}
