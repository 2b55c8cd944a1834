using TwinLab.ContactCenter.Analytics;

namespace TwinLab.ContactCenter.Tests.Analytics;

public sealed class HalfinWhittTests
{
    [Fact]
    public void HalfinWhittBeta_TwentyPercentWait_IsAbout1_06()
    {
        var beta = Erlang.HalfinWhittBeta(0.2);

        Assert.Equal(1.06, beta, 2);
        Assert.Equal(0.2, Erlang.HalfinWhittWaitProbability(beta), 12);
    }

    [Fact]
    public void HalfinWhittWaitProbability_RisingBeta_FallsFromOne()
    {
        Assert.Equal(1, Erlang.HalfinWhittWaitProbability(0));
        var previous = 1.0;
        for (var beta = 0.25; beta <= 5; beta += 0.25)
        {
            var p = Erlang.HalfinWhittWaitProbability(beta);
            Assert.True(p < previous);
            previous = p;
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.06)]
    [InlineData(2)]
    public void HalfinWhittWaitProbability_LargeLoad_CloseToErlangC(double beta)
    {
        // The limit is approached as R grows; at 10,000 Erlangs the gap is about a percent.
        const double r = 10_000;
        var agents = Erlang.SquareRootStaffing(r, beta);
        var exactBeta = (agents - r) / Math.Sqrt(r);

        var erlangC = Erlang.C(Workload.PerHour(r * 20, 180), agents, 20).WaitProbability;

        Assert.Equal(Erlang.HalfinWhittWaitProbability(exactBeta), erlangC, 0.005);
    }

    [Fact]
    public void SquareRootStaffing_ThousandErlangs_RoundsUp()
    {
        Assert.Equal(1_032, Erlang.SquareRootStaffing(1_000, 1)); // 1,000 + √1,000 = 1,031.6
        Assert.Equal(10, Erlang.SquareRootStaffing(10, 0));
    }

    [Fact]
    public void HalfinWhitt_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.HalfinWhittWaitProbability(-1)).ParamName);
        Assert.Equal("waitProbability", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.HalfinWhittBeta(0)).ParamName);
        Assert.Equal("offeredLoad", Assert.Throws<ArgumentOutOfRangeException>(() => Erlang.SquareRootStaffing(-1, 1)).ParamName);
    }
}
