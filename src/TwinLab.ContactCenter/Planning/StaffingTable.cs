using TwinLab.ContactCenter.Analytics;

namespace TwinLab.ContactCenter.Planning;

/// <summary>The cheapest staffing per interval of a week that meets the goal (see <see cref="IntervalStaffing"/>).</summary>
/// <param name="IntervalMinutes">Interval length.</param>
/// <param name="Goal">The goal met in every interval (phone and chat).</param>
/// <param name="Shrinkage">Shrinkage used to turn agents on contacts into agents on duty.</param>
/// <param name="Intervals">Every interval of the week, Monday 00:00 first.</param>
public sealed record StaffingTable(int IntervalMinutes, StaffingGoal Goal, double Shrinkage, IReadOnlyList<IntervalRequirement> Intervals)
{
    /// <summary>The skills (queue names) in model order.</summary>
    public IReadOnlyList<string> Skills => Intervals.Count == 0 ? [] : Intervals[0].Queues.Select(q => q.Queue).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Agent hours on contacts over the week.</summary>
    public double AgentHours => Intervals.Sum(i => i.Agents) * IntervalMinutes / 60.0;

    /// <summary>Agent hours on duty (after shrinkage) over the week.</summary>
    public double ScheduledAgentHours => Intervals.Sum(i => i.ScheduledAgents) * IntervalMinutes / 60.0;

    /// <summary>Cost of the scheduled agent hours over the week.</summary>
    public double Cost => Intervals.Sum(i => i.Cost);

    /// <summary>The most agents on duty in any interval.</summary>
    public int PeakScheduledAgents => Intervals.Count == 0 ? 0 : Intervals.Max(i => i.ScheduledAgents);

    /// <summary>Agents on contacts per interval, for one skill (all its channels) or, with null, for all queues.</summary>
    /// <param name="skill">Queue (skill) name, or null for the total.</param>
    public int[] AgentsPerInterval(string? skill = null) =>
        Intervals.Select(i => skill is null ? i.Agents : i.AgentsFor(skill)).ToArray();
}
