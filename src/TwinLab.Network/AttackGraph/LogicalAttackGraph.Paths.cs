namespace TwinLab.Network.AttackGraph;

public sealed partial class LogicalAttackGraph
{
    /// <summary>
    /// The attack path to <paramref name="goal"/> with the fewest attacker actions (exploits, dumps, logins), or
    /// null when the goal is unreachable.
    /// </summary>
    /// <remarks>Knuth's generalisation of Dijkstra's algorithm to AND/OR graphs ("A generalization of Dijkstra's
    /// algorithm", Information Processing Letters 6(1), 1977): an OR node costs the least of its AND nodes, an AND node
    /// its own cost plus the sum of its derived premises' costs. A sub-derivation shared by two premises is counted
    /// twice by that sum, so on graphs with such sharing the result is the best derivation tree, not always the best
    /// step set; the path returned reports its true action count.</remarks>
    public AttackPath? ShortestPath(DerivedFact goal) =>
        Find(goal) is { } g ? BestPath(g, BestTrees.Value.Shortest) : null;

    /// <summary>
    /// The attack path to <paramref name="goal"/> with the highest chance that all its steps succeed, or null when
    /// the goal is unreachable.
    /// </summary>
    /// <remarks>Knuth's algorithm on −log p: an AND node's weight is −log of its own probability and its premises'
    /// weights add (their probabilities multiply, steps assumed independent); an OR node takes its best AND node.
    /// The path's <see cref="AttackPath.Probability"/> is the product over its distinct steps.</remarks>
    public AttackPath? MostLikelyPath(DerivedFact goal) =>
        Find(goal) is { } g ? BestPath(g, BestTrees.Value.MostLikely) : null;

    /// <summary>
    /// All minimal attack paths to <paramref name="goal"/>, up to <paramref name="limit"/>: sets of rule applications
    /// that derive the goal and whose set of attacker actions contains no other path's actions (paths differing only
    /// in logical steps count once). Sorted by action count, then by probability (highest first).
    /// </summary>
    /// <remarks>Backward enumeration of derivation trees (a fact in the current branch may not be used to derive
    /// itself, so cycles end), pruning non-minimal partial sets at every OR node. Bounded: at most
    /// <paramref name="limit"/> paths are returned and about <paramref name="limit"/> × 100 set unions are done;
    /// <see cref="AttackPathSet.Truncated"/> says when a bound cut the search.</remarks>
    public AttackPathSet MinimalPaths(DerivedFact goal, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Find(goal) is not { } g) return new AttackPathSet([], false);
        var enumeration = new PathEnumeration(_g, limit, BestTrees.Value.Shortest.Cost);
        var sets = enumeration.Run(g);
        var paths = sets.Select(s => MakePath(g, s))
            .OrderBy(p => p.ActionCount).ThenByDescending(p => p.Probability).ThenBy(p => p.Steps.Count)
            .ToList();
        var truncated = enumeration.Truncated || paths.Count > limit;
        return new AttackPathSet(paths.Take(limit).ToList(), truncated);
    }

    private Lazy<(BestTree Shortest, BestTree MostLikely)> BestTrees => _bestTrees ??= new(() =>
        (BestTree.Compute(_g, ConsumerIndex, a => AttackRules.IsAction(a.Rule) ? 1 : 0),
         BestTree.Compute(_g, ConsumerIndex, a => a.Probability > 0 ? -Math.Log(a.Probability) : double.PositiveInfinity)));

    private Lazy<(BestTree, BestTree)>? _bestTrees;

    private AttackPath? BestPath(int goal, BestTree tree)
    {
        if (tree.Best[goal] < 0) return null;
        var set = new HashSet<int>();
        var stack = new Stack<int>([goal]);
        var seen = new HashSet<int>();
        while (stack.Count > 0)
        {
            var or = stack.Pop();
            if (!seen.Add(or)) continue;
            var a = tree.Best[or];
            set.Add(a);
            foreach (var b in _g.BodyOf(a))
                if (_g.Kind[b] == AttackNodeKind.Or) stack.Push(b);
        }
        return MakePath(goal, set);
    }

    /// <summary>Orders a set of AND nodes so each one's derived premises come from earlier ones.</summary>
    internal AttackPath MakePath(int goal, IEnumerable<int> ands)
    {
        var remaining = ands.OrderBy(a => a).ToList();
        var held = new HashSet<int>();
        var steps = new List<AttackStep>(remaining.Count);
        while (remaining.Count > 0)
        {
            var next = -1;
            foreach (var a in remaining)
            {
                var ready = true;
                foreach (var b in _g.BodyOf(a))
                    if (_g.Kind[b] == AttackNodeKind.Or && !held.Contains(b)) { ready = false; break; }
                if (ready) { next = a; break; }
            }
            if (next < 0) throw new InvalidOperationException("attack path steps do not derive each other (internal error)");
            remaining.Remove(next);
            var info = _g.AndOf(next);
            held.Add(info.Head);
            var premises = new List<string>();
            foreach (var b in _g.BodyOf(next)) premises.Add(_g.Label(b));
            steps.Add(new AttackStep(next, info.Rule, info.Technique, _g.Fact(info.Head), premises, info.Probability,
                info.MeanHours, AttackRules.IsAction(info.Rule)));
        }
        return new AttackPath(_g.Fact(goal), steps);
    }
}
