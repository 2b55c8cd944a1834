using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class DormandPrince54ClosedFormTests
{
    private readonly DormandPrince54 _solver = new(OdeProblems.Tight);

    [Fact]
    public void Solve_ExponentialDecay_MatchesClosedFormAtEveryStep()
    {
        var solution = _solver.Solve(OdeProblems.Decay, 0, [3.0], 10);

        Assert.Equal(10, solution.FinalTime);
        for (var i = 0; i < solution.Count; i++)
            OdeAssert.Relative(3 * Math.Exp(-OdeProblems.DecayRate * solution.Times[i]), solution.State(i)[0], 1e-6);
        OdeAssert.Relative(3 * Math.Exp(-7.0), solution.FinalState[0], 1e-6);
    }

    [Fact]
    public void Solve_HarmonicOscillatorOverFivePeriods_MatchesClosedForm()
    {
        var tEnd = 5 * 2 * Math.PI / OdeProblems.Omega;

        var solution = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], tEnd);

        for (var i = 0; i < solution.Count; i++)
            OdeAssert.Relative(OdeProblems.OscillatorExact(solution.Times[i]), solution.State(i), 1e-6);
        OdeAssert.Relative(1.0, solution.FinalState[0], 1e-6);
    }

    [Fact]
    public void Solve_LogisticGrowth_MatchesClosedForm()
    {
        const double r = 1.5, capacity = 100, start = 2;
        static double Exact(double t) => capacity * start * Math.Exp(r * t) / (capacity + start * (Math.Exp(r * t) - 1));

        var solution = _solver.Solve((_, y, dydt) => dydt[0] = r * y[0] * (1 - y[0] / capacity), 0, [start], 12);

        for (var i = 0; i < solution.Count; i++) OdeAssert.Relative(Exact(solution.Times[i]), solution.State(i)[0], 1e-6);
    }

    [Fact]
    public void Solve_LinearSystem_MatchesMatrixExponential()
    {
        // y' = A y with A = [[-2, 1], [1, -2]]: eigenvalues −1 (vector (1, 1)) and −3 (vector (1, −1)), so
        // exp(tA) y0 = e^(−t)·(y0₁ + y0₂)/2·(1, 1) + e^(−3t)·(y0₁ − y0₂)/2·(1, −1).
        static double[] Exact(double t)
        {
            double slow = Math.Exp(-t) * (4 + 1) / 2, fast = Math.Exp(-3 * t) * (4 - 1) / 2;
            return [slow + fast, slow - fast];
        }

        var solution = _solver.Solve(
            (_, y, dydt) =>
            {
                dydt[0] = -2 * y[0] + y[1];
                dydt[1] = y[0] - 2 * y[1];
            },
            0, [4.0, 1.0], 8);

        for (var i = 0; i < solution.Count; i++) OdeAssert.Relative(Exact(solution.Times[i]), solution.State(i), 1e-6);
    }

    [Fact]
    public void Solve_StiffishRelaxationToForcing_MatchesClosedForm()
    {
        // y' = −λ(y − cos t), y(0) = 0: y = λ(λ cos t + sin t − λ e^(−λt))/(λ² + 1). λ = 50 has a fast transient
        // but stays within the explicit method's stability region at the accuracy asked for.
        const double lambda = 50;
        static double Exact(double t) => lambda * (lambda * Math.Cos(t) + Math.Sin(t) - lambda * Math.Exp(-lambda * t)) / (lambda * lambda + 1);

        var solution = _solver.Solve((t, y, dydt) => dydt[0] = -lambda * (y[0] - Math.Cos(t)), 0, [0.0], 1.2);

        OdeAssert.Relative(Exact(1.2), solution.FinalState[0], 1e-6);
        OdeAssert.Relative(Exact(0.05), solution.Evaluate(0.05)[0], 1e-6);
    }

    [Fact]
    public void Solve_EndBeforeStart_IntegratesBackwards()
    {
        var solution = _solver.Solve(OdeProblems.Decay, 5, [1.0], 0);

        Assert.Equal(0, solution.FinalTime);
        Assert.True(solution.Times.Zip(solution.Times.Skip(1)).All(p => p.Second < p.First));
        OdeAssert.Relative(Math.Exp(OdeProblems.DecayRate * 5), solution.FinalState[0], 1e-6);
        OdeAssert.Relative(Math.Exp(OdeProblems.DecayRate * 2.5), solution.Evaluate(2.5)[0], 1e-6);
    }

    [Fact]
    public void Solve_EndEqualsStart_ReturnsInitialStateOnly()
    {
        var solution = _solver.Solve(OdeProblems.Decay, 2, [1.5], 2);

        Assert.Equal([2.0], solution.Times);
        Assert.Equal(1.5, solution.Evaluate(2)[0]);
        Assert.Equal(0, solution.Statistics.AcceptedSteps);
    }

    [Fact]
    public void Solve_AnyProblem_CountsSixEvaluationsPerStepPlusStart()
    {
        var solution = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 10);
        var stats = solution.Statistics;

        // One evaluation at the start, one to choose the first step, then six per attempted step (FSAL).
        Assert.Equal(2 + 6 * (stats.AcceptedSteps + stats.RejectedSteps), stats.FunctionEvaluations);
        Assert.Equal(stats.AcceptedSteps + 1, solution.Count);
    }

    [Fact]
    public void Solve_LooserTolerance_TakesFewerSteps()
    {
        var loose = new DormandPrince54(new DormandPrinceOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-7 });

        var coarse = loose.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 10);
        var fine = _solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 10);

        Assert.True(coarse.Statistics.AcceptedSteps * 3 < fine.Statistics.AcceptedSteps);
        OdeAssert.Relative(OdeProblems.OscillatorExact(10), coarse.FinalState, 1e-3);
    }

    [Fact]
    public void Solve_MaxStep_NoStepIsLonger()
    {
        var solver = new DormandPrince54(OdeProblems.Tight with { MaxStep = 0.01, RelativeTolerance = 1e-3 });

        var solution = solver.Solve(OdeProblems.Decay, 0, [1.0], 1);

        Assert.True(solution.Times.Zip(solution.Times.Skip(1)).All(p => p.Second - p.First <= 0.01 + 1e-15));
    }

    [Fact]
    public void Solve_GivenInitialStep_SkipsTheAutomaticChoice()
    {
        var solver = new DormandPrince54(OdeProblems.Tight with { InitialStep = 1e-3 });

        var solution = solver.Solve(OdeProblems.Decay, 0, [1.0], 1);

        Assert.Equal(1e-3, solution.Times[1], 15);
        Assert.Equal(1 + 6 * (solution.Statistics.AcceptedSteps + solution.Statistics.RejectedSteps), solution.Statistics.FunctionEvaluations);
    }

    [Fact]
    public void Solve_PerComponentAbsoluteTolerance_IsUsed()
    {
        var solver = new DormandPrince54(OdeProblems.Tight with { AbsoluteTolerances = [1e-12, 1e-12] });

        var solution = solver.Solve(OdeProblems.Oscillator, 0, [1.0, 0.0], 3);

        OdeAssert.Relative(OdeProblems.OscillatorExact(3), solution.FinalState, 1e-6);
    }
}
