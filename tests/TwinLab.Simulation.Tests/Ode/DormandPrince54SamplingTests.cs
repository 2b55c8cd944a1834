using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class DormandPrince54SamplingTests
{
    private readonly DormandPrince54 _solver = new(OdeProblems.Tight);

    private static double[] Grid(double from, double to, int count) =>
        [.. Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1))];

    [Fact]
    public void Solve_OutputTimes_MatchClosedFormAtEachTime()
    {
        var times = Grid(0, 12, 241);

        var samples = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], times);

        Assert.Equal(times, samples.Times);
        for (var i = 0; i < samples.Count; i++) OdeAssert.Relative(OdeProblems.OscillatorExact(times[i]), samples.State(i), 1e-6);
    }

    [Fact]
    public void Solve_OutputTimes_SameStepsAsFullSolution()
    {
        var full = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 12);

        var sampled = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], Grid(0, 12, 5));

        Assert.Equal(full.Statistics, sampled.Statistics);
        Assert.Equal(full.FinalState[0], sampled.State(4)[0]);
    }

    [Fact]
    public void Solve_OutputTimesAfterTerminalEvent_AreNotProduced()
    {
        var below = new OdeEvent((_, y) => y[0] - 0.5, EventDirection.Falling, isTerminal: true);

        var samples = _solver.Solve(OdeProblems.Decay, 0, [1.0], [0.0, 0.5, 1.0, 2.0, 3.0], [below]);

        // y = e^(−0.7t) reaches 0.5 at t ≈ 0.99, so only the samples at 0, 0.5 remain.
        Assert.Equal([0.0, 0.5], samples.Times);
        Assert.NotNull(samples.TerminalEvent);
        OdeAssert.Relative(Math.Log(2) / OdeProblems.DecayRate, samples.TerminalEvent.Time, 1e-6);
    }

    [Fact]
    public void Solve_BackwardOutputTimes_MatchClosedForm()
    {
        var samples = _solver.Solve(OdeProblems.Decay, 4, [1.0], [3.0, 2.0, 0.0]);

        Assert.Equal([Math.Exp(0.7), Math.Exp(1.4), Math.Exp(2.8)], samples.Component(0), (a, b) => Math.Abs(a - b) <= 1e-6 * a);
    }

    [Fact]
    public void Solve_RepeatedOutputTime_SampledTwice()
    {
        var samples = _solver.Solve(OdeProblems.Decay, 0, [1.0], [0.0, 1.0, 1.0, 2.0]);

        Assert.Equal(4, samples.Count);
        Assert.Equal(samples.State(1)[0], samples.State(2)[0]);
        Assert.Equal(1.0, samples.State(0)[0]);
    }

    [Theory]
    [InlineData(new double[] { })]
    [InlineData(new[] { 2.0, 1.0, 3.0 })]
    [InlineData(new[] { -1.0, 2.0 })]
    [InlineData(new[] { 1.0, double.NaN })]
    public void Solve_BadOutputTimes_ThrowsArgumentException(double[] times)
    {
        Assert.ThrowsAny<ArgumentException>(() => _solver.Solve(OdeProblems.Decay, 0, [1.0], times));
    }

    [Fact]
    public void Component_OutOfRange_Throws()
    {
        var samples = _solver.Solve(OdeProblems.Decay, 0, [1.0], [1.0]);

        Assert.Throws<ArgumentOutOfRangeException>(() => samples.Component(1));
    }
}
