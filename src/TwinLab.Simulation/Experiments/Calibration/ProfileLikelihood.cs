using System.Globalization;
using MathNet.Numerics.Distributions;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// Profile-likelihood intervals: for each parameter, the values at which −log L, minimised over the other
/// parameters, rises by χ²₁(level)/2 above its minimum (1.92 at 95%) — the likelihood-ratio interval of
/// Venzon and Moolgavkar (1988, "A method for computing profile-likelihood-based confidence intervals",
/// Appl. Stat. 37:87–94); Raue et al. (2009, Bioinformatics 25:1923–1929) for its use with ODE models.
/// </summary>
/// <remarks>
/// Each side steps out from the estimate in growing multiples of the asymptotic standard error until the threshold
/// is crossed, then finds the crossing by regula falsi (Illinois variant) on the signed root deviance
/// √(2·Δ(−log L)), which is close to linear in the parameter, so few constrained refits are needed. Each refit
/// starts from the previous point's solution. Works on the search scale, so log-scale parameters step in ratios.
/// </remarks>
internal static class ProfileLikelihood
{
    private const int MaxSteps = 40;
    private const int MaxRefinements = 40;

    public static Interval[] Compute(Fitter fitter, FitObjective objective, FitOutcome fit, double[] standardErrorQ, List<string> warnings)
    {
        var transform = objective.Transform;
        var target = Math.Sqrt(ChiSquared.InvCDF(1, objective.Options.Confidence));
        var intervals = new Interval[transform.Count];
        var betterFound = false;
        for (var j = 0; j < transform.Count; j++)
        {
            var se = standardErrorQ.Length > j && double.IsFinite(standardErrorQ[j]) && standardErrorQ[j] > 0
                ? standardErrorQ[j]
                : 0.1 * Math.Max(Math.Abs(fit.Q[j]), 1);
            var low = Side(j, -1, se);
            var high = Side(j, +1, se);
            intervals[j] = new Interval(transform.Natural(j, low), transform.Natural(j, high));
        }
        if (betterFound)
            warnings.Add("Profiling found parameter values with a better fit than the estimates: the search stopped at a local minimum; " +
                         "try other initial values.");
        return intervals;

        // The end of the interval on one side, on the search scale.
        double Side(int j, int direction, double step)
        {
            var bound = direction < 0 ? transform.Lower[j] : transform.Upper[j];
            var (inside, insideRoot, warm) = (fit.Q[j], 0.0, fit.Q);
            for (var m = 0; m < MaxSteps; m++)
            {
                var value = fit.Q[j] + direction * step * Math.Pow(1.5, m);
                var atBound = direction < 0 ? value <= bound : value >= bound;
                if (atBound) value = bound;
                var (root, solution) = Root(j, value, warm);
                if (root >= target) return Refine(j, inside, insideRoot, value, root, warm);
                if (atBound)
                {
                    warnings.Add($"The profile of '{transform.Names[j]}' stays within the {Level()} threshold up to its " +
                                 $"{(direction < 0 ? "lower" : "upper")} bound {Format(transform.Natural(j, bound))}: the data do not rule the bound out.");
                    return bound;
                }
                (inside, insideRoot, warm) = (value, root, solution);
            }
            warnings.Add($"The profile of '{transform.Names[j]}' does not reach the {Level()} threshold " +
                         $"{(direction < 0 ? "below" : "above")} the estimate: the data do not bound it on that side.");
            return direction < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }

        // Regula falsi (Illinois) between a point inside (root < target) and one outside (root ≥ target, maybe ∞).
        double Refine(int j, double a, double ra, double b, double rb, double[] warm)
        {
            var side = 0;
            for (var k = 0; k < MaxRefinements; k++)
            {
                var c = double.IsFinite(rb) ? a + (target - ra) * (b - a) / (rb - ra) : (a + b) / 2;
                var (rc, solution) = Root(j, c, warm);
                if (Math.Abs(rc - target) < 1e-4 || Math.Abs(b - a) <= 1e-10 * (Math.Abs(a) + 1)) return c;
                if (rc < target)
                {
                    (a, ra, warm) = (c, rc, solution);
                    if (side == -1) rb = target + (rb - target) / 2;
                    side = -1;
                }
                else
                {
                    (b, rb) = (c, rc);
                    if (side == 1) ra = target - (target - ra) / 2;
                    side = 1;
                }
            }
            return (a + b) / 2;
        }

        // Signed root deviance at parameter j = value, the others refitted.
        (double Root, double[] Solution) Root(int j, double value, double[] warm)
        {
            var start = (double[])warm.Clone();
            start[j] = value;
            var outcome = fitter.Minimise(start, fixedIndex: j, global: false);
            var rise = outcome.NegativeLogLikelihood - fit.NegativeLogLikelihood;
            if (double.IsNaN(rise)) return (double.PositiveInfinity, warm);
            if (rise < -1e-6 * (1 + Math.Abs(fit.NegativeLogLikelihood))) betterFound = true;
            return (Math.Sqrt(2 * Math.Max(rise, 0)), outcome.Q);
        }

        string Level() => (100 * objective.Options.Confidence).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
