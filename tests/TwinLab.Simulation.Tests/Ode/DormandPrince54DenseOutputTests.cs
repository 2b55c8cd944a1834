using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class DormandPrince54DenseOutputTests
{
    private readonly DormandPrince54 _solver = new(OdeProblems.Tight);

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Evaluate_BetweenSteps_MatchesClosedForm(double fraction)
    {
        var solution = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 10);
        var y = new double[2];

        for (var i = 0; i + 1 < solution.Count; i++)
        {
            var t = solution.Times[i] + fraction * (solution.Times[i + 1] - solution.Times[i]);
            solution.Evaluate(t, y);
            OdeAssert.Relative(OdeProblems.OscillatorExact(t), y, 1e-6);
        }
    }

    [Fact]
    public void Evaluate_ExponentialDecayOnFineGrid_RelativeErrorBelowOneMillionth()
    {
        var solution = _solver.Solve(OdeProblems.Decay, 0, [2.0], 20);
        Assert.True(solution.Count < 500, "the adaptive solver should not need a step per grid point");

        for (var t = 0.0; t <= 20; t += 0.01) OdeAssert.Relative(2 * Math.Exp(-OdeProblems.DecayRate * t), solution.Evaluate(t)[0], 1e-6);
    }

    [Fact]
    public void Evaluate_AtStepTimes_ReturnsStoredStates()
    {
        var solution = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 3);

        for (var i = 0; i < solution.Count; i++)
        {
            var y = solution.Evaluate(solution.Times[i]);
            Assert.Equal(solution.State(i)[0], y[0], 12);
            Assert.Equal(solution.State(i)[1], y[1], 12);
        }
    }

    [Fact]
    public void Evaluate_CubicSolution_IsExactBetweenSteps()
    {
        // y' = 3t² has the cubic y = t³, which the fourth-order interpolant reproduces up to rounding.
        var solution = new DormandPrince54(new DormandPrinceOptions { InitialStep = 0.7 }).Solve((t, _, dydt) => dydt[0] = 3 * t * t, 0, [0.0], 2);

        OdeAssert.Relative(Math.Pow(1.234, 3), solution.Evaluate(1.234)[0], 1e-13);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(3.1)]
    [InlineData(double.NaN)]
    public void Evaluate_OutsideInterval_Throws(double t)
    {
        var solution = _solver.Solve(OdeProblems.Decay, 0, [1.0], 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => solution.Evaluate(t));
    }

    [Fact]
    public void Evaluate_WrongBufferLength_Throws()
    {
        var solution = _solver.Solve(OdeProblems.Decay, 0, [1.0], 3);

        Assert.Throws<ArgumentException>(() => solution.Evaluate(1, new double[2]));
    }
}
