using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Calibration;

public sealed class ExponentialDecayTests
{
    private const double TrueA = 2.0;
    private const double TrueK = 0.3;
    private const double Noise = 0.05;

    // y = A·e^(−k t) at t = 0, 0.5, …, 10 with Gaussian noise (seeded).
    private static CalibrationProblem Problem(double initialA = 1, double initialK = 1)
    {
        var random = RandomStream.FromSeed(2024);
        var observations = Enumerable.Range(0, 21)
            .Select(i => i * 0.5)
            .Select(t => new Observation(t, TrueA * Math.Exp(-TrueK * t) + Noise * random.NextGaussian()))
            .ToArray();
        return new CalibrationProblem(
            [new FreeParameter("A", initialA, 0, 100), new FreeParameter("k", initialK, 0, LogScale: true)],
            observations,
            (p, obs) => obs.Select(o => p["A"] * Math.Exp(-p["k"] * o.X)).ToArray());
    }

    [Fact]
    public void Fit_NoisyDecay_RecoversTruthWithinIntervals()
    {
        var result = Calibrator.Fit(Problem(), new CalibrationOptions { Uncertainty = UncertaintyMethods.Asymptotic | UncertaintyMethods.Profile });

        var a = result.Parameter("A");
        var k = result.Parameter("k");
        Assert.True(result.Convergence.Converged, result.Convergence.Message);
        // Close to the truth: within three standard errors (about 0.13 for A and 0.03 for k here).
        Assert.Equal(TrueA, a.Value, 3 * a.StandardError);
        Assert.Equal(TrueK, k.Value, 3 * k.StandardError);
        Assert.True(a.StandardError < 0.05 && k.StandardError < 0.015);
        foreach (var (estimate, truth) in new[] { (a, TrueA), (k, TrueK) })
        {
            Assert.True(estimate.Asymptotic!.Value.Contains(truth), $"{estimate.Name}: asymptotic {estimate.Asymptotic} misses {truth}");
            Assert.True(estimate.Profile!.Value.Contains(truth), $"{estimate.Name}: profile {estimate.Profile} misses {truth}");
            Assert.True(estimate.Profile!.Value.Contains(estimate.Value));
        }
        Assert.Equal(Noise, result.ResidualStandardError, 0.02);
        Assert.True(result.RSquared > 0.98);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Fit_NoisyDecay_ProfileAndAsymptoticIntervalsRoughlyAgree()
    {
        var result = Calibrator.Fit(Problem());

        foreach (var estimate in result.Parameters)
        {
            var asymptotic = estimate.Asymptotic!.Value;
            var profile = estimate.Profile!.Value;
            var tolerance = 0.2 * asymptotic.Width;
            Assert.Equal(asymptotic.Low, profile.Low, tolerance);
            Assert.Equal(asymptotic.High, profile.High, tolerance);
        }
    }

    [Fact]
    public void Fit_Bootstrap_IsReproducibleForOneAndTwoThreads()
    {
        CalibrationResult Run(int threads) => Calibrator.Fit(Problem(), new CalibrationOptions
        {
            Uncertainty = UncertaintyMethods.Bootstrap, BootstrapReplicates = 40, Seed = 9, Threads = threads,
        });

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Bootstrap!.Estimates, two.Bootstrap!.Estimates);
        Assert.Equal(one.Parameter("k").Bootstrap, two.Parameter("k").Bootstrap);
        Assert.Equal(0, one.Bootstrap.Failed);
        Assert.True(one.Parameter("k").Bootstrap!.Value.Contains(TrueK));
        Assert.True(one.Parameter("A").Bootstrap!.Value.Contains(TrueA));
    }

    [Fact]
    public void Fit_ParametricBootstrap_AgreesWithAsymptoticStandardErrors()
    {
        var result = Calibrator.Fit(Problem(), new CalibrationOptions
        {
            Uncertainty = UncertaintyMethods.Asymptotic | UncertaintyMethods.Bootstrap, Bootstrap = BootstrapKind.Parametric,
            BootstrapReplicates = 100, Seed = 3,
        });

        foreach (var estimate in result.Parameters)
            Assert.Equal(estimate.StandardError, estimate.BootstrapStandardError!.Value, 0.35 * estimate.StandardError);
    }

    [Fact]
    public void Fit_NelderMeadOnly_ReachesTheSameEstimates()
    {
        var lm = Calibrator.Fit(Problem(), new CalibrationOptions { Uncertainty = UncertaintyMethods.None });
        var nm = Calibrator.Fit(Problem(), new CalibrationOptions
        {
            Uncertainty = UncertaintyMethods.None, Optimizer = CalibrationOptimizer.NelderMead,
        });

        Assert.Equal(lm.Parameter("A").Value, nm.Parameter("A").Value, 1e-4);
        Assert.Equal(lm.Parameter("k").Value, nm.Parameter("k").Value, 1e-4);
    }

    [Fact]
    public void Fit_DistantStart_StillFindsTheMinimum()
    {
        var near = Calibrator.Fit(Problem(), new CalibrationOptions { Uncertainty = UncertaintyMethods.None });
        var far = Calibrator.Fit(Problem(initialA: 50, initialK: 20), new CalibrationOptions { Uncertainty = UncertaintyMethods.None });

        Assert.Equal(near.WeightedSumOfSquares, far.WeightedSumOfSquares, 1e-8);
        Assert.Equal(near.Parameter("k").Value, far.Parameter("k").Value, 1e-5);
    }
}
