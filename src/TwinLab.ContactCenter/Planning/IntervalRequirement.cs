namespace TwinLab.ContactCenter.Planning;

/// <summary>What the whole centre needs in one interval of the week.</summary>
/// <param name="Index">Interval of the week, Monday 00:00 = 0.</param>
/// <param name="Day">Day of the week.</param>
/// <param name="Start">Start time of day.</param>
/// <param name="Queues">Per queue, in the model's queue order.</param>
/// <param name="Agents">Agents on contacts, summed over queues (queues are staffed apart: no pooling credit).</param>
/// <param name="ScheduledAgents">Agents on duty, summed over queues.</param>
/// <param name="ServiceLevel">Predicted service level of phone and chat, weighted by arrivals; NaN when none arrive.</param>
/// <param name="AverageSpeedOfAnswerSeconds">Predicted ASA of phone and chat, weighted by answered contacts; NaN when none.</param>
/// <param name="AbandonmentRate">Predicted share of phone and chat contacts abandoning; NaN when none arrive.</param>
/// <param name="Occupancy">Busy agent-equivalents over agents on contacts; NaN when no agent is needed.</param>
/// <param name="Cost">Cost of the scheduled agents in the interval.</param>
public sealed record IntervalRequirement(
    int Index, DayOfWeek Day, TimeOnly Start, IReadOnlyList<QueueRequirement> Queues, int Agents, int ScheduledAgents,
    double ServiceLevel, double AverageSpeedOfAnswerSeconds, double AbandonmentRate, double Occupancy, double Cost)
{
    /// <summary>Agents on contacts needed by the queues of one skill (all its channels).</summary>
    /// <param name="skill">Queue (skill) name.</param>
    public int AgentsFor(string skill) => Queues.Where(q => q.Queue == skill).Sum(q => q.Agents);
}
