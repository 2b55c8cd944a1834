using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>Asymptotic standard errors, correlations and Wald intervals of the estimates.</summary>
/// <param name="StandardErrorQ">Standard errors on the search scale (NaN where not identifiable).</param>
/// <param name="StandardError">Standard errors of the natural values (delta method for log-scale parameters).</param>
/// <param name="Intervals">Wald intervals, natural values, clipped to the bounds.</param>
/// <param name="Correlation">Correlation matrix on the search scale; null when some parameter is not identifiable.</param>
internal sealed record AsymptoticResult(double[] StandardErrorQ, double[] StandardError, Interval[] Intervals, double[][]? Correlation);

/// <summary>
/// The covariance of nonlinear least-squares estimates, c·(JᵀJ)⁻¹ with J the Jacobian of the weighted predictions
/// at the estimates (Seber and Wild, Nonlinear Regression, 1989, §2.1.2; Bates and Watts, 1988, §2.3). c is 1
/// when σ are known, else s² = S/(n − p); for the likelihood each series' rows are divided by its noise estimate.
/// Intervals are estimate ± t(n−p) (or z) × standard error on the search scale, so log-scale parameters get
/// positive, asymmetric intervals.
/// </summary>
internal static class AsymptoticCovariance
{
    private const double CentralStep = 6.0554544523933395e-6; // ε^(1/3): the usual central-difference step

    public static AsymptoticResult Compute(FitObjective objective, double[] q, double[] r, List<string> warnings)
    {
        var options = objective.Options;
        var transform = objective.Transform;
        int n = objective.N, p = q.Length;
        var rowScale = objective.IsLikelihood ? objective.SeriesWeights(r) : Enumerable.Repeat(1.0, objective.SeriesNames.Length).ToArray();
        var jacobian = Jacobian(objective, q, options.DifferenceStep ?? CentralStep);
        for (var i = 0; i < n; i++)
        for (var j = 0; j < p; j++) jacobian[i, j] *= rowScale[objective.SeriesOf[i]] / objective.Sigma[i];

        var scaleEstimated = !objective.IsLikelihood && !options.SigmaKnown;
        var df = n - p;
        var c = scaleEstimated ? r.Sum(v => v * v) / df : 1;
        var critical = scaleEstimated
            ? StudentT.InvCDF(0, 1, df, 1 - (1 - options.Confidence) / 2)
            : Normal.InvCDF(0, 1, 1 - (1 - options.Confidence) / 2);

        var svd = jacobian.Svd(computeVectors: true);
        var singular = svd.S;
        var v = svd.VT.Transpose();
        var threshold = 1e-10 * singular.Maximum();
        var unidentified = new bool[p];
        var covariance = Matrix<double>.Build.Dense(p, p);
        for (var k = 0; k < Math.Min(p, singular.Count); k++)
        {
            if (singular[k] <= threshold)
            {
                for (var j = 0; j < p; j++) unidentified[j] |= Math.Abs(v[j, k]) > 0.1;
                continue;
            }
            var column = v.Column(k);
            covariance += column.OuterProduct(column) * (c / (singular[k] * singular[k]));
        }
        // A Jacobian with fewer rows than parameters has fewer singular values: the missing directions are null too.
        for (var k = singular.Count; k < p; k++) for (var j = 0; j < p; j++) unidentified[j] |= Math.Abs(v[j, k]) > 0.1;
        if (unidentified.Any(u => u))
            warnings.Add($"The data do not identify {string.Join(", ", transform.Names.Where((_, j) => unidentified[j]).Select(x => $"'{x}'"))}: " +
                         "the fit does not change along some combination of them, so their standard errors are undefined.");

        var seQ = new double[p];
        var se = new double[p];
        var intervals = new Interval[p];
        for (var j = 0; j < p; j++)
        {
            seQ[j] = unidentified[j] ? double.NaN : Math.Sqrt(covariance[j, j]);
            var value = transform.Natural(j, q[j]);
            se[j] = transform.IsLog(j) ? value * seQ[j] : seQ[j];
            intervals[j] = new Interval(
                transform.Natural(j, Math.Max(q[j] - critical * seQ[j], transform.Lower[j])),
                transform.Natural(j, Math.Min(q[j] + critical * seQ[j], transform.Upper[j])));
            if (unidentified[j]) intervals[j] = new Interval(double.NaN, double.NaN);
        }
        double[][]? correlation = null;
        if (!unidentified.Any(u => u))
            correlation = Enumerable.Range(0, p)
                .Select(a => Enumerable.Range(0, p).Select(b => covariance[a, b] / Math.Sqrt(covariance[a, a] * covariance[b, b])).ToArray())
                .ToArray();
        return new AsymptoticResult(seQ, se, intervals, correlation);
    }

    // ∂ŷ/∂q by central differences, one-sided next to a bound or where the model is not finite on one side.
    private static Matrix<double> Jacobian(FitObjective objective, double[] q, double relativeStep)
    {
        var transform = objective.Transform;
        var jacobian = Matrix<double>.Build.Dense(objective.N, q.Length);
        for (var j = 0; j < q.Length; j++)
        {
            var h = relativeStep * (q[j] != 0 ? Math.Abs(q[j]) : 1);
            var up = Shifted(q, j, h, transform.Upper[j]);
            var down = Shifted(q, j, -h, transform.Lower[j]);
            var plus = up is null ? null : Finite(objective.Predict(up));
            var minus = down is null ? null : Finite(objective.Predict(down));
            double[] centre = plus is null || minus is null ? objective.Predict(q) : [];
            var (high, low, width) = (plus, minus) switch
            {
                ({ } a, { } b) => (a, b, 2 * h),
                ({ } a, null) => (a, centre, h),
                (null, { } b) => (centre, b, h),
                _ => (centre, centre, 1.0),
            };
            for (var i = 0; i < objective.N; i++) jacobian[i, j] = (high[i] - low[i]) / width;
        }
        return jacobian;
    }

    private static double[]? Shifted(double[] q, int j, double h, double bound)
    {
        var value = q[j] + h;
        if (h > 0 ? value > bound : value < bound) return null;
        var shifted = (double[])q.Clone();
        shifted[j] = value;
        return shifted;
    }

    private static double[]? Finite(double[] predictions) => predictions.All(double.IsFinite) ? predictions : null;
}
