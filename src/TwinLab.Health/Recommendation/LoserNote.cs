using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;

namespace TwinLab.Health.Recommendation;

/// <summary>A notable regimen that did not make the top, and why.</summary>
/// <param name="Regimen">The regimen (for a whole excluded group, an example).</param>
/// <param name="Rank">Its rank, or null when excluded.</param>
/// <param name="Reason">Why it ranked lower or was excluded.</param>
public sealed record LoserNote(Regimen Regimen, int? Rank, string Reason)
{
    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
