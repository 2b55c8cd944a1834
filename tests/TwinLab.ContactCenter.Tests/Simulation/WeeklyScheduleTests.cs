using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;

namespace TwinLab.ContactCenter.Tests.Simulation;

public sealed class WeeklyScheduleTests
{
    private const double Hour = 3600;

    [Fact]
    public void FromShifts_DayShiftWithBreak_HasWorkingBreakAndOff()
    {
        var schedule = WeeklySchedule.FromShifts([new Shift([DayOfWeek.Monday], new(9, 0), new(17, 0), [new Break(new(12, 0), 30)])]);
        Assert.Equal(AgentStatus.Off, schedule.StatusAt(8.99 * Hour));
        Assert.Equal(AgentStatus.Working, schedule.StatusAt(9 * Hour));
        Assert.Equal(AgentStatus.Break, schedule.StatusAt(12.25 * Hour));
        Assert.Equal(AgentStatus.Working, schedule.StatusAt(12.5 * Hour));
        Assert.Equal(AgentStatus.Off, schedule.StatusAt(17 * Hour));
        Assert.Equal(AgentStatus.Off, schedule.StatusAt(34 * Hour)); // Tuesday 10:00
        Assert.Equal(0.5 / 8, schedule.BreakShare, 12);
        Assert.Equal(8 / 168.0, schedule.PaidShare, 12);
    }

    [Fact]
    public void FromShifts_SundayNightShift_WrapsIntoMonday()
    {
        var schedule = WeeklySchedule.FromShifts([new Shift([DayOfWeek.Sunday], new(22, 0), new(6, 0), [])]);
        Assert.Equal(AgentStatus.Working, schedule.StatusAt(6 * 24 * Hour + 23 * Hour));
        Assert.Equal(AgentStatus.Working, schedule.StatusAt(5 * Hour));
        Assert.Equal(AgentStatus.Off, schedule.StatusAt(6 * Hour));
        Assert.Equal(8 / 168.0, schedule.PaidShare, 12);
    }

    [Fact]
    public void FromShifts_NoShifts_IsAlwaysOn()
    {
        var schedule = WeeklySchedule.FromShifts([]);
        Assert.Same(WeeklySchedule.AlwaysOn, schedule);
        Assert.Equal(AgentStatus.Working, schedule.StatusAt(100 * Hour));
    }

    [Fact]
    public void Prepare_ShrinkageWithBreaks_DrawsOnlyTheRemainder()
    {
        // Breaks take 1/16 of the shift, so of 30% shrinkage (0.3 − 0.0625)/(1 − 0.0625) of working intervals is drawn.
        var plain = TestCenters.SingleSkill(10, 180, 1);
        var shift = new Shift([DayOfWeek.Monday], new(9, 0), new(17, 0), [new Break(new(12, 0), 30)]);
        var model = plain with { Roster = new Roster([plain.Roster.Agents[0] with { Shifts = [shift] }], 0.3) };
        var agent = new ContactCenterSimulator(model).Prepare().Compiled.Agents[0];
        Assert.Equal((0.3 - 0.0625) / (1 - 0.0625), agent.IntervalShrinkage, 12);
    }
}
