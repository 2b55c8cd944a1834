using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Health.Recommendation;

/// <summary>A regimen with fewer drugs or lower doses than the current one that is predicted to keep the person at target.</summary>
/// <param name="Regimen">The reduced regimen (<c>none</c> = stop all).</param>
/// <param name="Change">What changes, such as <c>stop amlodipine 10mg; lisinopril 20mg → 10mg</c>.</param>
/// <param name="ProbabilityAtTarget">P(target) at the last reported week.</param>
/// <param name="SideEffects">The side-effect estimate.</param>
/// <param name="Cautions">Safety cautions.</param>
/// <param name="Prediction">The full prediction (for the options shown first; null for the rest).</param>
public sealed record StepDownOption(Regimen Regimen, string Change, double ProbabilityAtTarget, SideEffectEstimate SideEffects, IReadOnlyList<SafetyFinding> Cautions, BpPrediction? Prediction)
{
    /// <summary>Pills a day.</summary>
    public int PillCount => Regimen.PillCount;

    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
