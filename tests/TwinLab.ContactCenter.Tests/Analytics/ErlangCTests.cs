using System.Numerics;
using TwinLab.ContactCenter.Analytics;
using static TwinLab.ContactCenter.Tests.Analytics.AnalyticsFixtures;

namespace TwinLab.ContactCenter.Tests.Analytics;

public sealed class ErlangCTests
{
    [Fact]
    public void C_WorkedExampleFourteenAgents_MatchesPublishedFiguresToFourDigits()
    {
        var m = Erlang.C(WorkedExample, 14, 20);

        Assert.Equal(10, m.OfferedLoad, 12);
        Assert.Equal(0.1741, Significant(m.WaitProbability, 4));
        Assert.Equal(0.8884, Significant(m.ServiceLevel, 4));
        Assert.Equal(7.836, Significant(m.AverageSpeedOfAnswerSeconds, 4)); // published to 3 digits: 7.84 s
        Assert.Equal(0.7143, Significant(m.Occupancy, 4));                   // published: 0.714
        Assert.Equal(0, m.AbandonmentProbability);
        Assert.Equal(m.ServiceLevel, m.ServiceLevelExcludingShortAbandons);
        Assert.Equal(m.AverageSpeedOfAnswerSeconds / 18, m.MeanQueueLength, 12); // Little: λ = 1/18 per second
    }

    [Theory]
    [InlineData(14, 10, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(30, 51, 2)]
    [InlineData(120, 100, 1)]
    [InlineData(1050, 1000, 1)]
    [InlineData(1000, 19999, 20)] // 99.995% occupancy
    [InlineData(2500, 2400, 1)]
    public void C_AgainstExactRationalSum_AgreesToElevenDigits(int agents, int p, int q)
    {
        // A = p/q Erlangs with AHT 180 s: λ = A/180 per second, i.e. 20·A calls per hour.
        var load = Workload.PerHour(20.0 * p / q, 180);
        var exact = ExactQueues.ErlangC(agents, new BigInteger(p), new BigInteger(q));
        var spare = agents - (double)p / q;

        var m = Erlang.C(load, agents, 20);

        // 1e−11 rather than 1e−12: at 99.995% occupancy N − A = 0.05 carries the rounding of A = λ·AHT.
        AssertRelative(exact, m.WaitProbability, 1e-11);
        AssertRelative(exact * 180 / spare, m.AverageSpeedOfAnswerSeconds, 1e-11);
        Assert.Equal(1 - exact * Math.Exp(-spare * 20 / 180), m.ServiceLevel, 12);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(9)]
    [InlineData(1)]
    public void C_AgentsNotAboveLoad_ReportsOverloadLimitInsteadOfThrowing(int agents)
    {
        var m = Erlang.C(WorkedExample, agents, 20);

        Assert.Equal(1, m.WaitProbability);
        Assert.Equal(double.PositiveInfinity, m.AverageSpeedOfAnswerSeconds);
        Assert.Equal(double.PositiveInfinity, m.MeanWaitSeconds);
        Assert.Equal(double.PositiveInfinity, m.MeanQueueLength);
        Assert.Equal(0, m.ServiceLevel);
        Assert.Equal(1, m.Occupancy);
    }

    [Fact]
    public void C_MoreAgents_ImprovesEveryMetric()
    {
        var previous = Erlang.C(WorkedExample, 11, 20);
        for (var n = 12; n <= 40; n++)
        {
            var m = Erlang.C(WorkedExample, n, 20);
            Assert.True(m.WaitProbability < previous.WaitProbability);
            Assert.True(m.AverageSpeedOfAnswerSeconds < previous.AverageSpeedOfAnswerSeconds);
            Assert.True(m.ServiceLevel > previous.ServiceLevel);
            Assert.True(m.Occupancy < previous.Occupancy);
            previous = m;
        }
    }

    [Fact]
    public void C_NoCalls_NobodyWaits()
    {
        var m = Erlang.C(new Workload(0, TimeSpan.FromMinutes(15), 180), 1, 20);

        Assert.Equal(0, m.WaitProbability);
        Assert.Equal(0, m.AverageSpeedOfAnswerSeconds);
        Assert.Equal(1, m.ServiceLevel);
        Assert.Equal(0, m.Occupancy);
    }

    [Fact]
    public void C_ZeroTarget_ServiceLevelIsChanceOfFreeAgent()
    {
        var m = Erlang.C(WorkedExample, 14, 0);

        Assert.Equal(1 - m.WaitProbability, m.ServiceLevel, 15);
    }

    [Fact]
    public void C_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("agents", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.C(WorkedExample, -1, 20)).ParamName);
        Assert.Equal("agents", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.C(WorkedExample, 0, 20)).ParamName);
        Assert.Equal("targetAnswerSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.C(WorkedExample, 14, -1)).ParamName);
        Assert.Equal("targetAnswerSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.C(WorkedExample, 14, double.NaN)).ParamName);
        Assert.Throws<ArgumentNullException>(() => Erlang.C(null!, 14, 20));
    }

    [Fact]
    public void Workload_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("callsPerInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new Workload(-1, TimeSpan.FromHours(1), 180)).ParamName);
        Assert.Equal("interval", Assert.Throws<ArgumentOutOfRangeException>(() => new Workload(10, TimeSpan.Zero, 180)).ParamName);
        Assert.Equal("averageHandleTimeSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => new Workload(10, TimeSpan.FromHours(1), -180)).ParamName);
        Assert.Equal("averageHandleTimeSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => Workload.PerHour(10, 0)).ParamName);
    }

    [Fact]
    public void Workload_PerHour_SameLoadAsTwoHalfHours()
    {
        Assert.Equal(WorkedExample.OfferedLoad, Workload.PerHour(200, 180).OfferedLoad, 14);
        Assert.Equal(1.0 / 18, WorkedExample.ArrivalRatePerSecond, 15);
    }
}
