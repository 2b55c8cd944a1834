using MathNet.Numerics.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// Whether the daily counts of a queue vary as much as a Poisson process allows: Fisher's index-of-dispersion test
/// pooled over cells, X = Σ (n−1)·s²/x̄ ~ χ²(Σ (n−1)) under Poisson (Fisher, 1950; Cochran, 1954). Only cells with a
/// mean of at least one arrival and two or more days count, because the χ² approximation fails for tinier counts.
/// </summary>
/// <param name="Index">X / degrees of freedom: about 1 under Poisson (NaN when no cell qualifies).</param>
/// <param name="ChiSquare">The statistic X.</param>
/// <param name="DegreesOfFreedom">Σ (n − 1) over the qualifying cells.</param>
/// <param name="PValue">P(χ² ≥ X), the chance of this much spread if arrivals were Poisson.</param>
/// <param name="OverDispersed">PValue &lt; 0.01 with Index &gt; 1: the rates themselves vary from day to day (weather,
/// campaigns, outages), so a Poisson model with the mean rate understates peaks.</param>
public sealed record DispersionCheck(double Index, double ChiSquare, int DegreesOfFreedom, double PValue, bool OverDispersed)
{
    /// <summary>The test over the cells of one profile.</summary>
    internal static DispersionCheck Of(IEnumerable<ArrivalCell> cells)
    {
        double x = 0;
        var df = 0;
        foreach (var cell in cells)
        {
            if (cell.DaysObserved < 2 || !(cell.MeanCount >= 1)) continue;
            x += (cell.DaysObserved - 1) * cell.Variance / cell.MeanCount;
            df += cell.DaysObserved - 1;
        }
        if (df == 0) return new DispersionCheck(double.NaN, double.NaN, 0, double.NaN, false);
        var p = 1 - ChiSquared.CDF(df, x);
        var index = x / df;
        return new DispersionCheck(index, x, df, p, p < 0.01 && index > 1);
    }
}
