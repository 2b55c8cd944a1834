using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Compare;

/// <summary>
/// The paired-t confidence interval and test for the difference of two systems' means (Law, Simulation Modeling
/// and Analysis, 5th ed., §10.2.1): with Z_j = X_j − Y_j over n paired replications, Z̄ ± t(1−α/2, n−1)·s_Z/√n.
/// Pairing is what lets common random numbers shrink the interval: Var(Z) = Var(X) + Var(Y) − 2 Cov(X, Y).
/// </summary>
internal static class PairedT
{
    /// <summary>
    /// Pairs two scenarios' values by replication index: only replications both finished, and neither NaN, count.
    /// Replication indices are ascending in <see cref="ScenarioResult.Replications"/>, so a merge finds them.
    /// </summary>
    public static (double[] A, double[] B) Pair(int[] replicationsA, double[] a, int[] replicationsB, double[] b)
    {
        var left = new List<double>(Math.Min(a.Length, b.Length));
        var right = new List<double>(left.Capacity);
        for (int i = 0, j = 0; i < replicationsA.Length && j < replicationsB.Length;)
        {
            if (replicationsA[i] < replicationsB[j]) i++;
            else if (replicationsA[i] > replicationsB[j]) j++;
            else
            {
                if (!double.IsNaN(a[i]) && !double.IsNaN(b[j]))
                {
                    left.Add(a[i]);
                    right.Add(b[j]);
                }
                i++;
                j++;
            }
        }
        return (left.ToArray(), right.ToArray());
    }

    /// <summary>Half-width of the interval for the mean of <paramref name="n"/> differences with standard deviation <paramref name="sd"/>.</summary>
    public static double HalfWidth(double sd, int n, double confidence)
    {
        if (n < 2) return double.PositiveInfinity;
        // Identical differences (e.g. a no-op alternative under CRN) give an exact, zero-width interval.
        return sd == 0 ? 0 : Summaries.TQuantile(confidence, n - 1) * sd / Math.Sqrt(n);
    }

    /// <summary>Two-sided p-value of H0: E[Z] = 0, from t = Z̄ / (s_Z/√n) with n − 1 degrees of freedom.</summary>
    public static double PValue(double mean, double sd, int n)
    {
        if (n < 2) return double.NaN;
        if (sd == 0) return mean == 0 ? 1 : 0;
        var t = Math.Abs(mean) / (sd / Math.Sqrt(n));
        // 2·CDF(−|t|) rather than 2·(1 − CDF(|t|)): keeps small p-values from cancelling to 0.
        return Math.Min(1, 2 * StudentT.CDF(0, 1, n - 1, -t));
    }
}
