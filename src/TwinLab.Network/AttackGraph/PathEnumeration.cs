namespace TwinLab.Network.AttackGraph;

/// <summary>Bounded backward enumeration of minimal derivations (sets of AND nodes) of an OR node. Each fact's
/// derivations are tried cheapest first (by the fewest-actions tree's cost of their premises), and derivations resting
/// on an underivable premise are skipped, so when the work budget runs out the paths already found are the short ones
/// rather than none.</summary>
internal sealed class PathEnumeration(GraphStore g, int limit, double[] orCost)
{
    private readonly HashSet<int> _onStack = [];
    private readonly Dictionary<int, List<int[]>> _memo = [];
    private readonly int _cap = Math.Max(limit * 4, 16);
    private readonly long _budget = Math.Max(limit * 100L, 10_000);
    private long _work;

    public bool Truncated { get; private set; }

    public List<int[]> Run(int goal) => Enumerate(goal, out _);

    private List<int[]> Enumerate(int or, out bool cut)
    {
        cut = false;
        if (_memo.TryGetValue(or, out var memo)) return memo;
        if (!_onStack.Add(or)) { cut = true; return []; }
        var results = new List<int[]>();
        foreach (var a in Ordered(or))
        {
            List<int[]> partial = [[a]];
            foreach (var b in g.BodyOf(a))
            {
                if (g.Kind[b] != AttackNodeKind.Or) continue;
                var sub = Enumerate(b, out var subCut);
                cut |= subCut;
                if (sub.Count == 0) { partial = []; break; }
                var next = new List<int[]>();
                foreach (var p in partial)
                {
                    foreach (var s in sub)
                    {
                        // Out of budget: still combine the first (cheapest) pair, so the short paths found so far
                        // reach the goal instead of being dropped on the way up.
                        if (++_work > _budget) { Truncated = true; if (next.Count > 0) break; }
                        next.Add(Union(p, s));
                    }
                    if (_work > _budget && next.Count > 0) break;
                }
                // No early exit here even out of budget: a set must derive every premise of its rule, so the
                // remaining premises are still combined (one pair each, cheapest first).
                partial = Minimise(next);
            }
            results.AddRange(partial);
            if (_work > _budget) break;
        }
        _onStack.Remove(or);
        results = Minimise(results);
        // A result computed without meeting a fact on the stack does not depend on the branch above: reuse it.
        if (!cut) _memo[or] = results;
        return results;
    }

    /// <summary>The derivers of <paramref name="or"/> whose premises are all derivable, cheapest first.</summary>
    private IEnumerable<int> Ordered(int or)
    {
        var derivers = new List<(int And, double Cost)>();
        foreach (var a in g.DeriversOf(or))
        {
            var cost = 0.0;
            foreach (var b in g.BodyOf(a))
                if (g.Kind[b] == AttackNodeKind.Or) cost += orCost[b];
            if (!double.IsPositiveInfinity(cost)) derivers.Add((a, cost));
        }
        return derivers.OrderBy(d => d.Cost).ThenBy(d => d.And).Select(d => d.And);
    }

    /// <summary>Drops sets whose actions contain another set's actions (keeping the first of equal ones) and caps
    /// the list.</summary>
    private List<int[]> Minimise(List<int[]> sets)
    {
        var withActions = sets.Select(s => (Set: s, Actions: s.Where(a => AttackRules.IsAction(g.AndOf(a).Rule)).ToArray()))
            .OrderBy(x => x.Actions.Length).ThenBy(x => x.Set.Length).ToList();
        var kept = new List<(int[] Set, int[] Actions)>();
        foreach (var x in withActions)
        {
            var dominated = false;
            foreach (var k in kept)
                if (IsSubset(k.Actions, x.Actions)) { dominated = true; break; }
            if (dominated) continue;
            kept.Add(x);
            if (kept.Count >= _cap) { Truncated = true; break; }
        }
        return kept.Select(k => k.Set).ToList();
    }

    private static int[] Union(int[] a, int[] b)
    {
        var result = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j >= b.Length || (i < a.Length && a[i] < b[j])) result.Add(a[i++]);
            else if (i >= a.Length || b[j] < a[i]) result.Add(b[j++]);
            else { result.Add(a[i++]); j++; }
        }
        return [.. result];
    }

    private static bool IsSubset(int[] small, int[] big)
    {
        int i = 0, j = 0;
        while (i < small.Length && j < big.Length)
        {
            if (small[i] == big[j]) { i++; j++; }
            else if (small[i] > big[j]) j++;
            else return false;
        }
        return i == small.Length;
    }
}
