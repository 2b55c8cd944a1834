using TwinLab.ContactCenter.Analytics;
using static TwinLab.ContactCenter.Tests.Analytics.AnalyticsFixtures;

namespace TwinLab.ContactCenter.Tests.Analytics;

public sealed class ErlangATests
{
    private const double Aht = 180;

    /// <summary>
    /// Cases as integer rates in a common time unit (λ, μ, θ) with N agents, and the waiting states kept by the
    /// exact reference. In seconds μ = 1/180, so λ·20/μ calls an hour and a mean patience of 180·μ/θ seconds.
    /// </summary>
    public static TheoryData<int, int, int, int, int> Cases => new()
    {
        { 20, 2, 3, 14, 150 },     // the worked example with 120 s patience
        { 20, 2, 3, 8, 300 },      // overloaded: 10 Erlangs on 8 agents
        { 5, 1, 1, 1, 100 },       // one agent, 5 Erlangs
        { 100, 1, 1, 95, 400 },    // 100 Erlangs, 95 agents, patience = AHT
        { 1000, 1, 2, 1000, 500 }, // 1,000 Erlangs on 1,000 agents, 90 s patience
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_AgainstExactBirthDeathChain_AgreesToElevenDigits(int lambda, int mu, int theta, int agents, int states)
    {
        var (load, patience) = Scale(lambda, mu, theta);
        var exact = ExactQueues.ErlangA(agents, lambda, mu, theta, states);

        var m = Erlang.A(load, agents, 20, patience);

        AssertRelative(exact.WaitProbability, m.WaitProbability, 1e-11);
        AssertRelative(exact.MeanQueue, m.MeanQueueLength, 1e-11);
        AssertRelative(exact.MeanQueue / load.ArrivalRatePerSecond, m.MeanWaitSeconds, 1e-11);
        // P(abandon) = θ·E[W] exactly; the code sums it state by state from the tagged caller's view instead.
        AssertRelative(theta * exact.MeanQueue / lambda, m.AbandonmentProbability, 1e-11);
        AssertRelative(load.OfferedLoad * (1 - m.AbandonmentProbability) / agents, m.Occupancy, 1e-14);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_ServiceLevelsAndAsa_MatchUniformisedTaggedCaller(int lambda, int mu, int theta, int agents, int states)
    {
        var (load, patience) = Scale(lambda, mu, theta);
        var exact = ExactQueues.ErlangA(agents, lambda, mu, theta, states);
        var reference = TaggedCallerChain.Solve(exact.Waiting, exact.FreeAgentProbability, agents, 1 / Aht, 1 / patience, 20);

        var m = Erlang.A(load, agents, 20, patience);

        Assert.Equal(reference.AnsweredInTime, m.ServiceLevel, 10);
        Assert.Equal(reference.AnsweredInTime / (1 - reference.AbandonedInTime), m.ServiceLevelExcludingShortAbandons, 10);
        Assert.Equal(reference.Abandon, m.AbandonmentProbability, 10);
        AssertRelative(reference.AnsweredWait / (1 - reference.Abandon), m.AverageSpeedOfAnswerSeconds, 1e-9);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(11)]
    [InlineData(25)]
    public void A_PatienceTowardsInfinity_ApproachesErlangC(int agents)
    {
        var c = Erlang.C(WorkedExample, agents, 20);
        // θ = 1e−12 per second: the true gap from Erlang C is of order θ·E[W] ≈ 1e−9, far inside the tolerance.
        var a = Erlang.A(WorkedExample, agents, 20, 1e12);

        AssertRelative(c.WaitProbability, a.WaitProbability, 1e-7);
        AssertRelative(c.AverageSpeedOfAnswerSeconds, a.AverageSpeedOfAnswerSeconds, 1e-7);
        AssertRelative(c.AverageSpeedOfAnswerSeconds, a.MeanWaitSeconds, 1e-7);
        AssertRelative(c.ServiceLevel, a.ServiceLevel, 1e-7);
        AssertRelative(c.ServiceLevel, a.ServiceLevelExcludingShortAbandons, 1e-7);
        AssertRelative(c.Occupancy, a.Occupancy, 1e-7);
        Assert.True(a.AbandonmentProbability < 1e-7);
    }

    [Fact]
    public void A_InfinitePatience_IsErlangC()
    {
        Assert.Equal(Erlang.C(WorkedExample, 14, 20), Erlang.A(WorkedExample, 14, 20, double.PositiveInfinity));
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(8, 120)]
    [InlineData(14, 120)]
    [InlineData(14, 1e6)]
    [InlineData(30, 30)]
    public void A_Abandonment_EqualsThetaTimesMeanWait(int agents, double patience)
    {
        var m = Erlang.A(WorkedExample, agents, 20, patience);

        AssertRelative(m.MeanWaitSeconds / patience, m.AbandonmentProbability, 1e-12);
    }

    [Fact]
    public void A_WorkedExampleWithPatience_AbandonmentLowersWaitsAndLoad()
    {
        var c = Erlang.C(WorkedExample, 14, 20);
        var a = Erlang.A(WorkedExample, 14, 20, 120);

        Assert.True(a.WaitProbability < c.WaitProbability);
        Assert.True(a.AverageSpeedOfAnswerSeconds < c.AverageSpeedOfAnswerSeconds);
        Assert.True(a.Occupancy < c.Occupancy);
        Assert.True(a.ServiceLevelExcludingShortAbandons > a.ServiceLevel);
    }

    [Fact]
    public void A_ZeroTarget_ServiceLevelIsChanceOfFreeAgent()
    {
        var m = Erlang.A(WorkedExample, 12, 0, 120);

        Assert.Equal(1 - m.WaitProbability, m.ServiceLevel, 14);
        Assert.Equal(m.ServiceLevel, m.ServiceLevelExcludingShortAbandons, 14); // nobody abandons within 0 s
    }

    [Theory]
    [InlineData(5_000, 4_000, 300, 0.2)]
    [InlineData(20_000, 1_000, 600, 0.95)]
    public void A_HeavilyOverloadedLargeCentre_StaysFiniteNearFluidLimit(double erlangs, int agents, double patience, double fluidAbandonment)
    {
        // Thousands wait, so the chain's terms pass 1e250 and are rescaled; the fluid limit 1 − N/A is the check.
        var m = Erlang.A(Workload.PerHour(erlangs * 20, Aht), agents, 20, patience);

        Assert.Equal(fluidAbandonment, m.AbandonmentProbability, 2);
        Assert.Equal(1, m.WaitProbability, 6);
        AssertRelative(m.MeanWaitSeconds / patience, m.AbandonmentProbability, 1e-10);
        Assert.True(double.IsFinite(m.AverageSpeedOfAnswerSeconds) && m.ServiceLevel is >= 0 and < 0.01);
    }

    [Fact]
    public void A_LongTarget_StaysAccurateWhenFirstTermsUnderflow()
    {
        // (Nμ + θ)·t ≈ 11,000 > 745: the negative-binomial terms start below the double range.
        var load = Workload.PerHour(20_000, Aht);
        var m = Erlang.A(load, 990, 1_800, 600);

        Assert.Equal(1, m.ServiceLevel + m.AbandonmentProbability, 12); // everyone is answered or gone by 30 minutes
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void A_BadPatience_ThrowsNamingTheParameter(double patience)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.A(WorkedExample, 14, 20, patience));

        Assert.Equal("meanPatienceSeconds", error.ParamName);
    }

    [Fact]
    public void A_MoreAgents_ImprovesEveryMetric()
    {
        var previous = Erlang.A(WorkedExample, 1, 20, 120);
        for (var n = 2; n <= 30; n++)
        {
            var m = Erlang.A(WorkedExample, n, 20, 120);
            Assert.True(m.WaitProbability < previous.WaitProbability);
            Assert.True(m.AverageSpeedOfAnswerSeconds < previous.AverageSpeedOfAnswerSeconds);
            Assert.True(m.AbandonmentProbability < previous.AbandonmentProbability);
            Assert.True(m.ServiceLevel > previous.ServiceLevel);
            Assert.True(m.ServiceLevelExcludingShortAbandons > previous.ServiceLevelExcludingShortAbandons);
            Assert.True(m.Occupancy < previous.Occupancy);
            previous = m;
        }
    }

    private static (Workload Load, double Patience) Scale(int lambda, int mu, int theta) =>
        (Workload.PerHour(lambda * 20.0 / mu, Aht), Aht * mu / theta);
}
