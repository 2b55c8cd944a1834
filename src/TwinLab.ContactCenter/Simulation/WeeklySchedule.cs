using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// An agent's week as the points where their <see cref="AgentStatus"/> changes, in seconds from Monday 00:00;
/// the week repeats. Built from shifts and breaks, or from the intervals a staffing plan puts the agent on duty.
/// </summary>
/// <remarks>A shift whose end is not after its start runs past midnight into the next day (a 22:00–06:00 night
/// shift); a Sunday night shift wraps to Monday. Breaks count only where they fall inside a shift.</remarks>
internal sealed class WeeklySchedule
{
    public const double WeekSeconds = 7 * 86_400.0;
    private const double DaySeconds = 86_400.0;

    private WeeklySchedule(double[] times, AgentStatus[] statuses, AgentStatus constant)
    {
        Times = times;
        Statuses = statuses;
        Constant = constant;
        (PaidShare, BreakShare) = Shares();
    }

    /// <summary>An agent without shifts: on duty around the clock (a model without a rota, e.g. an Erlang check).</summary>
    public static WeeklySchedule AlwaysOn { get; } = new([], [], AgentStatus.Working);

    /// <summary>Change points, strictly increasing within [0, week).</summary>
    public double[] Times { get; }

    /// <summary>The status from each change point on.</summary>
    public AgentStatus[] Statuses { get; }

    /// <summary>The status all week when there are no change points.</summary>
    public AgentStatus Constant { get; }

    /// <summary>Share of the week on a shift (paid).</summary>
    public double PaidShare { get; }

    /// <summary>Share of shift time spent on breaks.</summary>
    public double BreakShare { get; }

    /// <summary>The status at <paramref name="weekTime"/> ∈ [0, week).</summary>
    public AgentStatus StatusAt(double weekTime)
    {
        if (Times.Length == 0) return Constant;
        var i = FirstAfter(weekTime) - 1;
        return Statuses[i >= 0 ? i : Times.Length - 1]; // before the first change: the week's last status carries over
    }

    /// <summary>Index of the first change point after <paramref name="weekTime"/>; <see cref="Times"/>.Length when none.</summary>
    public int FirstAfter(double weekTime)
    {
        var i = Array.BinarySearch(Times, weekTime);
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>The schedule of an agent's recurring shifts; <see cref="AlwaysOn"/> when there are none.</summary>
    public static WeeklySchedule FromShifts(IReadOnlyList<Shift> shifts)
    {
        if (shifts.Count == 0) return AlwaysOn;
        var shiftEdges = new List<(double Time, int Delta)>();
        var breakEdges = new List<(double Time, int Delta)>();
        foreach (var shift in shifts)
        {
            var start = shift.Start.ToTimeSpan().TotalSeconds;
            var end = shift.End.ToTimeSpan().TotalSeconds;
            if (end <= start) end += DaySeconds;
            foreach (var day in shift.Days.Distinct())
            {
                var dayStart = DayIndex(day) * DaySeconds;
                AddSegment(shiftEdges, dayStart + start, dayStart + end);
                foreach (var pause in shift.Breaks)
                {
                    var b = pause.Start.ToTimeSpan().TotalSeconds;
                    if (b < start) b += DaySeconds; // a break after midnight in a night shift
                    AddSegment(breakEdges, dayStart + b, dayStart + b + pause.Minutes * 60.0);
                }
            }
        }
        return Sweep(shiftEdges, breakEdges);
    }

    /// <summary>The schedule of an agent on duty in the marked intervals of a week (no breaks).</summary>
    public static WeeklySchedule FromIntervals(IReadOnlyList<bool> onDuty, double intervalSeconds)
    {
        var edges = new List<(double Time, int Delta)>();
        for (var i = 0; i < onDuty.Count; i++)
            if (onDuty[i]) AddSegment(edges, i * intervalSeconds, (i + 1) * intervalSeconds);
        return Sweep(edges, []);
    }

    /// <summary>Monday = 0 … Sunday = 6, the order of the weekly arrival rates.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>Adds [start, end) as edges within the week, splitting a segment that wraps past Sunday midnight.</summary>
    private static void AddSegment(List<(double Time, int Delta)> edges, double start, double end)
    {
        if (!(end > start)) return;
        var length = Math.Min(end - start, WeekSeconds);
        start %= WeekSeconds;
        end = start + length;
        if (end <= WeekSeconds)
        {
            edges.Add((start, +1));
            edges.Add((end, -1));
            return;
        }
        edges.Add((start, +1));
        edges.Add((WeekSeconds, -1));
        edges.Add((0, +1));
        edges.Add((end - WeekSeconds, -1));
    }

    /// <summary>Merges shift and break coverage into change points (a point per moment the status changes).</summary>
    private static WeeklySchedule Sweep(List<(double Time, int Delta)> shiftEdges, List<(double Time, int Delta)> breakEdges)
    {
        var all = shiftEdges.Select(e => (e.Time, Shift: e.Delta, Break: 0))
            .Concat(breakEdges.Select(e => (e.Time, Shift: 0, Break: e.Delta)))
            .Where(e => e.Time < WeekSeconds)
            .OrderBy(e => e.Time)
            .ToList();
        var times = new List<double>();
        var statuses = new List<AgentStatus>();
        int onShift = 0, onBreak = 0;
        for (var i = 0; i < all.Count;)
        {
            var t = all[i].Time;
            for (; i < all.Count && all[i].Time == t; i++)
            {
                onShift += all[i].Shift;
                onBreak += all[i].Break;
            }
            var status = onShift <= 0 ? AgentStatus.Off : onBreak > 0 ? AgentStatus.Break : AgentStatus.Working;
            if (statuses.Count > 0 && statuses[^1] == status) continue;
            times.Add(t);
            statuses.Add(status);
        }
        return new WeeklySchedule([.. times], [.. statuses], AgentStatus.Off);
    }

    private (double Paid, double Break) Shares()
    {
        if (Times.Length == 0) return Constant == AgentStatus.Off ? (0, 0) : (1, 0);
        double paid = 0, pause = 0;
        for (var i = 0; i < Times.Length; i++)
        {
            var next = i + 1 < Times.Length ? Times[i + 1] : Times[0] + WeekSeconds;
            var length = next - Times[i];
            if (Statuses[i] != AgentStatus.Off) paid += length;
            if (Statuses[i] == AgentStatus.Break) pause += length;
        }
        // Before the first point the last status carries over, which the wrap-around length above already counts.
        return (paid / WeekSeconds, paid > 0 ? pause / paid : 0);
    }
}
