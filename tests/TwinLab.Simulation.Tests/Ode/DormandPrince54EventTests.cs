using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class DormandPrince54EventTests
{
    private const double Gravity = 9.81;
    private readonly DormandPrince54 _solver = new(OdeProblems.Tight);

    private static void Fall(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = -Gravity;
    }

    private static void Sine(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = -y[0];
    }

    [Fact]
    public void Solve_FallingBallHitsGround_StopsAtSqrtTwoHOverG()
    {
        const double height = 20;
        var ground = new OdeEvent((_, y) => y[0], EventDirection.Falling, isTerminal: true, name: "ground");

        var solution = _solver.Solve(Fall, 0, [height, 0.0], 100, [ground]);

        var expected = Math.Sqrt(2 * height / Gravity);
        Assert.NotNull(solution.TerminalEvent);
        OdeAssert.Relative(expected, solution.TerminalEvent.Time, 1e-9);
        Assert.Equal(solution.TerminalEvent.Time, solution.FinalTime);
        Assert.Equal(0, solution.FinalState[0], 9);
        OdeAssert.Relative(-Gravity * expected, solution.FinalState[1], 1e-9);
        Assert.Same(ground, Assert.Single(solution.Events).Event);
    }

    [Fact]
    public void Solve_DecayCrossesThreshold_EventAtLogRatioOverRate()
    {
        const double start = 10, threshold = 0.5;
        var below = new OdeEvent((_, y) => y[0] - threshold, EventDirection.Falling, isTerminal: true);

        var solution = _solver.Solve(OdeProblems.Decay, 0, [start], 50, [below]);

        OdeAssert.Relative(Math.Log(start / threshold) / OdeProblems.DecayRate, solution.FinalTime, 1e-6);
        OdeAssert.Relative(threshold, solution.FinalState[0], 1e-6);
    }

    [Theory]
    [InlineData(EventDirection.Both, new[] { 1, 2, 3 })]
    [InlineData(EventDirection.Falling, new[] { 1, 3 })]
    [InlineData(EventDirection.Rising, new[] { 2 })]
    public void Solve_NonTerminalSineZeros_EachCountedOnceAtMultiplesOfPi(EventDirection direction, int[] multiples)
    {
        var zero = new OdeEvent((_, y) => y[0], direction);

        var solution = _solver.Solve(Sine, 0, [0.0, 1.0], 10, [zero]);

        Assert.Equal(10, solution.FinalTime);
        Assert.Null(solution.TerminalEvent);
        Assert.Equal(multiples.Length, solution.Events.Count);
        for (var i = 0; i < multiples.Length; i++) OdeAssert.Relative(multiples[i] * Math.PI, solution.Events[i].Time, 1e-6);
    }

    [Fact]
    public void Solve_EventAtInitialTime_IsNotReported()
    {
        var zero = new OdeEvent((_, y) => y[0]);

        var solution = _solver.Solve(Sine, 0, [0.0, 1.0], 4, [zero]);

        OdeAssert.Relative(Math.PI, Assert.Single(solution.Events).Time, 1e-6);
    }

    [Fact]
    public void Solve_SeveralEvents_ReportedInTimeOrderUntilTheTerminalOne()
    {
        var half = new OdeEvent((_, y) => y[0] - 0.5, EventDirection.Falling, name: "half");
        var stop = new OdeEvent((_, y) => y[0] - 0.1, EventDirection.Falling, isTerminal: true, name: "stop");
        var never = new OdeEvent((_, y) => y[0] - 0.01, EventDirection.Falling, name: "never");

        var solution = _solver.Solve(OdeProblems.Decay, 0, [1.0], 50, [never, stop, half]);

        Assert.Equal(["half", "stop"], solution.Events.Select(e => e.Event.Name));
        Assert.Equal([2, 1], solution.Events.Select(e => e.EventIndex));
        Assert.Same(solution.Events[1], solution.TerminalEvent);
        OdeAssert.Relative(Math.Log(10) / OdeProblems.DecayRate, solution.FinalTime, 1e-6);
    }

    [Fact]
    public void Solve_BackwardIntegration_LocatesEventAlongTheWay()
    {
        // Backwards from t = 5 the decaying solution grows; "rising" means rising as the integration proceeds.
        var reaches = new OdeEvent((_, y) => y[0] - 2, EventDirection.Rising, isTerminal: true);

        var solution = _solver.Solve(OdeProblems.Decay, 5, [1.0], 0, [reaches]);

        OdeAssert.Relative(5 - Math.Log(2) / OdeProblems.DecayRate, solution.FinalTime, 1e-6);
    }

    [Fact]
    public void Evaluate_AfterTerminalEvent_Throws()
    {
        var ground = new OdeEvent((_, y) => y[0], EventDirection.Falling, isTerminal: true);

        var solution = _solver.Solve(Fall, 0, [5.0, 0.0], 100, [ground]);

        Assert.Throws<ArgumentOutOfRangeException>(() => solution.Evaluate(solution.FinalTime + 0.01));
        Assert.Equal(5 - 0.5 * Gravity * 0.25, solution.Evaluate(0.5)[0], 9);
    }

    [Fact]
    public void Solve_EventFunctionReturnsNaN_ThrowsNamingEventAndTime()
    {
        var broken = new OdeEvent((t, _) => t > 1 ? double.NaN : 1, name: "broken");

        var error = Assert.Throws<OdeSolverException>(() => _solver.Solve(OdeProblems.Decay, 0, [1.0], 5, [broken]));

        Assert.Contains("'broken'", error.Message);
        Assert.True(error.Time > 1);
    }
}
