using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Health.Reporting;

/// <summary>One regimen's prediction with what the safety rules and the side-effect model say about it.</summary>
/// <param name="Prediction">The prediction.</param>
/// <param name="Findings">The safety findings for the person (an excluded regimen is still predicted, and says so).</param>
/// <param name="SideEffects">The side-effect estimate.</param>
public sealed record PredictionDetail(BpPrediction Prediction, IReadOnlyList<SafetyFinding> Findings, SideEffectEstimate SideEffects)
{
    /// <summary>Whether a safety rule excludes the regimen for this person.</summary>
    public bool Excluded => SafetyRules.IsExcluded(Findings);
}
