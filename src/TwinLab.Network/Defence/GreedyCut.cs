namespace TwinLab.Network.Defence;

/// <summary>
/// Greedy cut by implicit hitting sets: derive the goals with the measures chosen so far; each derivable goal's
/// derivation is a "path" that some unchosen measure must disable; choose measures greedily by (collected paths
/// hit) / cost until every collected path is hit, re-covering all paths collected so far from scratch each round;
/// repeat until no goal is derivable; finally drop measures,
/// most expensive first, that the cut does not need.
/// </summary>
/// <remarks>Lower bound: collected paths whose sets of disabling measures are pairwise disjoint need distinct
/// measures, so the forced measures' cost plus the sum over such a packing of each path's cheapest disabling measure
/// bounds every cut from below.</remarks>
internal static class GreedyCut
{
    public static (HashSet<int> Chosen, double LowerBound) Solve(CutGraph cut, IReadOnlySet<int> forced)
    {
        var measures = cut.Measures;
        var chosen = new HashSet<int>(forced);
        var paths = new List<int[]>();
        while (true)
        {
            var support = cut.Derive(chosen);
            var open = cut.Goals.Where(support.ContainsKey).ToList();
            if (open.Count == 0) break;
            var fresh = new List<int[]>();
            foreach (var goal in open)
            {
                var hitters = new SortedSet<int>();
                foreach (var i in cut.Witness(goal, support)) hitters.UnionWith(cut.Hitters(i));
                if (hitters.Count == 0) throw new InvalidOperationException("a goal has a derivation no measure disables (internal error: uncuttable goals must be removed first)");
                fresh.Add([.. hitters]);
            }
            paths.AddRange(fresh);
            // Re-cover every path collected so far from scratch: measures that disable many derivations (a zone's
            // flow) then win over the local ones an incremental cover would have locked in early.
            chosen = new HashSet<int>(forced);
            Cover(paths, chosen, measures);
        }
        Prune(cut, chosen, forced, measures);
        return (chosen, forced.Sum(m => measures[m].Cost) + PackingBound(paths, measures));
    }

    private static void Cover(List<int[]> paths, HashSet<int> chosen, IReadOnlyList<DefenceMeasure> measures)
    {
        var uncovered = paths.Where(p => !p.Any(chosen.Contains)).ToList();
        while (uncovered.Count > 0)
        {
            var hits = new Dictionary<int, int>();
            foreach (var p in uncovered)
                foreach (var m in p) hits[m] = hits.GetValueOrDefault(m) + 1;
            var best = hits.OrderByDescending(kv => kv.Value / Math.Max(measures[kv.Key].Cost, 1e-9)).ThenBy(kv => kv.Key).First().Key;
            chosen.Add(best);
            uncovered.RemoveAll(p => p.Contains(best));
        }
    }

    private static void Prune(CutGraph cut, HashSet<int> chosen, IReadOnlySet<int> forced, IReadOnlyList<DefenceMeasure> measures)
    {
        foreach (var m in chosen.Where(m => !forced.Contains(m)).OrderByDescending(m => measures[m].Cost).ThenByDescending(m => m).ToList())
        {
            chosen.Remove(m);
            if (cut.DerivableGoals(chosen).Count > 0) chosen.Add(m);
        }
    }

    private static double PackingBound(List<int[]> paths, IReadOnlyList<DefenceMeasure> measures)
    {
        var used = new HashSet<int>();
        var bound = 0.0;
        foreach (var p in paths.Select(p => (Set: p, Min: p.Min(m => measures[m].Cost))).OrderByDescending(x => x.Min).ThenBy(x => x.Set.Length))
        {
            if (p.Set.Any(used.Contains)) continue;
            used.UnionWith(p.Set);
            bound += p.Min;
        }
        return bound;
    }
}
