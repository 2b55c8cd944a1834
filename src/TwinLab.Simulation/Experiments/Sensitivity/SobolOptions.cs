namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>How a Sobol' analysis samples and how it estimates the confidence intervals of the indices.</summary>
public sealed record SobolOptions
{
    /// <summary>Where the base samples come from. Quasi-random by default, as Saltelli et al. (2010) recommend.</summary>
    public SobolDesign Design { get; init; } = SobolDesign.Quasi;

    /// <summary>Bootstrap resamples of the N rows for the confidence intervals; 0 skips them (bounds are NaN).</summary>
    public int BootstrapResamples { get; init; } = 500;

    /// <summary>Confidence level of the bootstrap percentile intervals.</summary>
    public double Confidence { get; init; } = 0.95;
}

/// <summary>The design the base matrices A and B are drawn from.</summary>
public enum SobolDesign
{
    /// <summary>
    /// A digitally shifted Sobol' sequence in 2k dimensions (A from the first k, B from the last k), seeded by the
    /// experiment seed. Converges faster than pseudo-random sampling; falls back to it beyond 32 factors.
    /// Choose N a power of two to keep the sequence's balance.
    /// </summary>
    Quasi,
    /// <summary>Independent uniform draws from the experiment seed.</summary>
    PseudoRandom,
}
