namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>A candidate's objective value with its confidence interval.</summary>
/// <param name="Mean">The objective evaluated on the KPI means (for a ratio, the ratio of means).</param>
/// <param name="CiLow">Lower end of the confidence interval.</param>
/// <param name="CiHigh">Upper end of the confidence interval.</param>
/// <param name="Confidence">Confidence level.</param>
/// <param name="Replications">Replications it rests on.</param>
public sealed record ObjectiveEstimate(double Mean, double CiLow, double CiHigh, double Confidence, int Replications)
{
    /// <summary>Half the width of the interval.</summary>
    public double HalfWidth => (CiHigh - CiLow) / 2;
}
