using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// A calibration problem as the optimisers see it: parameter values on the search scale in, weighted residuals,
/// the objective and −log L out. Counts model evaluations and honours cancellation.
/// </summary>
internal sealed class FitObjective
{
    private readonly CalibrationProblem _problem;
    private readonly ParameterTransform _transform;
    private readonly IReadOnlyList<Observation> _observations;
    private readonly double _logSigmaSum;
    private readonly CancellationToken _cancellationToken;
    private int _evaluations;

    public FitObjective(
        CalibrationProblem problem, ParameterTransform transform, CalibrationOptions options,
        CancellationToken cancellationToken, IReadOnlyList<Observation>? observations = null)
    {
        _problem = problem;
        _transform = transform;
        _observations = observations ?? problem.Observations;
        _cancellationToken = cancellationToken;
        Options = options;
        N = _observations.Count;
        Y = _observations.Select(o => o.Y).ToArray();
        Sigma = _observations.Select(o => o.Sigma ?? 1).ToArray();
        SeriesNames = _observations.Select(o => o.Series ?? "").Distinct().ToArray();
        SeriesOf = _observations.Select(o => Array.IndexOf(SeriesNames, o.Series ?? "")).ToArray();
        SeriesSize = SeriesNames.Select((_, s) => SeriesOf.Count(x => x == s)).ToArray();
        _logSigmaSum = Sigma.Sum(Math.Log);
    }

    public CalibrationOptions Options { get; }
    public ParameterTransform Transform => _transform;
    public int N { get; }
    public double[] Y { get; }
    public double[] Sigma { get; }
    public string[] SeriesNames { get; }
    public int[] SeriesOf { get; }
    public int[] SeriesSize { get; }
    public int Evaluations => Volatile.Read(ref _evaluations);
    public bool IsLikelihood => Options.Objective == CalibrationObjective.GaussianLikelihood;

    /// <summary>Noise scales the objective estimates (they count in the AIC).</summary>
    public int NoiseParameters => IsLikelihood ? SeriesNames.Length : Options.SigmaKnown ? 0 : 1;

    /// <summary>The same problem with other observed values (a bootstrap data set).</summary>
    public FitObjective WithY(double[] y) =>
        new(_problem, _transform, Options, _cancellationToken, _observations.Select((o, i) => o with { Y = y[i] }).ToArray());

    /// <summary>The model's predictions at search-scale values <paramref name="q"/>.</summary>
    /// <exception cref="TwinLabException">The model returned the wrong number of predictions.</exception>
    public double[] Predict(double[] q)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _evaluations);
        var values = new Dictionary<string, double>(q.Length, StringComparer.Ordinal);
        for (var j = 0; j < q.Length; j++) values[_transform.Names[j]] = _transform.Natural(j, q[j]);
        var predictions = _problem.Model(values, _observations);
        if (predictions is null || predictions.Length != N)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"The model returned {predictions?.Length ?? 0} predictions for {N} observations; it must return one per observation, in order.");
        return predictions;
    }

    /// <summary>Weighted residuals (y − ŷ)/σ into <paramref name="r"/>; false when a prediction is not finite.</summary>
    public bool Residuals(double[] q, double[] r)
    {
        var predictions = Predict(q);
        for (var i = 0; i < N; i++)
        {
            if (!double.IsFinite(predictions[i])) return false;
            r[i] = (Y[i] - predictions[i]) / Sigma[i];
        }
        return true;
    }

    /// <summary>Σ r² per series.</summary>
    public double[] SeriesSums(double[] r)
    {
        var sums = new double[SeriesNames.Length];
        for (var i = 0; i < N; i++) sums[SeriesOf[i]] += r[i] * r[i];
        return sums;
    }

    /// <summary>What the optimisers minimise: Σ r² for least squares, −log L for likelihood.</summary>
    public double Value(double[] r) => IsLikelihood ? NegativeLogLikelihood(r) : r.Sum(x => x * x);

    /// <summary>−log L of Gaussian errors, with the noise scale(s) at their maximum-likelihood values unless σ are known.</summary>
    public double NegativeLogLikelihood(double[] r)
    {
        var constant = _logSigmaSum + N / 2.0 * Math.Log(2 * Math.PI);
        var sums = SeriesSums(r);
        if (IsLikelihood)
        {
            var total = 0.0;
            for (var s = 0; s < sums.Length; s++) total += SeriesSize[s] / 2.0 * Math.Log(Math.Max(sums[s], double.Epsilon) / SeriesSize[s]);
            return total + constant + N / 2.0;
        }
        var squares = sums.Sum();
        return Options.SigmaKnown
            ? squares / 2 + constant
            : N / 2.0 * Math.Log(Math.Max(squares, double.Epsilon) / N) + constant + N / 2.0;
    }

    /// <summary>
    /// Per-series factors that turn least squares into the likelihood's weighting: √(n_s/S_s), the inverse of each
    /// series' estimated noise. All ones for least squares.
    /// </summary>
    public double[] SeriesWeights(double[] r)
    {
        var weights = new double[SeriesNames.Length];
        if (!IsLikelihood)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }
        var sums = SeriesSums(r);
        for (var s = 0; s < weights.Length; s++) weights[s] = Math.Sqrt(SeriesSize[s] / Math.Max(sums[s], double.Epsilon));
        return weights;
    }
}
