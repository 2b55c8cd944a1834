using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Trials;

/// <summary>How a virtual trial is run: who takes part, how BP is measured, what happens in every arm.</summary>
public sealed record VirtualTrialOptions
{
    /// <summary>The options used when none are given.</summary>
    public static VirtualTrialOptions Default { get; } = new();

    /// <summary>Who is randomised; default <see cref="VirtualPopulation.Law2003Trials"/> (pretreatment 154/97 mmHg).</summary>
    public VirtualPopulation Population { get; init; } = VirtualPopulation.Law2003Trials;

    /// <summary>Visit-to-visit and measurement noise of clinic BP; default <see cref="NoiseModel.Default"/>.</summary>
    public NoiseModel Noise { get; init; } = NoiseModel.Default;

    /// <summary>
    /// The fall in clinic BP between the baseline and final visits that happens in every arm, drug or not: regression to
    /// the mean after entry on a high reading, the placebo effect proper and accommodation to the clinic. Systolic 5.9 mmHg:
    /// the mean fall in the placebo arms of 52 blinded trials of non-resistant hypertension (Patel HC et al., Hypertension
    /// 2015;65:401); diastolic 3.0 mmHg is an assumption (about half, as for drug effects). Placebo adjustment removes it.
    /// </summary>
    public BpChange PlaceboResponse { get; init; } = new(5.9, 3.0);

    /// <summary>Readings averaged at each visit (trials average two or more seated readings).</summary>
    public int ReadingsPerVisit { get; init; } = 2;

    /// <summary>Confidence level of the intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Most threads to use; null for all processors. Results do not depend on it.</summary>
    public int? MaxThreads { get; init; }
}
