using TwinLab.Health.Prediction;

namespace TwinLab.Health.Recommendation;

/// <summary>
/// One class-and-dose pattern in the ranking: its best regimen, the same-class alternatives (other drugs of the same
/// classes at the same dose levels) and, for the top choices, the full prediction and the explanation.
/// </summary>
/// <param name="Rank">1 for the best pattern.</param>
/// <param name="Pattern">The class-and-dose pattern.</param>
/// <param name="Best">The best regimen of the pattern.</param>
/// <param name="Alternatives">The pattern's other allowed regimens, best first.</param>
/// <param name="Prediction">The best regimen's prediction (top choices only; null otherwise).</param>
/// <param name="Explanation">Why it is where it is: predicted BP, P(target), side effects, cautions, what it beats (top choices only; empty otherwise).</param>
public sealed record RegimenChoice(int Rank, string Pattern, RankedRegimen Best, IReadOnlyList<RankedRegimen> Alternatives, BpPrediction? Prediction, string Explanation)
{
    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
