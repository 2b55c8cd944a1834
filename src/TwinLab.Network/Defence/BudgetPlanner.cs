using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Chooses measures within a budget to reduce risk the most.</summary>
public static class BudgetPlanner
{
    /// <summary>
    /// Greedy by risk reduced per unit of cost, re-evaluated after each pick: risk is Σ asset value × compromise
    /// probability (<see cref="LogicalAttackGraph.CompromiseProbability"/>); each round every affordable candidate
    /// that still removes a fact of the current attack graph is applied in turn, the graph rebuilt and the risk
    /// recomputed; the best ratio is taken. It stops when the budget is spent or nothing affordable reduces risk.
    /// </summary>
    /// <remarks>To bound the work per round on big networks, at most <see cref="BudgetOptions.MaxEvaluationsPerPick"/>
    /// candidates are evaluated: those that disable a step of some asset's most likely path come first, ranked by the
    /// risk of those assets per unit of cost, then the rest in id order. Below that bound the greedy is exact per
    /// round. Greedy is not optimal for a knapsack-like choice; it is the usual heuristic, explained step by step.</remarks>
    /// <param name="facts">The network's facts.</param>
    /// <param name="candidates">The measures to choose from, with their costs.</param>
    /// <param name="budget">The budget, in the candidates' cost unit.</param>
    /// <param name="options">Settings.</param>
    /// <exception cref="ArgumentException">The budget or a cost is negative or not finite.</exception>
    public static BudgetPlan Plan(AttackFacts facts, IReadOnlyList<DefenceMeasure> candidates, double budget, BudgetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(candidates);
        if (!(budget >= 0) || !double.IsFinite(budget)) throw new ArgumentException($"the budget must be finite and ≥ 0, not {budget}", nameof(budget));
        for (var i = 0; i < candidates.Count; i++)
            if (!(candidates[i].Cost >= 0) || !double.IsFinite(candidates[i].Cost))
                throw new ArgumentException($"candidate {i} ({candidates[i].Id}) has cost {candidates[i].Cost}; costs must be finite and ≥ 0", nameof(candidates));
        options ??= new BudgetOptions();
        var graph = LogicalAttackGraph.Build(facts, options.GraphOptions);
        var riskBefore = Risk(graph);
        var risk = riskBefore;
        var left = budget;
        var picks = new List<BudgetPick>();
        var remaining = candidates.ToList();
        while (remaining.Count > 0)
        {
            var lookup = new FactLookup(graph.Facts);
            var affordable = remaining.Where(m => m.Cost <= left + 1e-9).ToList();
            if (affordable.Count == 0) break;
            var urgent = options.IncludeUrgent ? affordable.Where(m => m.Urgent).ToList() : [];
            (DefenceMeasure Measure, LogicalAttackGraph After, double Risk, double Ratio)? best = null;
            foreach (var m in urgent.Count > 0 ? urgent : Shortlist(graph, affordable, lookup, options.MaxEvaluationsPerPick))
            {
                var change = m.Plan(lookup);
                if (change.RemovedCount == 0 && change.AddedCount == 0) continue;
                var after = LogicalAttackGraph.Build(change.ApplyTo(graph.Facts), options.GraphOptions);
                var r = Risk(after);
                var reduced = risk - r;
                if (reduced <= 1e-12 * Math.Max(1, risk) && !(urgent.Count > 0)) continue;
                var ratio = m.Cost > 0 ? reduced / m.Cost : double.PositiveInfinity;
                if (best is null || ratio > best.Value.Ratio) best = (m, after, r, ratio);
            }
            if (best is not { } pick) break;
            var explanation = CheapestCut.Explain(graph, [pick.Measure],
                [.. graph.Facts.Assets.Select(a => LogicalAttackGraph.AssetGoal(a.Host)).Where(graph.IsReachable)], options.ExplanationPathLimit)[0];
            picks.Add(new BudgetPick(pick.Measure, risk, pick.Risk, explanation.PathsRemoved, explanation.Truncated));
            left -= pick.Measure.Cost;
            risk = pick.Risk;
            graph = pick.After;
            remaining.Remove(pick.Measure);
        }
        return new BudgetPlan(budget, picks, riskBefore, risk, graph.Facts);
    }

    /// <summary>Σ value × compromise probability over the assets.</summary>
    public static double Risk(LogicalAttackGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Facts.Assets.Sum(a => a.Value * graph.CompromiseProbability(LogicalAttackGraph.AssetGoal(a.Host)));
    }

    private static IEnumerable<DefenceMeasure> Shortlist(LogicalAttackGraph graph, List<DefenceMeasure> affordable, FactLookup lookup, int limit)
    {
        // Risk carried by each AND node of the assets' most likely paths.
        var weight = new Dictionary<int, double>();
        foreach (var a in graph.Facts.Assets)
        {
            var goal = LogicalAttackGraph.AssetGoal(a.Host);
            if (graph.MostLikelyPath(goal) is not { } path) continue;
            var r = a.Value * graph.CompromiseProbability(goal);
            foreach (var s in path.Steps) weight[s.Node] = weight.GetValueOrDefault(s.Node) + r;
        }
        var leafWeight = new Dictionary<int, double>();
        foreach (var (and, w) in weight)
            foreach (var b in graph.Store.BodyOf(and))
                if (graph.Store.Kind[b] == AttackNodeKind.Leaf) leafWeight[b] = Math.Max(leafWeight.GetValueOrDefault(b), w);
        var scored = new List<(DefenceMeasure Measure, double Score, bool Touches)>();
        foreach (var m in affordable)
        {
            var leaves = CheapestCut.RemovedLeafNodes(graph, m, lookup);
            var score = leaves.Sum(l => leafWeight.GetValueOrDefault(l));
            scored.Add((m, score, leaves.Count > 0 || !m.RemovesOnly));
        }
        return scored.Where(s => s.Touches)
            .OrderByDescending(s => s.Score > 0).ThenByDescending(s => s.Score / Math.Max(s.Measure.Cost, 1e-9)).ThenBy(s => s.Measure.Id, StringComparer.Ordinal)
            .Take(limit).Select(s => s.Measure);
    }
}
