using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Synthetic;

namespace TwinLab.ContactCenter.Tests.Planning;

/// <summary>The example centre (the synthetic generator's truth, which examples/contact-center was generated from)
/// staffed, scheduled and simulated once for all tests of the class.</summary>
public sealed class SchedulePlannerTests
{
    private static readonly StaffingGoal Goal = StaffingGoal.EightyTwenty with { MaxAbandonment = 0.05, MaxOccupancy = 0.85 };
    // The deterministic limit decides; the wall-clock one is only a safety net, generous so a busy machine cannot cut the search short.
    private static readonly PlanningOptions Options = new() { TimeLimit = TimeSpan.FromSeconds(120), DeterministicTimeLimit = 0.3 };
    private static readonly Lazy<(CenterModel Model, StaffingTable Table, StaffingSchedule Schedule)> Planned = new(() =>
    {
        var model = SyntheticContactCentre.Truth();
        var table = IntervalStaffing.Compute(model, Goal);
        return (model, table, SchedulePlanner.Schedule(model, table, Options));
    });

    [Fact]
    public void Schedule_ExampleCentre_CoversEveryIntervalOfEverySkill()
    {
        var (_, table, schedule) = Planned.Value;

        Assert.Equal(table.Skills, schedule.Skills.Select(s => s.Skill));
        foreach (var skill in schedule.Skills)
        {
            var needed = table.AgentsPerInterval(skill.Skill);
            for (var k = 0; k < needed.Length; k++)
            {
                Assert.True(skill.Schedule.Coverage[k] >= skill.Required[k] - 1e-9, $"{skill.Skill} interval {k}");
                Assert.True(skill.Required[k] >= needed[k]); // shrinkage beyond the breaks only adds
            }
        }
        Assert.Equal(schedule.Skills.Sum(s => s.Schedule.ShiftCount), schedule.Roster.Agents.Count);
        Assert.True(schedule.Cost > 0);
    }

    [Fact]
    public void Schedule_SameSeed_SameShifts()
    {
        var (model, table, first) = Planned.Value;

        var second = SchedulePlanner.Schedule(model, table, Options);

        Assert.Equal(first.Cost, second.Cost);
        Assert.Equal(first.Roster.Agents.Select(Describe), second.Roster.Agents.Select(Describe));
    }

    [Fact]
    public void ToAgents_EveryShiftBecomesAnAgentWithItsBreaks()
    {
        var skill = Planned.Value.Schedule.Skills[0];

        var agents = SchedulePlanner.ToAgents(skill.Template, skill.Schedule).ToList();

        Assert.Equal(skill.Schedule.ShiftCount, agents.Count);
        Assert.Equal(agents.Count, agents.Select(a => a.Id).Distinct().Count());
        // The standard templates: 8 h paid with three breaks (8 h 30 span), 4 h with one.
        Assert.All(agents, a =>
        {
            var shift = Assert.Single(a.Shifts);
            Assert.Equal((shift.End - shift.Start).TotalHours == 4 ? 1 : 3, shift.Breaks.Count);
        });
    }

    [Fact]
    public void Simulate_ScheduleOfTheExampleCentre_ServesCloseToTheGoal()
    {
        var (model, table, schedule) = Planned.Value;

        var evaluation = SchedulePlanner.Simulate(model, schedule.Roster, Goal, replications: 3, seed: 11);

        Assert.Equal(model.IntervalsPerWeek, evaluation.Intervals.Count);
        Assert.Equal(0, evaluation.Intervals[4].Replications); // Monday 02:00: closed, nobody calls
        var open = evaluation.Intervals.Where(i => i.Replications == 3).ToArray();
        Assert.True(open.Length > 100);
        Assert.All(open, i => Assert.True(i.CiLow <= i.Mean && i.Mean <= i.CiHigh));
        // Queues were staffed apart and rounded up, and pooling only helps: the week meets 80/20, and so do the open
        // hours on average. (Repeats that come back at night, when the centre is closed, abandon: no staffing gap.)
        Assert.True(evaluation.ServiceLevel.Mean >= 0.8, $"simulated service level {evaluation.ServiceLevel.Mean:P1}");
        var staffed = open.Where(i => table.Intervals[i.Index].Agents > 0).ToArray();
        Assert.True(staffed.Average(i => i.Mean) >= 0.8, $"open-hours service level {staffed.Average(i => i.Mean):P1}");
        Assert.True(evaluation.Cost.Mean > 0);
    }

    [Fact]
    public void Repair_AddsAgentsOnlyWhereTheSimulationMissed()
    {
        var (model, table, schedule) = Planned.Value;

        var repaired = SchedulePlanner.Repair(model, table, replications: 2, seed: 11, maxIterations: 2, Options);

        Assert.InRange(repaired.Iterations, 1, 2);
        if (repaired.Iterations == 1)
        {
            Assert.Empty(repaired.Missed);
            Assert.All(repaired.AddedAgents, a => Assert.Equal(0, a));
        }
        else
        {
            Assert.True(repaired.AddedAgents.Sum() > 0);
            Assert.True(repaired.Schedule.Cost >= schedule.Cost);
        }
    }

    private static string Describe(Agent a) =>
        $"{a.Id}:{string.Join(';', a.Shifts.Select(s => $"{s.Days[0]} {s.Start}-{s.End} {string.Join(',', s.Breaks.Select(b => b.Start))}"))}";
}
