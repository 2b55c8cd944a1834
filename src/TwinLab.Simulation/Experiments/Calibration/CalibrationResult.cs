namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>The fitted parameters, the quality of the fit and the estimates' uncertainty.</summary>
/// <param name="Parameters">One estimate per free parameter, in the problem's order.</param>
/// <param name="Objective">What was minimised.</param>
/// <param name="Observations">Number of observations, n.</param>
/// <param name="DegreesOfFreedom">n − p.</param>
/// <param name="WeightedSumOfSquares">Σ((y − ŷ)/σ)² at the estimates.</param>
/// <param name="NegativeLogLikelihood">−log L at the estimates (Gaussian errors; the noise scale profiled out unless σ are known).</param>
/// <param name="ResidualStandardError">√(Σ((y − ŷ)/σ)² / (n − p)): the residual standard deviation in units of σ (in y's units when no σ is given).</param>
/// <param name="Aic">Akaike's information criterion, 2k + 2·(−log L), k counting estimated noise scales too (Akaike, 1974).</param>
/// <param name="RSquared">1 − weighted residual / weighted total sum of squares, each series about its own weighted mean.</param>
/// <param name="Predictions">ŷ at the estimates, one per observation.</param>
/// <param name="Residuals">y − ŷ, one per observation.</param>
/// <param name="Series">Fit quality per series.</param>
/// <param name="Correlation">Asymptotic correlation of the estimates (on the search scale, so of log values for
/// log-scale parameters); null when not computed or not identifiable.</param>
/// <param name="Convergence">How the search ended.</param>
/// <param name="Bootstrap">Bootstrap replicates, when asked for.</param>
/// <param name="Warnings">What a reader should know: unidentifiable parameters, open profiles, failed refits.</param>
public sealed record CalibrationResult(
    IReadOnlyList<ParameterEstimate> Parameters,
    CalibrationObjective Objective,
    int Observations,
    int DegreesOfFreedom,
    double WeightedSumOfSquares,
    double NegativeLogLikelihood,
    double ResidualStandardError,
    double Aic,
    double RSquared,
    double[] Predictions,
    double[] Residuals,
    IReadOnlyList<SeriesFit> Series,
    double[][]? Correlation,
    FitConvergence Convergence,
    BootstrapSamples? Bootstrap,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The estimate of one parameter by name.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public ParameterEstimate Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"No parameter '{name}'.");

    /// <summary>The estimates by name.</summary>
    public IReadOnlyDictionary<string, double> Values => Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}

/// <summary>One fitted parameter and its uncertainty.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Value">Estimate.</param>
/// <param name="StandardError">Asymptotic standard error (delta method for log-scale parameters); NaN when not computed or not identifiable.</param>
/// <param name="Asymptotic">Wald interval (on the log scale for log-scale parameters, then transformed back).</param>
/// <param name="Profile">Profile-likelihood interval.</param>
/// <param name="Bootstrap">Bootstrap percentile interval.</param>
/// <param name="BootstrapStandardError">Standard deviation of the bootstrap estimates.</param>
public sealed record ParameterEstimate(
    string Name, double Value, double StandardError, Interval? Asymptotic, Interval? Profile, Interval? Bootstrap, double? BootstrapStandardError);

/// <summary>A confidence interval. An end at a parameter's bound means the data do not rule out the bound.</summary>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>Whether <paramref name="value"/> lies within [Low, High].</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>High − Low.</summary>
    public double Width => High - Low;
}

/// <summary>Fit quality of one series.</summary>
/// <param name="Name">Series name ("" for a single unnamed output).</param>
/// <param name="Count">Observations in it.</param>
/// <param name="RootMeanSquareError">√(mean (y − ŷ)²), in y's units.</param>
/// <param name="RSquared">Weighted R² of the series about its own weighted mean.</param>
public sealed record SeriesFit(string Name, int Count, double RootMeanSquareError, double RSquared);

/// <summary>How the search for the estimates ended.</summary>
/// <param name="Converged">Whether the last search met its tolerance (rather than running out of iterations).</param>
/// <param name="Iterations">Optimiser iterations, all runs together.</param>
/// <param name="Evaluations">Model evaluations for the estimates (not counting uncertainty).</param>
/// <param name="Message">How it stopped, for people.</param>
public sealed record FitConvergence(bool Converged, int Iterations, int Evaluations, string Message);

/// <summary>The bootstrap refits.</summary>
/// <param name="Kind">How data sets were made.</param>
/// <param name="Estimates">Estimates[b][j]: parameter j in replicate b (NaN when that refit failed).</param>
/// <param name="Failed">Refits that failed and were left out of the intervals.</param>
public sealed record BootstrapSamples(BootstrapKind Kind, double[][] Estimates, int Failed);
