using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Reporting;

namespace TwinLab.ContactCenter.Tests.Reporting;

public sealed class StaffingSeriesTests
{
    private static readonly DayOfWeek[] Monday = [DayOfWeek.Monday];

    [Fact]
    public void Rostered_DayShiftWithBreak_CountsTheWorkedShareOfEachInterval()
    {
        var agent = new Agent("a1", [new AgentSkill("billing")],
            [new Shift(Monday, new TimeOnly(8, 0), new TimeOnly(16, 15), [new Break(new TimeOnly(12, 0), 15)])], 30);
        var roster = new Roster([agent, agent with { Id = "a2" }], 0.3);

        var series = StaffingSeries.Rostered(roster, 30);

        Assert.Equal(336, series.AgentsPerInterval.Count);
        Assert.Equal(0, series.AgentsPerInterval[15]); // 07:30
        Assert.Equal(2, series.AgentsPerInterval[16]); // 08:00
        Assert.Equal(1, series.AgentsPerInterval[24], 12); // 12:00, half of it on break
        Assert.Equal(1, series.AgentsPerInterval[32], 12); // 16:00, a quarter-hour left of the shift
        Assert.Equal(0, series.AgentsPerInterval[33]);
        // 8 h 15 min on shift less 15 min of break, two agents.
        Assert.Equal(16, series.AgentsPerInterval.Sum() * 0.5, 12);
        Assert.Null(series.Queue);
    }

    [Fact]
    public void Rostered_SundayNightShift_WrapsToMonday()
    {
        var agent = new Agent("n1", [new AgentSkill("tech")], [new Shift([DayOfWeek.Sunday], new TimeOnly(22, 0), new TimeOnly(6, 0), [])], 30);

        var series = StaffingSeries.Rostered(new Roster([agent], 0), 60);

        Assert.Equal(168, series.AgentsPerInterval.Count);
        Assert.Equal(1, series.AgentsPerInterval[167]); // Sunday 23:00
        Assert.Equal(1, series.AgentsPerInterval[0]); // Monday 00:00
        Assert.Equal(1, series.AgentsPerInterval[5]); // Monday 05:00
        Assert.Equal(0, series.AgentsPerInterval[6]);
        Assert.Equal(8, series.AgentsPerInterval.Sum());
    }

    [Fact]
    public void Rostered_ForAQueue_CountsOnlyAgentsWithThatSkill()
    {
        var shift = new Shift(Monday, new TimeOnly(9, 0), new TimeOnly(10, 0), []);
        var roster = new Roster(
        [
            new Agent("b", [new AgentSkill("billing")], [shift], 30),
            new Agent("t", [new AgentSkill("tech")], [shift], 30),
            new Agent("bt", [new AgentSkill("tech"), new AgentSkill("billing", 0.8)], [shift], 30),
            new Agent("any", [new AgentSkill("billing")], [], 30), // no shifts: on duty all week, as in the simulator
        ], 0);

        var series = StaffingSeries.Rostered(roster, 60, "billing agents", "billing");

        Assert.Equal("billing", series.Queue);
        Assert.Equal(3, series.AgentsPerInterval[9]);
        Assert.Equal(1, series.AgentsPerInterval[10]);
    }
}
