using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Working agents per interval of a week from shifts and breaks, by the simulator's own <see cref="WeeklySchedule"/>.</summary>
internal static class OnDuty
{
    public static double[] PerInterval(IEnumerable<Agent> agents, int intervalMinutes)
    {
        WeekGrid.Check(intervalMinutes);
        var length = intervalMinutes * 60.0;
        var result = new double[7 * WeekGrid.PerDay(intervalMinutes)];
        foreach (var agent in agents)
        {
            var schedule = WeeklySchedule.FromShifts(agent.Shifts);
            foreach (var (start, end) in WorkingSpans(schedule)) Spread(result, start, end, length);
        }
        return result;
    }

    // The week's spans with status Working; the status before the first change point is the last one's (the week repeats).
    private static IEnumerable<(double Start, double End)> WorkingSpans(WeeklySchedule schedule)
    {
        var times = schedule.Times;
        if (times.Length == 0)
        {
            if (schedule.Constant == AgentStatus.Working) yield return (0, WeeklySchedule.WeekSeconds);
            yield break;
        }
        for (var i = 0; i < times.Length; i++)
        {
            if (schedule.Statuses[i] != AgentStatus.Working) continue;
            var end = i + 1 < times.Length ? times[i + 1] : WeeklySchedule.WeekSeconds;
            yield return (times[i], end);
            if (i == times.Length - 1 && times[0] > 0) yield return (0, times[0]);
        }
    }

    // Adds the span's share of each interval it overlaps.
    private static void Spread(double[] perInterval, double start, double end, double length)
    {
        for (var k = (int)(start / length); k < perInterval.Length && k * length < end; k++)
        {
            var overlap = Math.Min(end, (k + 1) * length) - Math.Max(start, k * length);
            if (overlap > 0) perInterval[k] += overlap / length;
        }
    }
}
