namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// The best candidate against the runner-up: the paired difference of their objectives over common random numbers,
/// with a paired-t confidence interval (Law, Simulation Modeling and Analysis, 5th ed., §10.2.1).
/// </summary>
/// <param name="Best">The best candidate's name.</param>
/// <param name="RunnerUp">The runner-up's name.</param>
/// <param name="Direction">The objective's direction.</param>
/// <param name="Difference">Objective of the best − objective of the runner-up.</param>
/// <param name="CiLow">Lower end of the interval of the difference.</param>
/// <param name="CiHigh">Upper end of the interval of the difference.</param>
/// <param name="Confidence">Confidence level.</param>
/// <param name="Pairs">Paired replications.</param>
/// <param name="Confirmed">Whether this comes from the confirmation runs (true) or the search runs.</param>
public sealed record CandidateDifference(
    string Best,
    string RunnerUp,
    KpiDirection Direction,
    double Difference,
    double CiLow,
    double CiHigh,
    double Confidence,
    int Pairs,
    bool Confirmed)
{
    /// <summary>Whether the interval excludes zero on the side that favours the best: the ranking is statistically sound.</summary>
    public bool BestSignificantlyBetter => Direction == KpiDirection.Maximise ? CiLow > 0 : CiHigh < 0;
}
