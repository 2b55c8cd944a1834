using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Planning;

/// <summary>The shifts of one skill group.</summary>
/// <param name="Skill">The skill (queue name; its phone, chat and email queues together).</param>
/// <param name="Template">The agent every shift of the group is worked by: the skill, the roster's average cost per
/// hour and chat concurrency for it.</param>
/// <param name="Required">Agents that had to be working per interval (after the non-break part of shrinkage).</param>
/// <param name="Schedule">The solved shifts.</param>
public sealed record SkillSchedule(string Skill, Agent Template, IReadOnlyList<double> Required, ShiftSchedule Schedule);

/// <summary>A week of shifts for every skill, and the roster that works them.</summary>
/// <param name="Skills">Per skill group.</param>
/// <param name="Roster">One agent per scheduled shift, with the table's shrinkage: ready for the simulator.</param>
public sealed record StaffingSchedule(IReadOnlyList<SkillSchedule> Skills, Roster Roster)
{
    /// <summary>Paid cost of all shifts in the week.</summary>
    public double Cost => Skills.Sum(s => s.Schedule.Cost);

    /// <summary>Optimal when every skill's schedule is proven optimal.</summary>
    public ScheduleStatus Status => Skills.All(s => s.Schedule.Status == ScheduleStatus.Optimal) ? ScheduleStatus.Optimal : ScheduleStatus.Feasible;
}
