using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.Simulation.Tests.Random;

/// <summary>
/// Statistical checks used by the random-number tests. Every test uses a fixed seed, so a check either always
/// passes or always fails; the thresholds (α = 0.001, five standard errors) keep a correct sampler far from the edge.
/// </summary>
internal static class GoodnessOfFit
{
    public const int SampleSize = 20_000;

    /// <summary>Asymptotic Kolmogorov–Smirnov critical value at α = 0.001 (Massey, 1951): 1.95/√n.</summary>
    public static double KsCritical(int n) => 1.95 / Math.Sqrt(n);

    /// <summary>The Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)|, valid for continuous and discrete F.</summary>
    public static double KsStatistic(IEnumerable<double> samples, Func<double, double> cdf)
    {
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            // The left limit F(x−) keeps D right for distributions with atoms (ties in the empirical one).
            var below = cdf(Math.BitDecrement(sorted[i]));
            d = Math.Max(d, Math.Max((i + 1.0) / n - cdf(sorted[i]), below - (double)i / n));
        }
        return d;
    }

    /// <summary>Pearson's X² = Σ (O − E)² / E.</summary>
    public static double ChiSquare(IReadOnlyList<long> observed, IReadOnlyList<double> expected)
    {
        var x2 = 0.0;
        for (var i = 0; i < observed.Count; i++) x2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        return x2;
    }

    /// <summary>The χ² quantile that a correct fit exceeds with probability 0.001.</summary>
    public static double ChiSquareCritical(int degreesOfFreedom) => ChiSquared.InvCDF(degreesOfFreedom, 0.999);

    public static double[] Draw(Distribution distribution, RandomStream random, int n = SampleSize)
    {
        var samples = new double[n];
        for (var i = 0; i < n; i++) samples[i] = distribution.Sample(random);
        return samples;
    }

    public static void AssertKsFits(IReadOnlyCollection<double> samples, Func<double, double> cdf, string what)
    {
        var d = KsStatistic(samples, cdf);
        var critical = KsCritical(samples.Count);
        Assert.True(d < critical, $"{what}: KS D = {d:F5} >= critical {critical:F5} (n = {samples.Count})");
    }

    /// <summary>Sample mean within five standard errors of the true mean.</summary>
    public static void AssertMean(double[] samples, double mean, double variance, string what)
    {
        var tolerance = 5 * Math.Sqrt(variance / samples.Length);
        var actual = samples.Average();
        Assert.True(Math.Abs(actual - mean) <= tolerance, $"{what}: sample mean {actual} vs {mean} (± {tolerance})");
    }

    /// <summary>Sample variance within five standard errors, the error estimated from the fourth central moment.</summary>
    public static void AssertVariance(double[] samples, double variance, string what)
    {
        var n = samples.Length;
        var mean = samples.Average();
        double m2 = 0, m4 = 0;
        foreach (var x in samples)
        {
            var d2 = (x - mean) * (x - mean);
            m2 += d2;
            m4 += d2 * d2;
        }
        m2 /= n - 1;
        m4 /= n;
        var tolerance = 5 * Math.Sqrt(Math.Max(m4 - m2 * m2, 0) / n) + 1e-12;
        Assert.True(Math.Abs(m2 - variance) <= tolerance, $"{what}: sample variance {m2} vs {variance} (± {tolerance})");
    }
}
