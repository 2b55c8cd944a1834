using TwinLab.Network.Analysis;
using TwinLab.Network.Attack;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;

namespace TwinLab.Server.Domains;

/// <summary>One stored network, analysed: its study, attack graph, Monte Carlo risk and paths, computed once; what-ifs
/// and recommendations on copies of its facts.</summary>
/// <remarks>Built under the cache's lock; afterwards only immutable parts are read (the study itself is not
/// thread-safe, so it is not touched after construction), so requests may share it.</remarks>
internal sealed class NetworkAnalysis
{
    /// <summary>Paths listed per crown jewel.</summary>
    internal const int PathLimit = 10;

    /// <summary>Ten years, as <see cref="NetworkStudy.Risk"/> uses: long enough that the horizon cuts no attack short, so
    /// the share of compromising replications estimates the compromise probability itself.</summary>
    private const double UnboundedHorizonHours = 24 * 365 * 10;

    private const int EvidenceLimit = 20;

    private readonly AttackFacts _facts;
    private readonly AttackGraphOptions _graphOptions;
    private readonly LogicalAttackGraph _graph;
    private readonly NetworkGraphProjection _projection;
    private readonly DefenceCostModel _costs;
    private readonly IReadOnlySet<string> _knownExploited;
    private readonly IReadOnlyDictionary<string, string> _placeNames;
    private readonly Lazy<RecommendationsView> _recommendations;
    private readonly Dictionary<string, IReadOnlyList<AttackPath>> _listedPaths;

    public NetworkAnalysis(string id, string name, string branch, NetworkStudy study, DefenceCostModel costs, string costsSource,
        int replications, ulong seed)
    {
        Replications = replications;
        Seed = seed;
        _facts = study.Facts;
        _graphOptions = study.GraphOptions;
        _graph = study.Graph();
        _placeNames = study.PlaceNames;
        _costs = costs;
        _knownExploited = study.Findings.Where(f => f.InKev).Select(f => f.CveId).ToHashSet(StringComparer.Ordinal);
        _projection = new NetworkGraphProjection(_graph);
        var jewels = _facts.Assets.Where(a => a.CrownJewel).Select(a => a.Host).Distinct(StringComparer.Ordinal).ToList();
        Risk = RiskOf(_graph);
        var listed = jewels.ToDictionary(j => j, j => _projection.Listed(j, PathLimit), StringComparer.Ordinal);
        _listedPaths = listed.ToDictionary(kv => kv.Key, kv => kv.Value.Listed, StringComparer.Ordinal);
        // The lists a what-if picks from: every change that touches the attack graph, isolation included and nothing
        // excluded (a what-if may try what the business would refuse; it is marked).
        var everything = DefenceCandidates.Generate(_graph, new CandidateOptions
        {
            Costs = costs with { Excluded = new HashSet<string>(StringComparer.Ordinal) },
            KnownExploited = _knownExploited, PlaceNames = _placeNames, Isolation = true,
        });
        View = new NetworkAnalysisView(id, name, branch, study.Topology.Hosts.Count, study.Topology.Zones.Count, study.Findings.Count,
            _knownExploited.Count, [.. study.Topology.AttackerStarts.Select(s => s.Location).Distinct(StringComparer.Ordinal)], jewels,
            _projection.View, [.. jewels.Select(j => listed[j].View)], Risk, [.. everything.Select(Change)],
            costsSource, [.. study.Notes.Select(n => n.ToString())]);
        // The default recommendation (cheapest cut, urgent patches not forced) is what the dashboard asks for: computed once.
        _recommendations = new Lazy<RecommendationsView>(() => Cut(includeUrgent: false), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Monte Carlo replications of every risk estimate.</summary>
    public int Replications { get; }

    /// <summary>Their seed: the same seed gives the same numbers, before and after a what-if alike.</summary>
    public ulong Seed { get; }

    /// <summary>The network's view.</summary>
    public NetworkAnalysisView View { get; }

    /// <summary>The risk now.</summary>
    public RiskReport Risk { get; }

    /// <summary>Applies <paramref name="measures"/> to a copy of the facts and compares paths and risk before and after.</summary>
    /// <exception cref="DefenceMeasureException">A measure matches no fact.</exception>
    public WhatIfView WhatIf(IReadOnlyList<DefenceMeasure> measures)
    {
        var priced = measures.Select(m => m with { Cost = _costs.CostOf(m) }).ToList();
        var result = Network.Defence.WhatIf.Compare(_facts, priced, _graphOptions);
        var after = LogicalAttackGraph.Build(result.AfterFacts, _graphOptions);
        var afterProjection = new NetworkGraphProjection(after);
        var afterRisk = RiskOf(after);
        var before = View.Paths;
        var afterListed = before.Select(p => afterProjection.Listed(p.Host, PathLimit)).ToList();
        var afterPaths = afterListed.Select(l => l.View).ToList();
        // A path is gone when it needs a primitive fact the changes removed, and new when it needs one they added: the
        // derivation is monotone in the primitive facts, so this does not depend on how many paths each side lists.
        var beforeFacts = NetworkGraphProjection.PrimitiveFacts(_facts);
        var afterFacts = NetworkGraphProjection.PrimitiveFacts(result.AfterFacts);
        var removedFacts = beforeFacts.Where(f => !afterFacts.Contains(f)).ToHashSet(StringComparer.Ordinal);
        var addedFacts = afterFacts.Where(f => !beforeFacts.Contains(f)).ToHashSet(StringComparer.Ordinal);
        static bool Uses(AttackPath path, HashSet<string> facts) => facts.Count > 0 && path.Steps.Any(s => s.Premises.Any(facts.Contains));
        var changes = before.Select((b, i) => new PathChangeView(b.Host,
            [.. _listedPaths[b.Host].Where(p => Uses(p, removedFacts)).Select(NetworkGraphProjection.KeyOf)],
            [.. afterListed[i].Listed.Where(p => Uses(p, addedFacts)).Select(NetworkGraphProjection.KeyOf)])).ToList();
        var beforeNodes = _projection.NodeIds.ToHashSet(StringComparer.Ordinal);
        var afterNodes = afterProjection.NodeIds.ToHashSet(StringComparer.Ordinal);
        return new WhatIfView(
            [.. result.Measures.Select(m => new AppliedChangeView(Change(Describe(m.Measure)), m.FactsRemoved, m.FactsAdded))],
            result.Cost,
            new WhatIfSideView(Risk, before, result.Before.Assets, result.Before.CompromisableHosts, result.Before.ReachableServices),
            new WhatIfSideView(afterRisk, afterPaths, result.After.Assets, result.After.CompromisableHosts, result.After.ReachableServices),
            Risk.TotalExpectedLoss - afterRisk.TotalExpectedLoss, Risk.CrownJewelExpectedLoss - afterRisk.CrownJewelExpectedLoss,
            result.AssetsProtected, result.AssetsExposed, changes,
            [.. beforeNodes.Where(n => !afterNodes.Contains(n)).Order(StringComparer.Ordinal)],
            [.. afterNodes.Where(n => !beforeNodes.Contains(n)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The cheapest set of changes cutting every path to the crown jewels (<paramref name="budget"/> null), or the
    /// changes cutting the most risk per hour within <paramref name="budget"/> hours.</summary>
    public RecommendationsView Recommend(double? budget, bool includeUrgent)
    {
        if (budget is { } hours)
        {
            var plan = BudgetPlanner.Plan(_facts, Candidates(), hours, new BudgetOptions { IncludeUrgent = includeUrgent, GraphOptions = _graphOptions });
            var picks = plan.Picks.Select(p => Recommended(p.Measure, p.PathsRemoved, p.PathsTruncated, p.RiskReduced)).ToList();
            return new RecommendationsView("budget", "Budget", plan.Spent, plan.Spent, hours, picks, [], [], Candidates().Count,
                Risk.TotalExpectedLoss, RiskAfterAll(plan.Picks.Select(p => p.Measure)), View.Costs);
        }
        return includeUrgent ? Cut(includeUrgent: true) : _recommendations.Value;
    }

    private RecommendationsView Cut(bool includeUrgent)
    {
        var cut = CheapestCut.Find(_graph, Candidates(), new CutOptions { IncludeUrgent = includeUrgent });
        var measures = cut.Measures.Select(m =>
        {
            var why = cut.Explanations.FirstOrDefault(e => e.Measure == m);
            return Recommended(m, why?.PathsRemoved ?? [], why?.Truncated ?? false);
        }).ToList();
        return new RecommendationsView("cut", cut.Status.ToString(), cut.Cost, cut.LowerBound, null, measures,
            [.. cut.Goals.Select(g => g.Subject)], [.. cut.UncuttableGoals.Select(g => g.Subject)], cut.Candidates,
            Risk.TotalExpectedLoss, RiskAfterAll(cut.Measures), View.Costs);
    }

    private IReadOnlyList<DefenceMeasure> Candidates() =>
        DefenceCandidates.Generate(_graph, new CandidateOptions { Costs = _costs, KnownExploited = _knownExploited, PlaceNames = _placeNames });

    private RecommendedMeasureView Recommended(DefenceMeasure m, IReadOnlyList<AttackPath> paths, bool truncated, double? reduction = null)
    {
        reduction ??= BudgetPlanner.Risk(_graph) - BudgetPlanner.Risk(LogicalAttackGraph.Build(m.ApplyTo(_facts), _graphOptions));
        return new RecommendedMeasureView(Change(m), reduction.Value, paths.Count, truncated,
            [.. paths.Take(EvidenceLimit).Select(p => new PathEvidenceView(p.Goal.ToString(), NetworkGraphProjection.KeyOf(p), p.Probability, p.Techniques))]);
    }

    private double RiskAfterAll(IEnumerable<DefenceMeasure> measures)
    {
        var list = measures.ToList();
        return list.Count == 0 ? Risk.TotalExpectedLoss : RiskOf(LogicalAttackGraph.Build(DefenceMeasure.ApplyAll(_facts, list), _graphOptions)).TotalExpectedLoss;
    }

    /// <summary>A measure as the candidate generator describes it (cost and words), or as given when it is no candidate.</summary>
    private DefenceMeasure Describe(DefenceMeasure m) =>
        View.Changes.FirstOrDefault(c => c.Id == m.Id) is { } known ? m with { Description = known.Description, Urgent = known.Urgent } : m;

    private ChangeView Change(DefenceMeasure m) =>
        new(m.Id, MeasureKinds.Name(m.Kind), m.Host, m.Cost, m.Description, m.Urgent, !_costs.Allows(m));

    /// <summary>Each asset's compromise probability by the Monte Carlo attacker, as <see cref="NetworkStudy.Risk"/>
    /// computes it for the study's own graph, here for any graph (the what-if's copy).</summary>
    private RiskReport RiskOf(LogicalAttackGraph graph)
    {
        var simulation = AttackSimulator.Run(graph, new AttackSimulationOptions
        {
            Replications = Replications, Seed = Seed, HorizonHours = UnboundedHorizonHours, TopPaths = 0,
        });
        var assets = simulation.Assets.Select(a =>
        {
            var goal = LogicalAttackGraph.AssetGoal(a.Host);
            var (low, high) = a.ConfidenceInterval();
            return new AssetRisk(a.Host, a.Value, a.CrownJewel, a.Probability, low, high, Math.Clamp(graph.CompromiseProbability(goal), 0, 1),
                a.Probability * a.Value, graph.ShortestPath(goal)?.ActionCount, graph.MostLikelyPath(goal)?.Probability ?? 0);
        }).OrderByDescending(a => a.CrownJewel).ThenByDescending(a => a.ExpectedLoss).ThenBy(a => a.Host, StringComparer.Ordinal).ToList();
        return new RiskReport(Replications, Seed, assets, assets.Where(a => a.CrownJewel).Sum(a => a.ExpectedLoss), assets.Sum(a => a.ExpectedLoss));
    }
}
