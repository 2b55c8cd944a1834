using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Trials;

/// <summary>One arm of a virtual trial and what it showed.</summary>
/// <param name="Index">Position in the trial's arm list.</param>
/// <param name="Regimen">What the arm took (<see cref="Regimen.None"/> for placebo).</param>
/// <param name="Participants">People randomised to it.</param>
/// <param name="BaselineMean">Mean clinic BP at the baseline visit, mmHg.</param>
/// <param name="SystolicChange">Mean change of clinic systolic BP from baseline to the final visit (negative: a fall), mmHg.</param>
/// <param name="DiastolicChange">Mean change of clinic diastolic BP, mmHg.</param>
/// <param name="SystolicReduction">Placebo-adjusted reduction of systolic BP (positive: lower than placebo), difference of
/// mean changes with a Welch interval; null for the placebo arm and for trials without one.</param>
/// <param name="DiastolicReduction">Placebo-adjusted reduction of diastolic BP; null as for systolic.</param>
/// <param name="Published">Law 2003's placebo-adjusted reduction when the arm is one drug at half, standard or twice standard dose; else null.</param>
public sealed record TrialArm(
    int Index,
    Regimen Regimen,
    int Participants,
    BpChange BaselineMean,
    MeanEstimate SystolicChange,
    MeanEstimate DiastolicChange,
    MeanEstimate? SystolicReduction,
    MeanEstimate? DiastolicReduction,
    BpChange? Published)
{
    /// <summary>The arm's name: the regimen, or <c>placebo</c>.</summary>
    public string Label => Regimen.IsEmpty ? "placebo" : Regimen.ToString();

    /// <summary>The placebo-adjusted reduction as a pair, when there is one.</summary>
    public BpChange? Reduction => SystolicReduction is { } s && DiastolicReduction is { } d ? new BpChange(s.Mean, d.Mean) : null;
}
