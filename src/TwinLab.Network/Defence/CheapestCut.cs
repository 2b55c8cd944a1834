using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>
/// The cheapest set of measures after which none of the goals (by default the crown jewels) is reachable: a
/// minimum-cost cut of the AND/OR attack graph, solved exactly with CP-SAT where it fits, greedily beyond.
/// </summary>
/// <remarks>
/// <para>Model. A boolean <c>x_m</c> per candidate measure and <c>d_v</c> per derived fact (OR node) of the goals'
/// backward cone, meaning "may still be derivable". A primitive fact is present unless a chosen measure removes it.
/// One clause per rule application (AND node) <c>a</c> with head <c>h</c>: <c>d_h ∨ ⋁ ¬d_p ∨ ⋁ x_m</c> over its derived
/// premises <c>p</c> and the measures <c>m</c> removing one of its primitive premises — that is, if every premise is
/// still there the head is forced derivable (the linear form d_h ≥ Σ premises − (k − 1)). The goals are fixed to
/// <c>d = 0</c>; the objective is Σ cost·x (costs rounded to 1/1000 of a unit for the solver).</para>
/// <para>Why this finds true cuts although the graph has cycles. The clauses only force facts up, never down, so a
/// solution may set a fact to 0 exactly when no clause forces it. (⇒) If x is a feasible choice, take the attack
/// graph of the reduced facts: since removing facts can only remove rule applications (the derivation is
/// monotone), each of its rule applications is an AND node of the original graph with all premises present; by
/// induction on the order the reduced fixpoint derives facts, every truly derivable fact is forced to 1 — its first
/// derivation's premises were derived earlier, so its clause fires. A goal fixed to 0 is therefore underivable: x
/// is a real cut. A cycle can only offer "support" from a fact to itself, which nothing forces, so the solver simply
/// sets such facts to 0 — the least fixpoint is never needed. (⇐) For a real cut, setting d to the true
/// derivability satisfies every clause. So the optimum of the model is the cheapest cut.</para>
/// <para>Beyond <see cref="CutOptions.MaxExactRuleApplications"/>, or when CP-SAT finds nothing within its limits,
/// a greedy implicit-hitting-set method is used (choose the measure disabling the most collected derivations per
/// unit of cost, re-derive, repeat; then drop redundant measures), with a lower bound from a packing of derivations
/// that need distinct measures. The greedy cut is also CP-SAT's starting hint.</para>
/// <para>Only measures that remove facts take part (<see cref="DefenceMeasure.RemovesOnly"/>, and a
/// <see cref="BlockFlow"/> that matches whole hacls).</para>
/// </remarks>
public static class CheapestCut
{
    private const double Scale = 1000;

    /// <summary>Finds the cheapest cut of the goals over <paramref name="candidates"/>.</summary>
    /// <param name="facts">The network's facts.</param>
    /// <param name="candidates">The measures to choose from, each with its cost (see <see cref="DefenceCandidates"/>).</param>
    /// <param name="options">Goals, limits and seed.</param>
    /// <exception cref="DefenceMeasureException">A candidate adds facts (it cannot be part of a cut).</exception>
    /// <exception cref="ArgumentException">A candidate's cost is negative or not finite.</exception>
    public static DefenceCut Find(AttackFacts facts, IReadOnlyList<DefenceMeasure> candidates, CutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        options ??= new CutOptions();
        return Find(LogicalAttackGraph.Build(facts, options.GraphOptions), candidates, options);
    }

    /// <summary>Finds the cheapest cut on an attack graph already built (see the other overload).</summary>
    public static DefenceCut Find(LogicalAttackGraph graph, IReadOnlyList<DefenceMeasure> candidates, CutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(candidates);
        options ??= new CutOptions();
        for (var i = 0; i < candidates.Count; i++)
            if (!(candidates[i].Cost >= 0) || !double.IsFinite(candidates[i].Cost))
                throw new ArgumentException($"candidate {i} ({candidates[i].Id}) has cost {candidates[i].Cost}; costs must be finite and ≥ 0", nameof(candidates));
        var goals = (options.Goals ?? [.. graph.CrownJewels.Select(a => LogicalAttackGraph.AssetGoal(a.Host))])
            .Distinct().Select(g => (Fact: g, Node: graph.Find(g))).Where(g => g.Node is not null).ToList();
        var forced = new HashSet<int>(options.IncludeUrgent ? Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Urgent) : []);
        var all = new CutGraph(graph, candidates, [.. goals.Select(g => g.Node!.Value)]);
        var everything = new HashSet<int>(Enumerable.Range(0, candidates.Count));
        var stuck = all.DerivableGoals(everything).ToHashSet();
        var uncuttable = goals.Where(g => stuck.Contains(g.Node!.Value)).Select(g => g.Fact).ToList();
        var cuttable = goals.Where(g => !stuck.Contains(g.Node!.Value)).ToList();
        if (cuttable.Count == 0)
            return new DefenceCut(CutStatus.NothingToCut, [.. forced.Order().Select(i => candidates[i])], forced.Sum(i => candidates[i].Cost),
                [], uncuttable, [], 0, 0, 0);

        var cut = stuck.Count == 0 ? all : new CutGraph(graph, candidates, [.. cuttable.Select(g => g.Node!.Value)]);
        var relevant = new HashSet<int>(forced);
        for (var i = 0; i < cut.Count; i++) relevant.UnionWith(cut.Hitters(i));
        var (greedy, greedyBound) = GreedyCut.Solve(cut, forced);

        var status = CutStatus.Greedy;
        var chosen = greedy;
        var bound = greedyBound;
        var seconds = 0.0;
        if (cut.Count <= options.MaxExactRuleApplications)
        {
            var exact = SolveExact(cut, relevant, forced, greedy, options);
            seconds = exact.Seconds;
            if (exact.Chosen is not null)
            {
                chosen = exact.Chosen;
                status = exact.Optimal ? CutStatus.Optimal : CutStatus.Feasible;
            }
            bound = Math.Max(bound, exact.Bound);
        }
        if (cut.DerivableGoals(chosen).Count > 0)
            throw new InvalidOperationException("the chosen measures do not cut every goal (internal error)");
        var measures = chosen.Order().Select(i => candidates[i]).ToList();
        var cost = measures.Sum(m => m.Cost);
        if (status == CutStatus.Optimal || bound > cost) bound = cost;
        return new DefenceCut(status, measures, bound, [.. cuttable.Select(g => g.Fact)], uncuttable,
            Explain(graph, measures, [.. cuttable.Select(g => g.Fact)], options.ExplanationPathLimit),
            relevant.Count, cut.Count, seconds);
    }

    private static (HashSet<int>? Chosen, bool Optimal, double Bound, double Seconds) SolveExact(CutGraph cut, HashSet<int> relevant,
        HashSet<int> forced, HashSet<int> hint, CutOptions options)
    {
        var measures = cut.Measures;
        var model = new CpModel();
        var x = new Dictionary<int, BoolVar>();
        foreach (var m in relevant.Order()) x[m] = model.NewBoolVar($"m{m}");
        var d = new Dictionary<int, BoolVar>();
        foreach (var or in cut.OrNodes) d[or] = model.NewBoolVar($"d{or}");
        var literals = new List<ILiteral>();
        for (var i = 0; i < cut.Count; i++)
        {
            literals.Clear();
            literals.Add(d[cut.Head(i)]);
            foreach (var p in cut.DerivedPremises(i)) literals.Add(d[p].Not());
            foreach (var m in cut.Hitters(i)) literals.Add(x[m]);
            model.AddBoolOr(literals);
        }
        foreach (var g in cut.Goals) model.Add(d[g] == 0);
        foreach (var m in forced) model.Add(x[m] == 1);
        var vars = x.Keys.Order().ToArray();
        model.Minimize(LinearExpr.WeightedSum(vars.Select(m => x[m]), vars.Select(m => (long)Math.Round(measures[m].Cost * Scale))));
        var hinted = cut.Derive(hint);
        foreach (var m in vars) model.AddHint(x[m], hint.Contains(m));
        foreach (var (or, v) in d) model.AddHint(v, hinted.ContainsKey(or));

        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{options.TimeLimit.TotalSeconds} max_deterministic_time:{options.DeterministicTimeLimit} num_workers:1 random_seed:{options.Seed} log_search_progress:false"),
        };
        var watch = Stopwatch.StartNew();
        var status = solver.Solve(model);
        var seconds = watch.Elapsed.TotalSeconds;
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            return (null, false, status == CpSolverStatus.Unknown ? Math.Max(0, solver.BestObjectiveBound / Scale) : 0, seconds);
        var chosen = new HashSet<int>(vars.Where(m => solver.BooleanValue(x[m])));
        var bound = status == CpSolverStatus.Optimal ? chosen.Sum(m => measures[m].Cost) : Math.Max(0, solver.BestObjectiveBound / Scale);
        return (chosen, status == CpSolverStatus.Optimal, bound, seconds);
    }

    /// <summary>Per measure, the minimal paths to the goals that use a fact it removes.</summary>
    internal static List<MeasureExplanation> Explain(LogicalAttackGraph graph, IReadOnlyList<DefenceMeasure> measures,
        IReadOnlyList<DerivedFact> goals, int pathLimit)
    {
        var paths = new List<AttackPath>();
        var truncated = false;
        if (pathLimit <= 0) return [.. measures.Select(m => new MeasureExplanation(m, [], true))];
        foreach (var g in goals)
        {
            var set = graph.MinimalPaths(g, pathLimit);
            paths.AddRange(set.Paths);
            truncated |= set.Truncated;
        }
        var lookup = new FactLookup(graph.Facts);
        var result = new List<MeasureExplanation>();
        foreach (var m in measures)
        {
            var removed = RemovedLeafNodes(graph, m, lookup);
            var hit = paths.Where(p => p.Steps.Any(s => Uses(graph, s.Node, removed))).ToList();
            result.Add(new MeasureExplanation(m, hit, truncated));
        }
        return result;
    }

    internal static HashSet<int> RemovedLeafNodes(LogicalAttackGraph graph, DefenceMeasure measure, FactLookup lookup)
    {
        var nodes = new HashSet<int>();
        foreach (var leaf in measure.Plan(lookup).RemovedLeaves())
            if (graph.Store.LeafNode.TryGetValue(leaf, out var n)) nodes.Add(n);
        return nodes;
    }

    private static bool Uses(LogicalAttackGraph graph, int andNode, HashSet<int> leaves)
    {
        foreach (var b in graph.Store.BodyOf(andNode))
            if (leaves.Contains(b)) return true;
        return false;
    }
}
