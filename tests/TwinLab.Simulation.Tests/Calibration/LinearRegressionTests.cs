using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Calibration;

public sealed class LinearRegressionTests
{
    [Fact]
    public void Fit_StraightLine_MatchesClosedFormOrdinaryLeastSquares()
    {
        var random = RandomStream.FromSeed(77);
        var x = Enumerable.Range(0, 25).Select(i => i * 0.4).ToArray();
        var y = x.Select(v => 1.5 + 0.8 * v + 0.3 * random.NextGaussian()).ToArray();
        var problem = new CalibrationProblem(
            [new FreeParameter("intercept", 0), new FreeParameter("slope", 0)],
            x.Select((v, i) => new Observation(v, y[i])).ToArray(),
            (p, obs) => obs.Select(o => p["intercept"] + p["slope"] * o.X).ToArray());

        var result = Calibrator.Fit(problem, new CalibrationOptions { Uncertainty = UncertaintyMethods.Asymptotic });

        // Closed form: b = (XᵀX)⁻¹Xᵀy, s² = RSS/(n − 2), SE = s·√diag((XᵀX)⁻¹).
        int n = x.Length;
        double sx = x.Sum(), sxx = x.Sum(v => v * v), sy = y.Sum(), sxy = x.Zip(y, (a, b) => a * b).Sum();
        var det = n * sxx - sx * sx;
        var slope = (n * sxy - sx * sy) / det;
        var intercept = (sxx * sy - sx * sxy) / det;
        var rss = x.Select((v, i) => y[i] - intercept - slope * v).Sum(e => e * e);
        var s2 = rss / (n - 2);
        var seIntercept = Math.Sqrt(s2 * sxx / det);
        var seSlope = Math.Sqrt(s2 * n / det);

        AssertRelative(intercept, result.Parameter("intercept").Value);
        AssertRelative(slope, result.Parameter("slope").Value);
        AssertRelative(seIntercept, result.Parameter("intercept").StandardError);
        AssertRelative(seSlope, result.Parameter("slope").StandardError);
        AssertRelative(Math.Sqrt(s2), result.ResidualStandardError);
        var tss = y.Sum(v => (v - sy / n) * (v - sy / n));
        AssertRelative(1 - rss / tss, result.RSquared);
        // AIC as R's AIC(lm): 2(p + 1) + n·log(2π·RSS/n) + n.
        AssertRelative(2 * 3 + n * Math.Log(2 * Math.PI * rss / n) + n, result.Aic);
        Assert.Equal(-1, result.Correlation![0][1] / Math.Abs(result.Correlation[0][1]));
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
