using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>An ordinary least-squares fit.</summary>
/// <param name="Kept">Indices of the candidate columns used (the others were constant zero or collinear).</param>
/// <param name="Beta">Coefficients of the kept columns.</param>
/// <param name="StandardErrors">Their standard errors, √ of the diagonal of s²(XᵀX)⁻¹.</param>
/// <param name="ResidualSumOfSquares">Σ residual².</param>
/// <param name="DegreesOfFreedom">Rows − kept columns.</param>
internal sealed record OlsFit(int[] Kept, double[] Beta, double[] StandardErrors, double ResidualSumOfSquares, int DegreesOfFreedom)
{
    /// <summary>The prediction for a row of all candidate columns.</summary>
    public double Predict(double[] row)
    {
        var sum = 0.0;
        for (var j = 0; j < Kept.Length; j++) sum += Beta[j] * row[Kept[j]];
        return sum;
    }
}

/// <summary>
/// Ordinary least squares by Householder QR (never the normal equations, which square the condition number:
/// Golub and Van Loan, Matrix Computations, §5.3). Candidate columns are taken in order and one that adds no new
/// direction (a dummy for a level absent from the rows, or one implied by others) is dropped, so the fit stays
/// identifiable without the caller checking collinearity.
/// </summary>
internal static class LeastSquares
{
    private const double Collinear = 1e-8;

    /// <exception cref="ArgumentException">no more rows than kept columns.</exception>
    public static OlsFit Fit(IReadOnlyList<double[]> rows, IReadOnlyList<double> y)
    {
        var columns = Enumerable.Range(0, rows[0].Length)
            .Select(j => Vector<double>.Build.DenseOfEnumerable(rows.Select(r => r[j]))).ToArray();
        var kept = Independent(columns);
        var df = rows.Count - kept.Count;
        if (df <= 0) throw new ArgumentException($"Least squares needs more rows ({rows.Count}) than terms ({kept.Count}).", nameof(rows));

        var x = Matrix<double>.Build.DenseOfColumnVectors(kept.Select(k => columns[k]));
        var target = Vector<double>.Build.DenseOfEnumerable(y);
        var qr = x.QR(QRMethod.Thin);
        var beta = qr.Solve(target);
        var residuals = target - x * beta;
        var rss = residuals.DotProduct(residuals);
        var rInverse = qr.R.Inverse();
        var covariance = rInverse * rInverse.Transpose() * (rss / df);
        var se = Enumerable.Range(0, kept.Count).Select(j => Math.Sqrt(covariance[j, j])).ToArray();
        return new OlsFit([.. kept], beta.ToArray(), se, rss, df);
    }

    /// <summary>
    /// The columns that each add a new direction: Gram–Schmidt against the kept ones, applied twice ("twice is
    /// enough": Giraud et al., Numer. Math. 2005), keeping a column whose remainder exceeds 1e-8 of its length.
    /// </summary>
    private static List<int> Independent(Vector<double>[] columns)
    {
        var kept = new List<int>();
        var basis = new List<Vector<double>>();
        for (var j = 0; j < columns.Length; j++)
        {
            var norm = columns[j].L2Norm();
            if (norm == 0) continue;
            var v = columns[j].Clone();
            for (var pass = 0; pass < 2; pass++)
                foreach (var q in basis) v.Subtract(q * q.DotProduct(v), v);
            var remainder = v.L2Norm();
            if (remainder <= Collinear * norm) continue;
            kept.Add(j);
            basis.Add(v / remainder);
        }
        return kept;
    }
}
