using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>The Kolmogorov–Smirnov distance between a sample's empirical CDF and a fitted distribution.</summary>
/// <remarks>
/// Reported as a distance only: with parameters estimated from the same data the usual p-value is far too
/// lenient (Lilliefors, 1967), and with thousands of contacts any small misfit is "significant" anyway.
/// </remarks>
internal static class KolmogorovSmirnov
{
    /// <summary>D = max over order statistics of max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i−1)/n).</summary>
    public static double Statistic(IReadOnlyList<double> sorted, Distribution fitted)
    {
        var n = sorted.Count;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = fitted.Cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }
}
