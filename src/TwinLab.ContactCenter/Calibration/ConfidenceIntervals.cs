using MathNet.Numerics.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>The interval formulas calibration reports.</summary>
internal static class ConfidenceIntervals
{
    /// <summary>The two-sided standard-normal critical value.</summary>
    public static double Z(double confidence) => Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);

    /// <summary>
    /// The exact (Garwood, 1936) interval for a Poisson mean from a total count over <paramref name="exposure"/>
    /// units: [χ²(α/2; 2k)/2, χ²(1−α/2; 2k+2)/2] / exposure, with the lower limit 0 when k = 0.
    /// </summary>
    public static (double Lower, double Upper) Poisson(long count, double exposure, double confidence)
    {
        var alpha = 1 - confidence;
        var lower = count == 0 ? 0 : ChiSquared.InvCDF(2.0 * count, alpha / 2) / 2;
        var upper = ChiSquared.InvCDF(2.0 * count + 2, 1 - alpha / 2) / 2;
        return (lower / exposure, upper / exposure);
    }

    /// <summary>
    /// The Wilson (1927) score interval for a proportion: unlike the Wald interval it stays inside [0, 1] and keeps
    /// its coverage near 0 and 1 (Brown, Cai and DasGupta, 2001).
    /// </summary>
    public static (double Lower, double Upper) Wilson(int successes, int trials, double confidence)
    {
        if (trials == 0) return (0, 1);
        var z = Z(confidence);
        var p = (double)successes / trials;
        var z2n = z * z / trials;
        var centre = (p + z2n / 2) / (1 + z2n);
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
