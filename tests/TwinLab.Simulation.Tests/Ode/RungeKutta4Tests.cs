using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class RungeKutta4Tests
{
    private static double FinalError(int steps) =>
        Math.Abs(RungeKutta4.Solve(OdeProblems.Decay, 0, [1.0], 2, steps).State(steps)[0] - Math.Exp(-2 * OdeProblems.DecayRate));

    [Fact]
    public void Solve_HalvingTheStep_DividesErrorBySixteen()
    {
        var ratios = new[] { 10, 20, 40 }.Select(n => FinalError(n) / FinalError(2 * n)).ToArray();

        Assert.All(ratios, ratio => Assert.InRange(ratio, 14, 18));
        Assert.InRange(Math.Log2(ratios[^1]), 3.9, 4.1);
    }

    [Fact]
    public void Solve_HarmonicOscillatorWithSmallSteps_MatchesClosedForm()
    {
        var samples = RungeKutta4.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 2 * Math.PI, 2000);

        Assert.Equal(2001, samples.Count);
        for (var i = 0; i < samples.Count; i += 100) OdeAssert.Relative(OdeProblems.OscillatorExact(samples.Times[i]), samples.State(i), 1e-6);
        Assert.Equal(2 * Math.PI, samples.Times[^1]);
        Assert.Equal(new OdeStatistics(2000, 0, 8000), samples.Statistics);
    }

    [Fact]
    public void Solve_Backwards_MatchesClosedForm()
    {
        var samples = RungeKutta4.Solve(OdeProblems.Decay, 1, [1.0], 0, 200);

        OdeAssert.Relative(Math.Exp(OdeProblems.DecayRate), samples.State(200)[0], 1e-6);
    }

    [Fact]
    public void Step_InPlace_MatchesSolve()
    {
        var stepper = new RungeKutta4(2);
        double[] y = [1.0, 0.0];

        for (var i = 0; i < 50; i++) stepper.Step(OdeProblems.Oscillator, i * 0.02, y, 0.02);

        var solved = RungeKutta4.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 1, 50);
        Assert.Equal(solved.State(50)[0], y[0], 14);
        Assert.Equal(solved.State(50)[1], y[1], 14);
    }

    [Fact]
    public void Step_RightHandSideReturnsNaN_ThrowsNamingTime()
    {
        var error = Assert.Throws<OdeSolverException>(() =>
            new RungeKutta4(1).Step((t, _, dydt) => dydt[0] = t > 0.28 ? double.NaN : 1, 0.25, new double[1], 0.1));

        Assert.Equal(0.3, error.Time, 12);
        Assert.Contains("t = 0.3", error.Message);
    }

    [Fact]
    public void Solve_ZeroSteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RungeKutta4.Solve(OdeProblems.Decay, 0, [1.0], 1, 0));
    }

    [Fact]
    public void Step_WrongStateLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RungeKutta4(2).Step(OdeProblems.Decay, 0, new double[1], 0.1));
    }
}
