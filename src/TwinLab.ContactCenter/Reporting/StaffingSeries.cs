using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Agents per interval of a week, as a staffing calculation or a roster gives them.</summary>
/// <param name="Name">What the series is, e.g. "required (Erlang A, 80/20)" or "rostered".</param>
/// <param name="AgentsPerInterval">Agents in each interval of a week, Monday 00:00 first (7 × 24 × 60 / interval
/// minutes values, as <see cref="QueueModel.ArrivalRatesPerHour"/>); fractional values are allowed (averages).</param>
/// <param name="Queue">The queue (skill) the agents serve; null for the whole centre. Series of the same queue share a chart.</param>
public sealed record StaffingSeries(string Name, IReadOnlyList<double> AgentsPerInterval, string? Queue = null)
{
    /// <summary>
    /// The agents of <paramref name="roster"/> on duty in each interval: the share of the interval each agent is on a
    /// shift and not on a break, summed over agents. Roster shrinkage beyond the breaks (absence, training) is not
    /// taken off; an agent without shifts counts as on duty all week, as in the simulator.
    /// </summary>
    /// <param name="roster">The roster.</param>
    /// <param name="intervalMinutes">Interval length; must divide a day.</param>
    /// <param name="name">Series name.</param>
    /// <param name="queue">Count only agents with this skill, and tag the series with it; null counts everyone.</param>
    /// <exception cref="ArgumentOutOfRangeException">the interval does not divide a day.</exception>
    public static StaffingSeries Rostered(Roster roster, int intervalMinutes, string name = "rostered (on duty)", string? queue = null)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(name);
        var agents = roster.Agents.Where(a => queue is null || a.Skills.Any(s => string.Equals(s.Queue, queue, StringComparison.Ordinal)));
        return new StaffingSeries(name, OnDuty.PerInterval(agents, intervalMinutes), queue);
    }
}
