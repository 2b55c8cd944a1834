using TwinLab.ContactCenter.Analytics;
using static TwinLab.ContactCenter.Tests.Analytics.AnalyticsFixtures;

namespace TwinLab.ContactCenter.Tests.Analytics;

public sealed class StaffingTests
{
    private static readonly Workload Thousand = Workload.PerHour(20_000, 180); // 1,000 Erlangs

    [Fact]
    public void StaffC_WorkedExampleEightyTwentyWithThirtyPercentShrinkage_Needs14Schedules20()
    {
        var result = Erlang.StaffC(WorkedExample, StaffingGoal.EightyTwenty, shrinkage: 0.3);

        Assert.Equal(14, result.Agents);
        Assert.Equal(20, result.ScheduledAgents);
        Assert.Equal(0.8884, Significant(result.Metrics.ServiceLevel, 4));
        Assert.True(Erlang.C(WorkedExample, 13, 20).ServiceLevel < 0.8);
    }

    [Fact]
    public void StaffC_ThousandErlangs_MatchesLinearScan()
    {
        var result = Erlang.StaffC(Thousand, StaffingGoal.EightyTwenty);

        Assert.Equal(ScanFromBelow(n => Erlang.C(Thousand, n, 20), 1_001, m => m.ServiceLevel >= 0.8), result.Agents);
    }

    [Fact]
    public void StaffA_ThousandErlangs_MatchesLinearScan()
    {
        var result = Erlang.StaffA(Thousand, StaffingGoal.EightyTwenty, 300);

        Assert.Equal(ScanFromBelow(n => Erlang.A(Thousand, n, 20, 300), 900, m => m.ServiceLevel >= 0.8), result.Agents);
        Assert.True(result.Agents <= Erlang.StaffC(Thousand, StaffingGoal.EightyTwenty).Agents);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    [InlineData(900)]
    public void StaffA_WorkedExample_IsSmallestMeetingTheGoal(double patience)
    {
        var result = Erlang.StaffA(WorkedExample, StaffingGoal.EightyTwenty, patience);

        Assert.True(result.Metrics.ServiceLevel >= 0.8);
        Assert.True(Erlang.A(WorkedExample, result.Agents - 1, 20, patience).ServiceLevel < 0.8);
    }

    [Fact]
    public void Staff_MoreCalls_NeverFewerAgents()
    {
        int previousC = 0, previousA = 0;
        for (var calls = 10; calls <= 2_000; calls += 37)
        {
            var load = new Workload(calls, TimeSpan.FromMinutes(30), 180);
            var c = Erlang.StaffC(load, StaffingGoal.EightyTwenty).Agents;
            var a = Erlang.StaffA(load, StaffingGoal.EightyTwenty, 120).Agents;
            Assert.True(c >= previousC && a >= previousA, $"{calls} calls: C {c} after {previousC}, A {a} after {previousA}");
            (previousC, previousA) = (c, a);
        }
    }

    [Fact]
    public void StaffC_AsaCap_AddsAgentsUntilMet()
    {
        var goal = StaffingGoal.EightyTwenty with { MaxAverageSpeedOfAnswerSeconds = 2 };

        var result = Erlang.StaffC(WorkedExample, goal);

        Assert.True(result.Metrics.AverageSpeedOfAnswerSeconds <= 2);
        Assert.True(Erlang.C(WorkedExample, result.Agents - 1, 20).AverageSpeedOfAnswerSeconds > 2);
    }

    [Fact]
    public void StaffC_OccupancyCap_NeedsLoadOverCap()
    {
        var goal = StaffingGoal.EightyTwenty with { MaxOccupancy = 0.5 };

        Assert.Equal(20, Erlang.StaffC(WorkedExample, goal).Agents); // 10 Erlangs at ≤ 50% occupancy
    }

    [Fact]
    public void StaffA_AbandonmentCap_AddsAgentsUntilMet()
    {
        var goal = new StaffingGoal(0, 20) { MaxAbandonment = 0.01 };

        var result = Erlang.StaffA(Thousand, goal, 60);

        Assert.True(result.Metrics.AbandonmentProbability <= 0.01);
        Assert.True(Erlang.A(Thousand, result.Agents - 1, 20, 60).AbandonmentProbability > 0.01);
    }

    [Fact]
    public void StaffA_LooseAbandonmentCapOnly_StaffsBelowTheLoad()
    {
        var goal = new StaffingGoal(0, 20) { MaxAbandonment = 0.3 };

        var result = Erlang.StaffA(Thousand, goal, 60);

        // Far below the square-root start (fluid limit N ≈ A·(1 − 0.3)): the search gallops down through overload.
        Assert.InRange(result.Agents, 650, 800);
        Assert.Equal(ScanFromBelow(n => Erlang.A(Thousand, n, 20, 60), 600, m => m.AbandonmentProbability <= 0.3), result.Agents);
    }

    [Fact]
    public void StaffA_ExcludingShortAbandons_NeverNeedsMoreAgents()
    {
        var lenient = StaffingGoal.EightyTwenty with { Definition = ServiceLevelDefinition.ExcludingShortAbandons };

        var strict = Erlang.StaffA(WorkedExample, StaffingGoal.EightyTwenty, 60);
        var loose = Erlang.StaffA(WorkedExample, lenient, 60);

        Assert.True(loose.Agents <= strict.Agents);
        Assert.True(loose.Metrics.ServiceLevelExcludingShortAbandons >= 0.8);
    }

    [Fact]
    public void Staff_NoCalls_NeedsNobody()
    {
        var quiet = new Workload(0, TimeSpan.FromMinutes(15), 180);

        Assert.Equal(0, Erlang.StaffC(quiet, StaffingGoal.EightyTwenty, 0.3).ScheduledAgents);
        Assert.Equal(0, Erlang.StaffA(quiet, StaffingGoal.EightyTwenty, 60).Agents);
    }

    [Theory]
    [InlineData(14, 0.3, 20)]
    [InlineData(14, 0, 14)]
    [InlineData(10, 0.35, 16)]
    [InlineData(0, 0.5, 0)]
    public void ScheduledAgents_WithShrinkage_RoundsUp(int agents, double shrinkage, int expected)
    {
        Assert.Equal(expected, Erlang.ScheduledAgents(agents, shrinkage));
    }

    [Fact]
    public void Staffing_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("shrinkage", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.ScheduledAgents(14, -0.1)).ParamName);
        Assert.Equal("shrinkage", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.ScheduledAgents(14, 1)).ParamName);
        Assert.Equal("agents", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.ScheduledAgents(-1, 0.3)).ParamName);
        Assert.Equal("shrinkage", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.StaffC(WorkedExample, StaffingGoal.EightyTwenty, -0.3)).ParamName);
        Assert.Equal("meanPatienceSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.StaffA(WorkedExample, StaffingGoal.EightyTwenty, -5)).ParamName);
        Assert.Equal("serviceLevel", Assert.Throws<ArgumentOutOfRangeException>(() => new StaffingGoal(-0.8, 20)).ParamName);
        Assert.Equal("serviceLevel", Assert.Throws<ArgumentOutOfRangeException>(() => new StaffingGoal(1, 20)).ParamName);
        Assert.Equal("targetAnswerSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => new StaffingGoal(0.8, -20)).ParamName);
        Assert.Equal("MaxOccupancy", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingGoal.EightyTwenty with { MaxOccupancy = -0.9 }).ParamName);
        Assert.Equal("MaxAbandonment", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingGoal.EightyTwenty with { MaxAbandonment = 1.5 }).ParamName);
        Assert.Equal("MaxAverageSpeedOfAnswerSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => StaffingGoal.EightyTwenty with { MaxAverageSpeedOfAnswerSeconds = -1 }).ParamName);
    }

    private static int ScanFromBelow(Func<int, StaffingMetrics> evaluate, int first, Func<StaffingMetrics, bool> isMet)
    {
        var n = first;
        Assert.False(isMet(evaluate(n)), "The scan must start below the answer.");
        while (!isMet(evaluate(n))) n++;
        return n;
    }
}
