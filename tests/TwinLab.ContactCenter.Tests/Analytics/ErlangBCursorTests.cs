using TwinLab.ContactCenter.Analytics;
using TwinLab.Simulation.Queueing;

namespace TwinLab.ContactCenter.Tests.Analytics;

public sealed class ErlangBCursorTests
{
    [Theory]
    [InlineData(1_000, 1_000.0, 1_040)]
    [InlineData(1_000, 1_000.0, 990)]
    [InlineData(1_000, 1_000.0, 600)] // 400 steps into overload: naive downward stepping loses every digit here
    [InlineData(30, 10.0, 300)]
    [InlineData(300, 10.0, 12)]       // from an underflowed B far above the load
    [InlineData(5, 0.5, 1)]
    public void MoveTo_AnyDistance_MatchesFromScratch(int from, double load, int to)
    {
        var cursor = new ErlangBCursor(from, load);

        var b = cursor.MoveTo(to);

        Assert.Equal(to, cursor.Agents);
        Assert.True(Math.Abs(b - ErlangC.ErlangB(to, load)) <= 1e-12 * ErlangC.ErlangB(to, load), $"B({to}) = {b:R}");
    }
}
