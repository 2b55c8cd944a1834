namespace TwinLab.ContactCenter.Recommendation;

/// <summary>Picks the candidates to try together: the best ranked that improve the objective significantly, each
/// setting parameters none of those picked before sets (two changes of the same knob cannot both apply).</summary>
internal static class Combination
{
    public static IReadOnlyList<string> Pick(IReadOnlyList<CandidateResult> ranking, IReadOnlyList<CandidateChange> candidates, int top)
    {
        var picked = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in ranking)
        {
            if (picked.Count == top) break;
            if (result.Verdict is not (CandidateVerdicts.ImprovesAtNoCost or CandidateVerdicts.ImprovesAtCost)) continue;
            var settings = candidates.First(c => c.Name == result.Name).Settings.Select(s => s.Parameter).ToArray();
            if (settings.Any(used.Contains)) continue;
            used.UnionWith(settings);
            picked.Add(result.Name);
        }
        return picked;
    }
}
