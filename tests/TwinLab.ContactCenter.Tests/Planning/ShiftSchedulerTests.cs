using TwinLab.ContactCenter.Planning;

namespace TwinLab.ContactCenter.Tests.Planning;

public sealed class ShiftSchedulerTests
{
    private const int Intervals = 7 * 48;

    /// <summary><paramref name="agents"/> needed on Monday from 09:00 to 17:00 (intervals 18–33), nobody otherwise.</summary>
    private static double[] MondayNineToFive(double agents)
    {
        var required = new double[Intervals];
        for (var k = 18; k < 34; k++) required[k] = agents;
        return required;
    }

    private static ShiftScheduleRequest Request(double[] required, params ShiftTemplate[] templates) =>
        new(30, required, templates, CostPerHour: 20) { TimeLimit = TimeSpan.FromSeconds(5), DeterministicTimeLimit = 5 };

    [Fact]
    public void Solve_ThreeAgentsNineToFive_ThreeEightHourShiftsAtNine()
    {
        var schedule = ShiftScheduler.Solve(Request(MondayNineToFive(3), new ShiftTemplate("8h", 480, [])));

        Assert.Equal(ScheduleStatus.Optimal, schedule.Status);
        var shift = Assert.Single(schedule.Shifts);
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0), 3), (shift.Day, shift.Start, shift.End, shift.Count));
        Assert.Equal(3 * 8 * 20, schedule.Cost, 6);
        Assert.Equal(schedule.Cost, schedule.BestBound, 6);
        Assert.All(schedule.OverCoverage, o => Assert.Equal(0, o, 9));
    }

    [Fact]
    public void Solve_LunchBreaks_AddAPartTimerToCoverThem()
    {
        // Two full-timers must cover 09:00–11:00; their unpaid lunches (3–5 h in) leave gaps that one 4-hour part-timer
        // starting at 11:00 covers: 2 × 8 + 4 = 20 paid hours is the optimum (a third full-timer would cost 24).
        var fullTime = new ShiftTemplate("8h", 510, [new BreakRule(30, 180, 300, Paid: false) { StepMinutes = 30 }])
        { EarliestStart = new(8, 30), LatestStart = new(9, 0) };
        var partTime = new ShiftTemplate("4h", 240, []) { EarliestStart = new(11, 0), LatestStart = new(11, 0) };

        var schedule = ShiftScheduler.Solve(Request(MondayNineToFive(2), fullTime, partTime));

        Assert.Equal(ScheduleStatus.Optimal, schedule.Status);
        Assert.Equal(20 * 20, schedule.Cost, 6);
        Assert.Equal(20, schedule.PaidHours, 9);
        Assert.Equal(2, schedule.Shifts.Where(s => s.Template == "8h").Sum(s => s.Count));
        Assert.All(schedule.Shifts.Where(s => s.Template == "8h"), s => Assert.False(Assert.Single(s.Breaks).Paid));
        for (var k = 0; k < Intervals; k++) Assert.True(schedule.Coverage[k] >= schedule.Required[k] - 1e-9, $"interval {k}");
    }

    [Fact]
    public void Solve_ShortBreakInLongInterval_CountsHalfAnAgent()
    {
        // 1 agent 09:00–13:00 with a paid 15-minute break: one 4-hour shift leaves a half-covered interval, so the
        // cheapest cover needs a second shift overlapping the break.
        var fourHours = new ShiftTemplate("4h", 240, [new BreakRule(15, 90, 150)]) { EarliestStart = new(7, 0), LatestStart = new(13, 0) };
        var required = new double[Intervals];
        for (var k = 18; k < 26; k++) required[k] = 1;

        var schedule = ShiftScheduler.Solve(Request(required, fourHours));

        Assert.Equal(2, schedule.ShiftCount);
        for (var k = 0; k < Intervals; k++) Assert.True(schedule.Coverage[k] >= required[k] - 1e-9, $"interval {k}");
    }

    [Fact]
    public void Solve_MaxAgentsBelowRequirement_NamesTheInterval()
    {
        var request = Request(MondayNineToFive(3), new ShiftTemplate("8h", 480, [])) with { MaxAgentsOnDuty = 2 };

        var error = Assert.Throws<InfeasibleScheduleException>(() => ShiftScheduler.Solve(request));

        Assert.Equal(18, error.Interval);
        Assert.Contains("Monday 09:00", error.Message);
        Assert.Contains("MaxAgentsOnDuty", error.Message);
    }

    [Fact]
    public void Solve_SundayNightNoShiftCanReach_NamesTheInterval()
    {
        var required = new double[Intervals];
        required[Intervals - 1] = 1; // Sunday 23:30
        var template = new ShiftTemplate("8h", 480, []) { LatestStart = new(15, 0) };

        var error = Assert.Throws<InfeasibleScheduleException>(() => ShiftScheduler.Solve(Request(required, template)));

        Assert.Equal(Intervals - 1, error.Interval);
        Assert.Contains("Sunday 23:30", error.Message);
    }

    [Fact]
    public void Solve_TooFewShiftsAllowed_ReportsInfeasible()
    {
        var request = Request(MondayNineToFive(3), new ShiftTemplate("8h", 480, [])) with { MaxShifts = 2 };

        var error = Assert.Throws<InfeasibleScheduleException>(() => ShiftScheduler.Solve(request));

        Assert.Contains("MaxShifts 2", error.Message);
    }

    [Fact]
    public void Solve_WrongLength_NamesTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => ShiftScheduler.Solve(Request(new double[10], new ShiftTemplate("8h", 480, []))));

        Assert.Contains("RequiredAgents", error.Message);
    }

    [Fact]
    public void Solve_OverlappingBreakWindows_Rejected()
    {
        var template = new ShiftTemplate("8h", 480, [new BreakRule(15, 60, 120), new BreakRule(30, 100, 200)]);

        var error = Assert.Throws<ArgumentException>(() => ShiftScheduler.Solve(Request(MondayNineToFive(1), template)));

        Assert.Contains("overlap", error.Message);
    }
}
