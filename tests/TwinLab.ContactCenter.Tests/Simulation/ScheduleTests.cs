using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>Shifts, breaks and staffing plans decide when agents serve.</summary>
public sealed class ScheduleTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>An early and a late day shift with breaks, and one Monday night shift past midnight; callers never
    /// hang up, so the night's callers wait for the morning.</summary>
    private static CenterModel ShiftCentre() =>
        new(TestCenters.IntervalMinutes,
            [new QueueModel("general", Channel.Phone, TestCenters.Flat(20), Distribution.Exponential(1 / 300.0), null)],
            new Roster(
                [
                    new Agent("early", [new AgentSkill("general")], [new Shift(Weekdays, new(9, 0), new(17, 0), [new Break(new(12, 0), 30)])], 20),
                    new Agent("late", [new AgentSkill("general")], [new Shift(Weekdays, new(13, 0), new(21, 0), [new Break(new(17, 0), 15)])], 20),
                    new Agent("night", [new AgentSkill("general")], [new Shift([DayOfWeek.Monday], new(22, 0), new(6, 0), [])], 20),
                ],
                0));

    // Working windows in hours from Monday 00:00, written out by hand: the two simulated days and the Wednesday
    // the run drains into (callers who arrived on Tuesday evening are answered on Wednesday morning).
    private static readonly (double From, double To)[][] Windows =
    [
        [(9, 12), (12.5, 17), (33, 36), (36.5, 41), (57, 60), (60.5, 65)],
        [(13, 17), (17.25, 21), (37, 41), (41.25, 45), (61, 65), (65.25, 69)],
        [(22, 30)],
    ];

    [Fact]
    public void ShiftsAndBreaks_ServiceStartsOnlyInWorkingTime()
    {
        var scenario = new ContactCenterSimulator(ShiftCentre()).Prepare(("days", 2.0));
        var starts = new ServiceLog();
        var result = scenario.Simulate(RandomStream.FromSeed(11), starts);

        Assert.NotEmpty(starts.Entries);
        foreach (var (agent, _, time, _, _) in starts.Entries)
        {
            var hours = time / 3600;
            Assert.True(Windows[agent].Any(w => hours >= w.From && hours < w.To), $"agent {agent} started a contact at {hours:F3} h");
        }
        // The night's backlog is taken the moment the early shift starts.
        Assert.Contains(starts.Entries, e => e.Agent == 0 && e.Time == 9 * 3600);
        Assert.Contains(starts.Entries, e => e.Agent == 2 && e.Time > 24 * 3600);
        Assert.Equal(40, result.PaidAgentHours, 9); // 8 + 8 per weekday shift over two days, plus one 8-hour night
        Assert.Equal(800, result.Cost, 9);
        var available = result.Series.Single(s => s.Name == "agents_available").Values;
        Assert.Equal(0, available[3]);   // Monday 03:00: nobody on shift
        Assert.Equal(0, available[7]);
        Assert.True(available[23] >= 1); // Monday 23:00: the night shift
        Assert.Equal(0, available[46]);  // Tuesday 22:00: no night shift that day
    }

    [Fact]
    public void StaffingPlan_AgentsPerInterval_SetsAgentsOnDuty()
    {
        // 2 at night, 5 by day, 3 in the evening; one more all Wednesday, the day simulated.
        var counts = Enumerable.Range(0, TestCenters.IntervalsPerWeek)
            .Select(i => (i % 24) switch { < 8 => 2, < 20 => 5, _ => 3 } + (i / 24 == 2 ? 1 : 0)).ToArray();
        var wednesday = counts[48..72];
        var idle = new CenterModel(TestCenters.IntervalMinutes,
            [new QueueModel("general", Channel.Phone, new double[TestCenters.IntervalsPerWeek], Distribution.Exponential(1 / 300.0), null)],
            new Roster([], 0));
        var plan = new StaffingPlan([new StaffingGroup(new Agent("g", [new AgentSkill("general")], [], 25), counts)]);
        var scenario = new ContactCenterSimulator(idle, plan).Prepare(("days", 1.0), ("start_day", "wednesday"));
        var result = scenario.Simulate(RandomStream.FromSeed(2));

        Assert.Equal(6, scenario.AgentCount);
        Assert.Equal(wednesday.Select(c => (double)c), result.Series.Single(s => s.Name == "agents_available").Values);
        Assert.Equal(wednesday.Sum(), result.PaidAgentHours, 9);
        Assert.Equal(wednesday.Sum() * 25, result.Cost, 9);
        var doubled = new ContactCenterSimulator(idle, plan).Prepare(("days", 1.0), ("staffing_scale", 2.0));
        Assert.Equal(12, doubled.AgentCount);
    }
}
