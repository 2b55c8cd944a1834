using BenchmarkDotNet.Attributes;
using TwinLab.Simulation.Ode;

namespace TwinLab.Benchmarks.Simulation;

/// <summary>
/// The ODE solvers on a harmonic oscillator over 100 time units: the cost per step, and that the adaptive
/// solver's step loop allocates nothing when only output times are kept (allocations must not grow with steps).
/// </summary>
[MemoryDiagnoser]
public class OdeBenchmarks
{
    private static readonly OdeSystem Oscillator = (_, y, dydt) =>
    {
        dydt[0] = y[1];
        dydt[1] = -4 * y[0];
    };

    private readonly DormandPrince54 _solver = new(new DormandPrinceOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-12 });
    private readonly RungeKutta4 _rk4 = new(2);
    private readonly double[] _y0 = [1.0, 0.0];
    private readonly double[] _state = new double[2];
    private double[] _outputTimes = null!;

    [GlobalSetup]
    public void Setup() => _outputTimes = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    /// <summary>Adaptive solve keeping every step for dense output (~4,000 steps).</summary>
    [Benchmark]
    public double DormandPrinceDense() => _solver.Solve(Oscillator, 0, _y0, 100).FinalState[0];

    /// <summary>Adaptive solve sampled at 100 output times; memory independent of the step count.</summary>
    [Benchmark]
    public double DormandPrinceSampled() => _solver.Solve(Oscillator, 0, _y0, _outputTimes).State(99)[0];

    /// <summary>10,000 fixed RK4 steps in place (zero allocations expected).</summary>
    [Benchmark]
    public double RungeKutta4InPlace()
    {
        _y0.CopyTo(_state, 0);
        for (var i = 0; i < 10_000; i++) _rk4.Step(Oscillator, i * 0.01, _state, 0.01);
        return _state[0];
    }
}
