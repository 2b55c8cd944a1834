using TwinLab.Simulation.Queueing;

namespace TwinLab.Simulation.Tests.Queueing;

/// <summary>
/// Reference values were computed independently of the code, in exact rational arithmetic from the textbook
/// sum form of Erlang C, C = (aᶜ/c!)(c/(c−a)) / (Σₖ₌₀..c₋₁ aᵏ/k! + (aᶜ/c!)(c/(c−a))), rather than the
/// Erlang B recursion the code uses.
/// </summary>
public sealed class ErlangCTests
{
    [Fact]
    public void WaitProbability_TwoServersUnitLoad_IsOneThird()
    {
        Assert.Equal(1.0 / 3, ErlangC.WaitProbability(2, 1, 1), 12);
        Assert.Equal(1.0 / 3, ErlangC.MeanWait(2, 1, 1), 12);
    }

    [Fact]
    public void MeanWait_ThreeServersAtEightyPercent_Is96Over89()
    {
        Assert.Equal(288.0 / 445, ErlangC.WaitProbability(3, 2.4, 1), 12);
        Assert.Equal(96.0 / 89, ErlangC.MeanWait(3, 2.4, 1), 12);
    }

    [Fact]
    public void MeanWait_OneServer_MatchesMM1ClosedForm()
    {
        Assert.Equal(3.2, ErlangC.SingleServerMeanWait(1, 1.25), 12);
        Assert.Equal(3.2, ErlangC.MeanWait(1, 1, 1.25), 12);
        Assert.Equal(0.8, ErlangC.WaitProbability(1, 1, 1.25), 12); // M/M/1: P(wait) = ρ
    }

    [Fact]
    public void ErlangB_TenServersFiveErlangs_MatchesTableValue()
    {
        // 390625/21247437 = 0.018384570..., the 0.0184 of published Erlang B tables.
        Assert.Equal(390625.0 / 21247437, ErlangC.ErlangB(10, 5), 14);
    }

    [Fact]
    public void Formulas_CallCentreTwelveAgents_MatchReferenceValues()
    {
        // 100 calls an hour, 6-minute calls (μ = 10 an hour), 12 agents.
        Assert.Equal(0.44938822429827086, ErlangC.WaitProbability(12, 100, 10), 12);
        Assert.Equal(0.022469411214913543, ErlangC.MeanWait(12, 100, 10), 12);
        Assert.Equal(100 * 0.022469411214913543, ErlangC.MeanQueueLength(12, 100, 10), 10);
        Assert.Equal(0.022469411214913543 + 0.1, ErlangC.MeanSystemTime(12, 100, 10), 12);
        Assert.Equal(100.0 / 120, ErlangC.Utilisation(12, 100, 10), 12);
        Assert.Equal(0.5978697483845126, ErlangC.ServiceLevel(12, 100, 10, 20.0 / 3600), 12); // answered within 20 s
    }

    [Fact]
    public void ServiceLevel_TwoServersWithinOneTimeUnit_MatchesFormula()
    {
        Assert.Equal(1 - Math.Exp(-1) / 3, ErlangC.ServiceLevel(2, 1, 1, 1), 12);
        Assert.Equal(2.0 / 3, ErlangC.ServiceLevel(2, 1, 1, 0), 12);
    }

    [Fact]
    public void MeanWait_ArrivalsAtOrAboveCapacity_IsInfiniteAndEveryoneWaits()
    {
        Assert.Equal(1, ErlangC.WaitProbability(2, 2, 1));
        Assert.Equal(double.PositiveInfinity, ErlangC.MeanWait(2, 3, 1));
        Assert.Equal(double.PositiveInfinity, ErlangC.SingleServerMeanWait(1, 1));
        Assert.Equal(0, ErlangC.ServiceLevel(2, 2, 1, 10));
    }

    [Fact]
    public void WaitProbability_ThousandsOfServers_StaysFiniteAndInRange()
    {
        var p = ErlangC.WaitProbability(5000, 4950, 1);

        Assert.InRange(p, 0.0, 1.0);
        Assert.True(double.IsFinite(ErlangC.MeanWait(5000, 4950, 1)));
    }

    [Theory]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(1, 1.0, -1.0)]
    [InlineData(1, double.NaN, 1.0)]
    public void MeanWait_InvalidArguments_Throw(int servers, double arrivalRate, double serviceRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.MeanWait(servers, arrivalRate, serviceRate));
    }
}
