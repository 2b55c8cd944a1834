using TwinLab.Simulation.Ode;

namespace TwinLab.Simulation.Tests.Ode;

public class OdeAllocationTests
{
    private static readonly OdeSystem Oscillator = OdeProblems.Oscillator;

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void SolveAtOutputTimes_HundredTimesMoreSteps_AllocatesNoMore()
    {
        var solver = new DormandPrince54(OdeProblems.Tight);
        double[] y0 = [1.0, 0.0];
        solver.Solve(Oscillator, 0, y0, [1.0, 2.0]); // warm up: JIT and type loading allocate once

        var few = AllocatedBy(() => solver.Solve(Oscillator, 0, y0, [1.0, 5.0]));
        var many = AllocatedBy(() => solver.Solve(Oscillator, 0, y0, [1.0, 200.0]));

        // ~200 against ~8,500 steps: even 8 bytes a step would show as 64 KB.
        Assert.True(many <= few + 1024, $"{few} bytes for the short run, {many} for the long one");
    }

    [Fact]
    public void RungeKutta4Step_Repeated_AllocatesNothing()
    {
        var stepper = new RungeKutta4(2);
        var y = new double[] { 1.0, 0.0 };
        stepper.Step(Oscillator, 0, y, 0.01);

        var allocated = AllocatedBy(() =>
        {
            for (var i = 1; i <= 10_000; i++) stepper.Step(Oscillator, i * 0.01, y, 0.01);
        });

        Assert.True(allocated < 1024, $"{allocated} bytes");
    }

    [Fact]
    public void Solve_RightHandSide_NeverEvaluatedOutsideTheInterval()
    {
        var solver = new DormandPrince54(OdeProblems.Tight);
        double earliest = double.MaxValue, latest = double.MinValue;

        solver.Solve((t, y, dydt) =>
        {
            (earliest, latest) = (Math.Min(earliest, t), Math.Max(latest, t));
            dydt[0] = -y[0];
        }, 0, [1.0], 1e-3);

        Assert.Equal(0, earliest);
        Assert.Equal(1e-3, latest);
    }
}
