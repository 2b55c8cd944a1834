namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>The outcome of a fit on the search scale.</summary>
/// <param name="Q">Estimates on the search scale.</param>
/// <param name="Value">Objective there.</param>
/// <param name="NegativeLogLikelihood">−log L there.</param>
/// <param name="Converged">Whether the last search met its tolerance.</param>
/// <param name="Iterations">Iterations of all searches.</param>
/// <param name="Message">How it stopped.</param>
internal sealed record FitOutcome(double[] Q, double Value, double NegativeLogLikelihood, bool Converged, int Iterations, string Message);

/// <summary>
/// Runs the optimisers on a <see cref="FitObjective"/>, optionally with one parameter held fixed (for profiles).
/// A global fit is Levenberg–Marquardt, then Nelder–Mead restarts from the best point (Nelder–Mead's authors
/// advise restarting at a claimed minimum), then Levenberg–Marquardt to polish; a local fit (profile points,
/// bootstrap refits, which start next to the answer) is Levenberg–Marquardt alone.
/// </summary>
internal sealed class Fitter(FitObjective objective)
{
    private const double ForwardStep = 1.4901161193847656e-8; // √ε: the usual forward-difference step

    /// <summary>Minimises from <paramref name="startQ"/>; parameter <paramref name="fixedIndex"/> (if ≥ 0) stays at its start value.</summary>
    public FitOutcome Minimise(double[] startQ, int fixedIndex = -1, bool global = true)
    {
        var options = objective.Options;
        var transform = objective.Transform;
        var free = Enumerable.Range(0, transform.Count).Where(j => j != fixedIndex).ToArray();
        double[] ToQ(double[] theta)
        {
            var q = (double[])startQ.Clone();
            for (var k = 0; k < free.Length; k++) q[free[k]] = transform.Q(free[k], theta[k]);
            return q;
        }
        var x = free.Select(j => transform.Theta(j, startQ[j])).ToArray();
        var iterations = 0;
        SearchOutcome last = default;
        if (free.Length > 0)
        {
            var useLm = options.Optimizer != CalibrationOptimizer.NelderMead;
            var useNm = options.Optimizer == CalibrationOptimizer.NelderMead || (global && options.Optimizer == CalibrationOptimizer.Auto);
            if (useLm) x = Step(last = LeastSquares(x, ToQ), ref iterations);
            if (useNm)
            {
                var runs = options.Restarts + 1;
                // Each run starts a fresh simplex at the best point so far; its start is a vertex, so it never ends worse.
                for (var run = 0; run < runs; run++)
                    x = Step(last = NelderMead.Minimise(theta => Value(ToQ(theta)), x, options.MaxEvaluations, options.Tolerance), ref iterations);
                if (useLm) x = Step(last = LeastSquares(x, ToQ), ref iterations);
            }
        }
        var finalQ = ToQ(x);
        var r = new double[objective.N];
        var finite = objective.Residuals(finalQ, r);
        return new FitOutcome(finalQ,
            finite ? objective.Value(r) : double.PositiveInfinity,
            finite ? objective.NegativeLogLikelihood(r) : double.PositiveInfinity,
            free.Length == 0 || last.Converged, iterations, free.Length == 0 ? "nothing to search" : last.Message);
    }

    private static double[] Step(SearchOutcome outcome, ref int iterations)
    {
        iterations += outcome.Iterations;
        return outcome.X;
    }

    private double Value(double[] q)
    {
        var r = new double[objective.N];
        return objective.Residuals(q, r) ? objective.Value(r) : double.PositiveInfinity;
    }

    // Least squares on the weighted residuals. For the likelihood with several series, iteratively reweighted:
    // each pass fixes every series' weight at its current inverse noise estimate; at the fixed point the
    // gradient equals that of −log L (Seber and Wild, 1989, §2.8.8).
    private SearchOutcome LeastSquares(double[] start, Func<double[], double[]> toQ)
    {
        var options = objective.Options;
        var step = options.DifferenceStep ?? ForwardStep;
        var passes = objective.IsLikelihood && objective.SeriesNames.Length > 1 ? 50 : 1;
        var x = start;
        var r = new double[objective.N];
        SearchOutcome outcome = default;
        var iterations = 0;
        var previous = double.PositiveInfinity;
        for (var pass = 0; pass < passes; pass++)
        {
            if (!objective.Residuals(toQ(x), r))
                return new SearchOutcome(x, double.PositiveInfinity, false, iterations, "the model is not finite at the start");
            var weights = objective.SeriesWeights(r);
            outcome = LevenbergMarquardt.Minimise((theta, residuals) =>
            {
                if (!objective.Residuals(toQ(theta), residuals)) return false;
                for (var i = 0; i < residuals.Length; i++) residuals[i] *= weights[objective.SeriesOf[i]];
                return true;
            }, objective.N, x, options.MaxIterations, options.Tolerance, step);
            iterations += outcome.Iterations;
            x = outcome.X;
            var value = Value(toQ(x));
            if (Math.Abs(previous - value) <= options.Tolerance * (Math.Abs(value) + 1)) break;
            previous = value;
        }
        return outcome with { Value = Value(toQ(x)), Iterations = iterations };
    }
}
