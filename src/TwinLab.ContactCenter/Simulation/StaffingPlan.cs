using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// Staffing given directly as agents per interval instead of shifts: the usual output of an Erlang-based staffing
/// calculation, simulated to see what it really delivers in a multi-skill centre. Replaces the roster's agents.
/// </summary>
/// <param name="Groups">Agent groups; each has one skill set and a head count per interval.</param>
public sealed record StaffingPlan(IReadOnlyList<StaffingGroup> Groups);

/// <summary>Identical agents staffed by interval.</summary>
/// <param name="Template">Skills, proficiencies, cost and chat concurrency of every agent of the group (its
/// <see cref="Agent.Shifts"/> are ignored).</param>
/// <param name="AgentsPerInterval">Agents on duty in each interval of a week, Monday 00:00 first
/// (<see cref="CenterModel.IntervalsPerWeek"/> values, as the arrival rates).</param>
public sealed record StaffingGroup(Agent Template, IReadOnlyList<int> AgentsPerInterval);
