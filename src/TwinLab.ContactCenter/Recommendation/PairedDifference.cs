using TwinLab.Simulation.Statistics;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>
/// The paired-t interval for the mean difference of two scenarios run with the same random streams (Law,
/// Simulation Modeling and Analysis, 5th ed., §10.2.1): Z̄ ± t(1−α/2, n−1)·s_Z/√n over the replications finished in
/// both with neither value NaN.
/// </summary>
/// <param name="Pairs">Replications paired.</param>
/// <param name="BaselineMean">Baseline mean over the pairs (NaN without pairs).</param>
/// <param name="CandidateMean">Candidate mean over the pairs.</param>
/// <param name="Mean">Mean difference, candidate − baseline.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end.</param>
internal readonly record struct PairedDifference(int Pairs, double BaselineMean, double CandidateMean, double Mean, double Low, double High)
{
    public bool Significant => Low > 0 || High < 0;

    public static PairedDifference Of(int[] baselineReplications, double[] baseline, int[] candidateReplications, double[] candidate, double confidence)
    {
        var b = new List<double>(baseline.Length);
        var c = new List<double>(baseline.Length);
        for (int i = 0, j = 0; i < baselineReplications.Length && j < candidateReplications.Length;)
        {
            if (baselineReplications[i] < candidateReplications[j]) i++;
            else if (baselineReplications[i] > candidateReplications[j]) j++;
            else
            {
                if (!double.IsNaN(baseline[i]) && !double.IsNaN(candidate[j]))
                {
                    b.Add(baseline[i]);
                    c.Add(candidate[j]);
                }
                i++;
                j++;
            }
        }
        var n = b.Count;
        if (n == 0) return new PairedDifference(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var differences = new double[n];
        for (var k = 0; k < n; k++) differences[k] = c[k] - b[k];
        var (mean, sd) = Summaries.MeanAndStdDev(differences);
        // Identical differences (a change that does nothing, under common random numbers) give an exact interval.
        var half = n < 2 ? double.PositiveInfinity : sd == 0 ? 0 : Summaries.TQuantile(confidence, n - 1) * sd / Math.Sqrt(n);
        return new PairedDifference(n, b.Average(), c.Average(), mean, mean - half, mean + half);
    }

    /// <summary>The difference of <c>scale · x + shift</c> (the candidate side shifted): intervals flip for a negative scale.</summary>
    public PairedDifference Transform(double scale, double candidateShift = 0)
    {
        var (low, high) = scale >= 0 ? (Low * scale, High * scale) : (High * scale, Low * scale);
        return new PairedDifference(Pairs, BaselineMean * scale, CandidateMean * scale + candidateShift,
            Mean * scale + candidateShift, low + candidateShift, high + candidateShift);
    }
}
