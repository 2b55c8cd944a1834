using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Cli.Commands;

/// <summary>What <c>contact staff --verify N</c> found: the schedule's roster simulated for N independent weeks.</summary>
/// <param name="Evaluation">KPIs with confidence intervals and the service level per interval.</param>
/// <param name="Seed">Simulation seed.</param>
/// <param name="Missed">Intervals the table staffs whose simulated mean service level is below the goal.</param>
/// <param name="Replications">The raw weeks, for the report's simulation section; null when no report is written.</param>
internal sealed record ContactStaffVerification(
    ScheduleEvaluation Evaluation, ulong Seed, IReadOnlyList<IntervalServiceLevel> Missed, IReadOnlyList<ContactCenterResult>? Replications)
{
    /// <summary>Simulates <paramref name="schedule"/>'s roster.</summary>
    public static ContactStaffVerification Run(CenterModel model, StaffingTable table, StaffingSchedule schedule, int replications, ulong seed,
        bool simulateForReport)
    {
        var goal = table.Goal;
        var evaluation = SchedulePlanner.Simulate(model, schedule.Roster, goal, replications, seed);
        // As SchedulePlanner.Repair judges: only intervals the staffing table staffs; where it needs nobody the centre is
        // closed and the few contacts still arriving (repeats at night) are no staffing gap.
        var missed = evaluation.Intervals.Where(i => i.Mean < goal.ServiceLevel && table.Intervals[i.Index].Agents > 0).ToArray();
        return new ContactStaffVerification(evaluation, seed, missed,
            simulateForReport ? Weeks(model, schedule.Roster, goal, replications, seed) : null);
    }

    /// <summary>The same weeks <see cref="SchedulePlanner.Simulate"/> runs (stream (seed, 0, r) for week r), kept whole
    /// for the report's per-interval charts.</summary>
    private static ContactCenterResult[] Weeks(CenterModel model, Roster roster, StaffingGoal goal, int replications, ulong seed)
    {
        var scenario = new ContactCenterSimulator(model with { Roster = roster }).Prepare(
            ("days", ParameterValue.Of(7.0)),
            ("service_level_target_seconds", ParameterValue.Of(goal.TargetAnswerSeconds)));
        var results = new ContactCenterResult[replications];
        Parallel.For(0, replications, r => results[r] = scenario.Simulate(RandomStream.For(seed, 0, r)));
        return results;
    }
}
