namespace TwinLab.ContactCenter.Recommendation;

/// <summary>Orders evaluated candidates best first (see <see cref="RecommendationResult.Ranking"/>) and numbers them.</summary>
internal static class Ranking
{
    public static IReadOnlyList<CandidateResult> Order(IReadOnlyList<CandidateResult> candidates) =>
        candidates
            .OrderBy(c => Tier(c.Verdict))
            .ThenByDescending(c => c.Verdict == CandidateVerdicts.ImprovesAtCost ? c.ImprovementPer1000 ?? 0 : c.Improvement ?? double.NegativeInfinity)
            // Equal improvement: the cheaper first; otherwise file order (OrderBy is stable).
            .ThenBy(c => c.CostChangePerDay ?? double.PositiveInfinity)
            .Select((c, i) => c with { Rank = i + 1 })
            .ToArray();

    private static int Tier(string verdict) => verdict switch
    {
        CandidateVerdicts.ImprovesAtNoCost => 0,
        CandidateVerdicts.ImprovesAtCost => 1,
        CandidateVerdicts.NotSignificant => 2,
        _ => 3,
    };
}
