using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>
/// Sobol' indices from the outputs of a <see cref="SaltelliDesign"/>, with bootstrap confidence intervals.
/// </summary>
/// <remarks>
/// First order: S_i = (1/N) Σ_j f(B)_j (f(A_B^(i))_j − f(A)_j) / V (Saltelli et al., 2010, Table 2, eq. b).
/// Total: S_Ti = (1/2N) Σ_j (f(A)_j − f(A_B^(i))_j)² / V (Jansen, 1999, "Analysis of variance designs for model
/// output", Comput. Phys. Commun. 117:35–43; Saltelli et al., 2010, Table 2, eq. f).
/// V is the variance over the 2N outputs of A and B. Intervals: percentile bootstrap over the N rows
/// (Archer, Saltelli and Sobol', 1997, J. Stat. Comput. Simul. 58:99–120), resample b drawing from
/// <see cref="RandomStream.For"/>(seed, −2, b), so the result is the same for any thread count.
/// </remarks>
internal static class SobolEstimators
{
    private const int BootstrapStream = -2;

    /// <summary>Indices of one output; <paramref name="y"/> holds the N·(k+2) outputs in design order.</summary>
    public static SobolOutput Analyse(
        string name, double[] y, int n, IReadOnlyList<string> factors, int resamples, double confidence, ulong seed, int threads)
    {
        var k = factors.Count;
        var all = new int[n];
        for (var j = 0; j < n; j++) all[j] = j;
        // Centring by the sample mean leaves the indices' expectations unchanged but removes the f0·(f(A_B)−f(A))
        // term from the first-order estimator, whose variance grows with the output's mean (Saltelli et al., 2010, §4).
        var (mean, _) = Summaries.MeanAndStdDev(y.AsSpan(0, 2 * n));
        var centred = new double[y.Length];
        for (var e = 0; e < y.Length; e++) centred[e] = y[e] - mean;
        var (first, total, variance) = Estimate(centred, n, k, all);

        var firstBoot = new double[k][];
        var totalBoot = new double[k][];
        for (var i = 0; i < k; i++)
        {
            firstBoot[i] = new double[resamples];
            totalBoot[i] = new double[resamples];
        }
        Parallel.For(0, resamples, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            var random = RandomStream.For(seed, BootstrapStream, b);
            var rows = new int[n];
            for (var j = 0; j < n; j++) rows[j] = random.NextInt(n);
            var (f, t, _) = Estimate(centred, n, k, rows);
            for (var i = 0; i < k; i++)
            {
                firstBoot[i][b] = f[i];
                totalBoot[i][b] = t[i];
            }
        });

        var indices = new SobolIndex[k];
        for (var i = 0; i < k; i++)
        {
            var (fLow, fHigh) = Percentiles(firstBoot[i], confidence);
            var (tLow, tHigh) = Percentiles(totalBoot[i], confidence);
            indices[i] = new SobolIndex(factors[i], first[i], fLow, fHigh, total[i], tLow, tHigh);
        }
        return new SobolOutput(name, mean, variance, indices);
    }

    private static (double[] First, double[] Total, double Variance) Estimate(double[] y, int n, int k, int[] rows)
    {
        double sum = 0, squares = 0;
        foreach (var j in rows)
        {
            sum += y[j] + y[n + j];
            squares += y[j] * y[j] + y[n + j] * y[n + j];
        }
        var m = sum / (2 * n);
        var variance = squares / (2 * n) - m * m;
        var first = new double[k];
        var total = new double[k];
        for (var i = 0; i < k; i++)
        {
            var offset = (2 + i) * n;
            double s1 = 0, st = 0;
            foreach (var j in rows)
            {
                var fa = y[j];
                var fab = y[offset + j];
                s1 += y[n + j] * (fab - fa);
                st += (fa - fab) * (fa - fab);
            }
            first[i] = s1 / n / variance;
            total[i] = st / (2 * n) / variance;
        }
        return (first, total, variance);
    }

    private static (double Low, double High) Percentiles(double[] values, double confidence)
    {
        if (values.Length == 0) return (double.NaN, double.NaN);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var tail = (1 - confidence) / 2;
        return (Summaries.Percentile(sorted, tail), Summaries.Percentile(sorted, 1 - tail));
    }
}
