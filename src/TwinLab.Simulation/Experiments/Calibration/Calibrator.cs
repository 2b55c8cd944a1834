using System.Globalization;
using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// Fits a model's parameters to observed data by weighted least squares or Gaussian maximum likelihood and
/// reports the estimates' uncertainty (asymptotic, profile-likelihood and bootstrap intervals).
/// </summary>
public static class Calibrator
{
    /// <summary>Fits <paramref name="problem"/>.</summary>
    /// <param name="problem">Parameters, observations and model.</param>
    /// <param name="options">Objective, optimiser and uncertainty methods; defaults to weighted least squares with asymptotic and profile intervals.</param>
    /// <param name="cancellationToken">Stops the fit (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="TwinLabException">Unusable options, too few observations, or a model that returns the wrong
    /// number of predictions or a non-finite one at the initial values.</exception>
    public static CalibrationResult Fit(CalibrationProblem problem, CalibrationOptions? options = null, CancellationToken cancellationToken = default) =>
        Fit(problem, options ?? new CalibrationOptions(), 0, cancellationToken);

    /// <summary>Fits with bootstrap replicates drawn from stream index <paramref name="bootstrapStream"/>.</summary>
    internal static CalibrationResult Fit(CalibrationProblem problem, CalibrationOptions options, int bootstrapStream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckOptions(problem, options);
        var transform = new ParameterTransform(problem.Parameters);
        var objective = new FitObjective(problem, transform, options, cancellationToken);
        CheckStart(problem, objective, transform);

        var fitter = new Fitter(objective);
        var fit = fitter.Minimise(transform.Initial);
        var statistics = FitStatistics.Compute(objective, fit.Q);
        var convergence = new FitConvergence(fit.Converged, fit.Iterations, objective.Evaluations, fit.Message);
        var warnings = new List<string>();
        if (!fit.Converged) warnings.Add($"The search did not converge ({fit.Message}); the estimates may be imprecise.");
        WarnAtBounds(transform, fit.Q, warnings);

        var methods = options.Uncertainty;
        var asymptotic = (methods & (UncertaintyMethods.Asymptotic | UncertaintyMethods.Profile)) != 0
            ? AsymptoticCovariance.Compute(objective, fit.Q, statistics.Weighted, warnings)
            : null;
        var profile = (methods & UncertaintyMethods.Profile) != 0
            ? ProfileLikelihood.Compute(fitter, objective, fit, asymptotic!.StandardErrorQ, warnings)
            : null;
        BootstrapResult? bootstrap = null;
        if ((methods & UncertaintyMethods.Bootstrap) != 0)
        {
            try
            {
                bootstrap = BootstrapRefits.Run(objective, fit, statistics.Predictions, bootstrapStream, warnings);
            }
            catch (AggregateException e) when (e.InnerExceptions.Any(x => x is OperationCanceledException))
            {
                throw new OperationCanceledException("The calibration was cancelled.", e, cancellationToken);
            }
        }

        var showAsymptotic = (methods & UncertaintyMethods.Asymptotic) != 0;
        var estimates = transform.Names.Select((name, j) => new ParameterEstimate(
            name,
            transform.Natural(j, fit.Q[j]),
            showAsymptotic ? asymptotic!.StandardError[j] : double.NaN,
            showAsymptotic ? asymptotic!.Intervals[j] : null,
            profile?[j],
            bootstrap?.Intervals[j],
            bootstrap?.StandardError[j])).ToArray();
        return new CalibrationResult(estimates, options.Objective, objective.N, objective.N - transform.Count,
            statistics.SumOfSquares, statistics.NegativeLogLikelihood, statistics.ResidualStandardError, statistics.Aic,
            statistics.RSquared, statistics.Predictions, statistics.Residuals, statistics.Series,
            showAsymptotic ? asymptotic!.Correlation : null, convergence, bootstrap?.Samples, warnings);
    }

    private static void CheckOptions(CalibrationProblem problem, CalibrationOptions options)
    {
        if (!(options.Confidence is > 0 and < 1)) throw Error($"Confidence must be in (0, 1); got {options.Confidence}.");
        if (options.MaxIterations < 1 || options.MaxEvaluations < 1 || options.Restarts < 0)
            throw Error("MaxIterations and MaxEvaluations must be positive and Restarts not negative.");
        if (!(options.Tolerance > 0)) throw Error($"Tolerance must be positive; got {options.Tolerance}.");
        if (options.DifferenceStep is { } step && !(step is > 0 and < 1)) throw Error($"DifferenceStep must be in (0, 1); got {step}.");
        if ((options.Uncertainty & UncertaintyMethods.Bootstrap) != 0 && options.BootstrapReplicates < 2)
            throw Error($"A bootstrap needs at least 2 replicates; got {options.BootstrapReplicates}.");
        int n = problem.Observations.Count, p = problem.Parameters.Count;
        var scaleEstimated = options.Objective == CalibrationObjective.GaussianLikelihood || !options.SigmaKnown;
        if (scaleEstimated ? n <= p : n < p)
            throw Error($"Fitting {p} parameter{(p == 1 ? "" : "s")} needs {(scaleEstimated ? "more than" : "at least")} {p} observations " +
                        $"({(scaleEstimated ? "the noise level is estimated too" : "σ are known")}); got {n}.");
    }

    // The search may treat a non-finite prediction as a bad point, but at the start it means the model or the
    // initial values are wrong: say which observation and which values.
    private static void CheckStart(CalibrationProblem problem, FitObjective objective, ParameterTransform transform)
    {
        var predictions = objective.Predict(transform.Initial);
        for (var i = 0; i < predictions.Length; i++)
        {
            if (double.IsFinite(predictions[i])) continue;
            var values = string.Join(", ", problem.Parameters.Select(p => $"{p.Name} = {p.Initial.ToString("G6", CultureInfo.InvariantCulture)}"));
            throw Error($"The model predicted {predictions[i]} for {CalibrationProblem.Describe(problem.Observations, i)} " +
                        $"at the initial values ({values}); it must predict a finite number there.");
        }
    }

    // An estimate on a bound is a constrained optimum: the asymptotic theory behind the Wald intervals assumes an
    // interior one (Self and Liang, 1987, JASA 82:605–610), so say so.
    private static void WarnAtBounds(ParameterTransform transform, double[] q, List<string> warnings)
    {
        for (var j = 0; j < q.Length; j++)
        {
            double lower = transform.Lower[j], upper = transform.Upper[j];
            var scale = double.IsFinite(upper - lower) ? upper - lower : Math.Max(Math.Abs(q[j]), 1);
            var side = q[j] - lower <= 1e-6 * scale ? "lower" : upper - q[j] <= 1e-6 * scale ? "upper" : null;
            if (side is not null)
                warnings.Add($"Parameter '{transform.Names[j]}' ended on its {side} bound " +
                             $"{transform.Natural(j, side == "lower" ? lower : upper).ToString("G6", CultureInfo.InvariantCulture)}: " +
                             "the data pull it further, so its asymptotic interval is unreliable; widen the bound or check the model.");
        }
    }

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, message);
}
