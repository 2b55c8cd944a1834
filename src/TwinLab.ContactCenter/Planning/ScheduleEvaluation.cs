using TwinLab.Simulation.Statistics;

namespace TwinLab.ContactCenter.Planning;

/// <summary>What a roster delivers in the simulator over a week, across replications.</summary>
/// <param name="Intervals">Service level per interval of the week (all queues, each against its own target).</param>
/// <param name="ServiceLevel">Overall service level.</param>
/// <param name="AbandonmentRate">Overall abandonment.</param>
/// <param name="AverageSpeedOfAnswer">Overall ASA of phone and chat, seconds.</param>
/// <param name="Occupancy">Busy over staffed agent time.</param>
/// <param name="Cost">Paid cost of the week.</param>
/// <param name="Replications">Replications run.</param>
public sealed record ScheduleEvaluation(
    IReadOnlyList<IntervalServiceLevel> Intervals, KpiSummary ServiceLevel, KpiSummary AbandonmentRate,
    KpiSummary AverageSpeedOfAnswer, KpiSummary Occupancy, KpiSummary Cost, int Replications);

/// <summary>The simulated service level of one interval.</summary>
/// <param name="Index">Interval of the week, Monday 00:00 = 0.</param>
/// <param name="Day">Day.</param>
/// <param name="Start">Start time of day.</param>
/// <param name="Mean">Mean over the replications where contacts arrived; NaN when none did.</param>
/// <param name="CiLow">Lower confidence limit (Student t); NaN with fewer than two such replications.</param>
/// <param name="CiHigh">Upper confidence limit.</param>
/// <param name="Replications">Replications in which contacts arrived in the interval.</param>
public sealed record IntervalServiceLevel(int Index, DayOfWeek Day, TimeOnly Start, double Mean, double CiLow, double CiHigh, int Replications);

/// <summary>The result of <see cref="SchedulePlanner.Repair"/>.</summary>
/// <param name="Schedule">The last schedule.</param>
/// <param name="Evaluation">Its simulation.</param>
/// <param name="Iterations">Schedules solved and simulated.</param>
/// <param name="Missed">Staffed intervals whose simulated mean service level is still below the goal.</param>
/// <param name="AddedAgents">Agents added to the requirement per interval of the week, over all skills.</param>
public sealed record RepairedSchedule(StaffingSchedule Schedule, ScheduleEvaluation Evaluation, int Iterations, IReadOnlyList<int> Missed, IReadOnlyList<int> AddedAgents);
