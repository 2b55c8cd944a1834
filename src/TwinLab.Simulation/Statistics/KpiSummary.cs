namespace TwinLab.Simulation.Statistics;

/// <summary>A KPI over the replications of one scenario.</summary>
/// <param name="Name">KPI name.</param>
/// <param name="Count">Replications summarised (NaN values excluded).</param>
/// <param name="Mean">Sample mean.</param>
/// <param name="StdDev">Sample standard deviation (n − 1 denominator).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="P5">5th percentile.</param>
/// <param name="P25">25th percentile.</param>
/// <param name="Median">50th percentile.</param>
/// <param name="P75">75th percentile.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="CiLow">Lower end of the confidence interval of the mean.</param>
/// <param name="CiHigh">Upper end of the confidence interval of the mean.</param>
/// <param name="Confidence">Confidence level of the interval (0.95 unless asked otherwise).</param>
public sealed record KpiSummary(
    string Name,
    int Count,
    double Mean,
    double StdDev,
    double Min,
    double Max,
    double P5,
    double P25,
    double Median,
    double P75,
    double P95,
    double CiLow,
    double CiHigh,
    double Confidence)
{
    /// <summary>Half the width of the confidence interval.</summary>
    public double HalfWidth => (CiHigh - CiLow) / 2;

    /// <summary>Half-width relative to the mean's magnitude (∞ when the mean is 0 and the width is not).</summary>
    public double RelativeHalfWidth => HalfWidth == 0 ? 0 : HalfWidth / Math.Abs(Mean);
}
