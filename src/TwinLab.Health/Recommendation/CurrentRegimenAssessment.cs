using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;

namespace TwinLab.Health.Recommendation;

/// <summary>The person's current regimen, continued: its prediction, for comparison, and whether they are at target on it.</summary>
/// <param name="Regimen">The current regimen (<c>none</c> when untreated).</param>
/// <param name="Prediction">Its prediction if continued.</param>
/// <param name="Rank">Its rank among the searched regimens, when it is one of them and allowed.</param>
/// <param name="RecentHomeAverage">The average of the home readings of the last 14 days up to the last reading (null with fewer than 4).</param>
/// <param name="RecentReadings">How many readings that average has.</param>
/// <param name="AtTarget">Whether the person counts as at target (then step-down options are searched).</param>
/// <param name="AtTargetReason">Why or why not, in words.</param>
public sealed record CurrentRegimenAssessment(Regimen Regimen, BpPrediction Prediction, int? Rank, BpChange? RecentHomeAverage, int RecentReadings, bool AtTarget, string AtTargetReason)
{
    /// <summary>What the safety rules say about the current regimen for this person today (exclusions and cautions).</summary>
    public IReadOnlyList<SafetyFinding> Safety { get; init; } = [];

    /// <summary>True when a safety rule excludes the current regimen for this person (say, an ACE inhibitor in pregnancy): it should be changed.</summary>
    public bool Excluded => SafetyRules.IsExcluded(Safety);

    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
