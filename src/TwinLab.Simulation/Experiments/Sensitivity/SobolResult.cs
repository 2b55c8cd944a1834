namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>The result of a Sobol' analysis: first-order and total indices of every factor for every output.</summary>
/// <param name="Factors">The factors with their resolved ranges.</param>
/// <param name="BaseSamples">N, rows of each base matrix.</param>
/// <param name="Replications">Replications averaged per model evaluation (1 for a function).</param>
/// <param name="Evaluations">Model evaluations, N·(k+2).</param>
/// <param name="Design">Design actually used (quasi-random falls back to pseudo-random beyond 32 factors).</param>
/// <param name="Confidence">Confidence level of the index intervals.</param>
/// <param name="Outputs">One entry per KPI (simulator) or a single "y" (function).</param>
/// <param name="Warnings">Things a reader should know (constant or NaN outputs, a fallback design).</param>
public sealed record SobolResult(
    IReadOnlyList<SobolFactor> Factors,
    int BaseSamples,
    int Replications,
    long Evaluations,
    SobolDesign Design,
    double Confidence,
    IReadOnlyList<SobolOutput> Outputs,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The indices of one output by name.</summary>
    /// <exception cref="KeyNotFoundException">No output has that name.</exception>
    public SobolOutput Output(string name) =>
        Outputs.FirstOrDefault(o => o.Name == name) ?? throw new KeyNotFoundException($"No output '{name}'.");
}

/// <summary>The Sobol' indices of one output.</summary>
/// <param name="Name">KPI name, or "y" for a function.</param>
/// <param name="Mean">Mean of the output over the A and B samples.</param>
/// <param name="Variance">Variance of the output over the A and B samples (the denominator of every index).</param>
/// <param name="Indices">One entry per factor, in factor order.</param>
public sealed record SobolOutput(string Name, double Mean, double Variance, IReadOnlyList<SobolIndex> Indices)
{
    /// <summary>The indices of one factor by name.</summary>
    /// <exception cref="KeyNotFoundException">No factor has that name.</exception>
    public SobolIndex Index(string factor) =>
        Indices.FirstOrDefault(i => i.Factor == factor) ?? throw new KeyNotFoundException($"No factor '{factor}'.");
}

/// <summary>First-order and total Sobol' indices of one factor for one output, with bootstrap percentile intervals.</summary>
/// <param name="Factor">Factor name.</param>
/// <param name="First">First-order index S1: the share of output variance due to this factor alone.</param>
/// <param name="FirstLow">Lower end of the interval of S1.</param>
/// <param name="FirstHigh">Upper end of the interval of S1.</param>
/// <param name="Total">Total index ST: the share due to this factor including all its interactions.</param>
/// <param name="TotalLow">Lower end of the interval of ST.</param>
/// <param name="TotalHigh">Upper end of the interval of ST.</param>
public sealed record SobolIndex(
    string Factor, double First, double FirstLow, double FirstHigh, double Total, double TotalLow, double TotalHigh);
