using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Calibration;

public sealed class LikelihoodTests
{
    // Two outputs share the parameters but differ tenfold in noise: y₁ = a + b·x (σ = 0.1), y₂ = a − b·x (σ = 1).
    private static CalibrationProblem TwoSeries()
    {
        var random = RandomStream.FromSeed(5);
        var observations = new List<Observation>();
        for (var i = 0; i < 30; i++)
        {
            var x = i / 3.0;
            observations.Add(new Observation(x, 1 + 0.5 * x + 0.1 * random.NextGaussian(), Series: "precise"));
            observations.Add(new Observation(x, 1 - 0.5 * x + 1.0 * random.NextGaussian(), Series: "noisy"));
        }
        return new CalibrationProblem([new FreeParameter("a", 0), new FreeParameter("b", 0)], observations,
            (p, obs) => obs.Select(o => o.Series == "precise" ? p["a"] + p["b"] * o.X : p["a"] - p["b"] * o.X).ToArray());
    }

    [Fact]
    public void Fit_GaussianLikelihood_EstimatesEachSeriesNoise()
    {
        var result = Calibrator.Fit(TwoSeries(), new CalibrationOptions { Objective = CalibrationObjective.GaussianLikelihood });

        Assert.True(result.Convergence.Converged, result.Convergence.Message);
        Assert.Equal(0.1, result.Series.Single(s => s.Name == "precise").RootMeanSquareError, 0.03);
        Assert.Equal(1.0, result.Series.Single(s => s.Name == "noisy").RootMeanSquareError, 0.3);
        Assert.Equal(1, result.Parameter("a").Value, 0.1);
        Assert.Equal(0.5, result.Parameter("b").Value, 0.02);
        Assert.True(result.Parameter("b").Profile!.Value.Contains(0.5));
    }

    [Fact]
    public void Fit_GaussianLikelihood_BeatsUnweightedLeastSquaresOnItsOwnCriterion()
    {
        var likelihood = Calibrator.Fit(TwoSeries(), new CalibrationOptions
        {
            Objective = CalibrationObjective.GaussianLikelihood, Uncertainty = UncertaintyMethods.None,
        });
        var leastSquares = Calibrator.Fit(TwoSeries(), new CalibrationOptions { Uncertainty = UncertaintyMethods.None });

        // Least squares lets the noisy series pull the estimates; the likelihood weighs it down, so the precise
        // series fits better.
        var precise = (CalibrationResult r) => r.Series.Single(s => s.Name == "precise").RootMeanSquareError;
        Assert.True(precise(likelihood) < precise(leastSquares));
        Assert.True(likelihood.Aic < leastSquares.Aic);
    }
}
