namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>Goodness of fit at the estimates.</summary>
internal sealed record FitStatistics(
    double[] Predictions, double[] Residuals, double[] Weighted, double SumOfSquares, double NegativeLogLikelihood,
    double ResidualStandardError, double Aic, double RSquared, SeriesFit[] Series)
{
    public static FitStatistics Compute(FitObjective objective, double[] q)
    {
        int n = objective.N, p = q.Length;
        var predictions = objective.Predict(q);
        var residuals = predictions.Select((yHat, i) => objective.Y[i] - yHat).ToArray();
        var weighted = residuals.Select((e, i) => e / objective.Sigma[i]).ToArray();
        var squares = weighted.Sum(v => v * v);
        var nll = objective.NegativeLogLikelihood(weighted);
        var rse = n > p ? Math.Sqrt(squares / (n - p)) : double.NaN;
        var aic = 2 * (p + objective.NoiseParameters) + 2 * nll;

        var total = 0.0;
        var series = new SeriesFit[objective.SeriesNames.Length];
        for (var s = 0; s < series.Length; s++)
        {
            var members = Enumerable.Range(0, n).Where(i => objective.SeriesOf[i] == s).ToArray();
            var w = members.Select(i => 1 / (objective.Sigma[i] * objective.Sigma[i])).ToArray();
            var mean = members.Select((i, k) => w[k] * objective.Y[i]).Sum() / w.Sum();
            var tot = members.Select((i, k) => w[k] * (objective.Y[i] - mean) * (objective.Y[i] - mean)).Sum();
            var res = members.Sum(i => weighted[i] * weighted[i]);
            total += tot;
            var rmse = Math.Sqrt(members.Average(i => residuals[i] * residuals[i]));
            series[s] = new SeriesFit(objective.SeriesNames[s], members.Length, rmse, tot > 0 ? 1 - res / tot : double.NaN);
        }
        var r2 = total > 0 ? 1 - squares / total : double.NaN;
        return new FitStatistics(predictions, residuals, weighted, squares, nll, rse, aic, r2, series);
    }
}
