namespace TwinLab.Simulation.Experiments.Compare;

/// <summary>A confidence interval for a difference of means.</summary>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
/// <param name="Confidence">Its confidence level (e.g. 0.95, or 1 − 0.05/k for a Bonferroni interval).</param>
public sealed record DeltaInterval(double Low, double High, double Confidence)
{
    /// <summary>Whether the interval excludes zero, i.e. the difference is statistically significant.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
