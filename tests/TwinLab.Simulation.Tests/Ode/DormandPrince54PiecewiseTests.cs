using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class DormandPrince54PiecewiseTests
{
    private const double Absorption = 1.2, Elimination = 0.25, Dose = 100;
    private static readonly double[] DoseTimes = [0, 6, 12];
    private readonly DormandPrince54 _solver = new(OdeProblems.Tight);

    /// <summary>One-compartment model with first-order absorption: gut G, central C.</summary>
    private static void Pharmacokinetics(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = -Absorption * y[0];
        dydt[1] = Absorption * y[0] - Elimination * y[1];
    }

    /// <summary>Bateman function, summed over the doses given by <paramref name="t"/> (superposition).</summary>
    private static double Central(double t) => DoseTimes.Where(d => d <= t).Sum(d =>
        Dose * Absorption / (Absorption - Elimination) * (Math.Exp(-Elimination * (t - d)) - Math.Exp(-Absorption * (t - d))));

    private static StateChange[] Doses => [.. DoseTimes.Select(d => StateChange.Add(d, 0, Dose))];

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.99)]
    [InlineData(6.5)]
    [InlineData(13.0)]
    [InlineData(24.0)]
    public void SolvePiecewise_RepeatedOralDoses_MatchesSuperposedBatemanFunction(double t)
    {
        var solution = _solver.SolvePiecewise(Pharmacokinetics, 0, [0.0, 0.0], 24, Doses);

        OdeAssert.Relative(Central(t), solution.Evaluate(t)[1], 1e-6);
    }

    [Fact]
    public void SolvePiecewise_AtDoseTime_StoresStateBeforeAndAfterAndEvaluatesAfter()
    {
        var solution = _solver.SolvePiecewise(Pharmacokinetics, 0, [0.0, 0.0], 24, Doses);

        var at = solution.Times.Select((t, i) => (t, i)).Where(p => p.t == 6).Select(p => p.i).ToArray();
        Assert.Equal(2, at.Length);
        var gutBefore = 100 * Math.Exp(-Absorption * 6);
        OdeAssert.Relative(gutBefore, solution.State(at[0])[0], 1e-6);
        OdeAssert.Relative(gutBefore + Dose, solution.State(at[1])[0], 1e-6);
        OdeAssert.Relative(gutBefore + Dose, solution.Evaluate(6)[0], 1e-6);
        OdeAssert.Relative(gutBefore, solution.Evaluate(6 - 1e-9)[0], 1e-6);
    }

    [Fact]
    public void SolvePiecewise_ChangesOutOfOrderAndAtEnd_AppliedInTimeOrder()
    {
        StateChange[] changes = [StateChange.Add(4, 0, 1), StateChange.Add(2, 0, 1), new(4, (_, y) => y[0] *= 10)];

        var solution = _solver.SolvePiecewise((_, _, dydt) => dydt[0] = 0, 0, [0.0], 4, changes);

        Assert.Equal(20, solution.FinalState[0], 12);
        Assert.Equal(20, solution.Evaluate(4)[0], 12);
        Assert.Equal(1, solution.Evaluate(3)[0], 12);
    }

    [Fact]
    public void SolvePiecewise_TerminalEventBeforeLaterDose_StopsWithoutApplyingIt()
    {
        var low = new OdeEvent((_, y) => y[1] - 50, EventDirection.Falling, isTerminal: true);

        var solution = _solver.SolvePiecewise(Pharmacokinetics, 0, [0.0, 0.0], 24, [StateChange.Add(0, 0, Dose), StateChange.Add(20, 0, Dose)], [low]);

        Assert.NotNull(solution.TerminalEvent);
        Assert.True(solution.FinalTime < 20);
        OdeAssert.Relative(50, solution.FinalState[1], 1e-6);
    }

    [Fact]
    public void SolvePiecewise_ChangeOutsideInterval_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _solver.SolvePiecewise(Pharmacokinetics, 0, [0.0, 0.0], 24, [StateChange.Add(25, 0, Dose)]));
    }

    [Fact]
    public void SolvePiecewise_ChangeProducesNaN_ThrowsNamingTime()
    {
        var error = Assert.Throws<OdeSolverException>(() =>
            _solver.SolvePiecewise(Pharmacokinetics, 0, [0.0, 0.0], 24, [new StateChange(3, (_, y) => y[0] = double.NaN)]));

        Assert.Equal(3, error.Time);
        Assert.Contains("t = 3", error.Message);
    }
}
