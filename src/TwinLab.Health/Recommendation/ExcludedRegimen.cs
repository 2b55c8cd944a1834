using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;

namespace TwinLab.Health.Recommendation;

/// <summary>A regimen the safety rules exclude for this person, with every finding (exclusions first).</summary>
/// <param name="Regimen">The regimen.</param>
/// <param name="Findings">The safety findings; at least one has severity <see cref="SafetySeverity.Excluded"/>.</param>
public sealed record ExcludedRegimen(Regimen Regimen, IReadOnlyList<SafetyFinding> Findings)
{
    /// <summary>The excluding rules' explanations, joined.</summary>
    public string Reason => string.Join("; ", Findings.Where(f => f.Severity == SafetySeverity.Excluded).Select(f => f.Explanation));

    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
