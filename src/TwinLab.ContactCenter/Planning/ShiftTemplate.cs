namespace TwinLab.ContactCenter.Planning;

/// <summary>A kind of shift the scheduler may use: a length, when it may start, and the breaks inside it.</summary>
/// <param name="Name">Name shown in the schedule (e.g. "8h", "4h").</param>
/// <param name="LengthMinutes">Shift length from start to end, breaks included.</param>
/// <param name="Breaks">Breaks every shift of this kind takes; each is placed by the scheduler inside its window.</param>
public sealed record ShiftTemplate(string Name, int LengthMinutes, IReadOnlyList<BreakRule> Breaks)
{
    /// <summary>Earliest start time of day.</summary>
    public TimeOnly EarliestStart { get; init; } = TimeOnly.MinValue;

    /// <summary>Latest start time of day (inclusive).</summary>
    public TimeOnly LatestStart { get; init; } = new(23, 59);

    /// <summary>Starts are EarliestStart, EarliestStart + step, … up to LatestStart.</summary>
    public int StartStepMinutes { get; init; } = 30;

    /// <summary>Days a shift of this kind may start on; null for every day.</summary>
    public IReadOnlyList<DayOfWeek>? Days { get; init; }

    /// <summary>Paid cost per hour of this kind; null uses the request's.</summary>
    public double? CostPerHour { get; init; }

    /// <summary>Minutes paid: the length less unpaid breaks.</summary>
    public int PaidMinutes => LengthMinutes - Breaks.Where(b => !b.Paid).Sum(b => b.Minutes);
}

/// <summary>A break taken in every shift of a template, starting somewhere in a window measured from the shift's start.</summary>
/// <param name="Minutes">Length of the break.</param>
/// <param name="EarliestOffsetMinutes">Earliest start, in minutes after the shift starts.</param>
/// <param name="LatestOffsetMinutes">Latest start, in minutes after the shift starts (inclusive).</param>
/// <param name="Paid">Whether the break is paid (a rest break) or not (a lunch).</param>
public sealed record BreakRule(int Minutes, int EarliestOffsetMinutes, int LatestOffsetMinutes, bool Paid = true)
{
    /// <summary>Break starts are tried every this many minutes within the window.</summary>
    public int StepMinutes { get; init; } = 15;
}
