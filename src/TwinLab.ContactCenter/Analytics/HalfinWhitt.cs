using MathNet.Numerics.Distributions;

namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Square-root staffing in the quality-and-efficiency-driven regime: N = R + β√R agents for R Erlangs, with
/// P(W &gt; 0) → α(β) = [1 + βΦ(β)/φ(β)]⁻¹ as R grows (Halfin and Whitt, "Heavy-traffic limits for queues with
/// many exponential servers", Operations Research 29(3), 1981, 567–588; Borst, Mandelbaum and Reiman,
/// "Dimensioning large call centers", Operations Research 52(1), 2004, 17–34).
/// </summary>
internal static class HalfinWhitt
{
    // β where α(β) ≈ 1e−700 in theory; any goal needing more is beyond what the approximation can guide.
    private const double LargestBeta = 64;

    /// <summary>α(β), the limiting probability of waiting; 1 at β = 0, falling to 0.</summary>
    public static double WaitProbability(double beta)
    {
        if (beta == 0) return 1;
        var density = Normal.PDF(0, 1, beta);
        return density == 0 ? 0 : 1 / (1 + beta * Normal.CDF(0, 1, beta) / density);
    }

    /// <summary>
    /// The smallest β ≥ 0 for which <paramref name="isEnough"/> holds, by bisection (it must be monotone:
    /// false then true). Returns <see cref="LargestBeta"/> when even that is not enough.
    /// </summary>
    public static double SmallestBeta(Func<double, bool> isEnough)
    {
        if (isEnough(0)) return 0;
        double lo = 0, hi = 1;
        while (!isEnough(hi))
        {
            lo = hi;
            hi *= 2;
            if (hi >= LargestBeta) return LargestBeta;
        }

        // Bisect until the bracket cannot shrink in double precision.
        while (true)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) return hi;
            if (isEnough(mid)) hi = mid; else lo = mid;
        }
    }
}
