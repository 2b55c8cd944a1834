using TwinLab.Network.Analysis;
using TwinLab.Network.AttackGraph;

namespace TwinLab.Server.Domains;

/// <summary>Condenses a MulVAL attack graph for drawing, and its paths for highlighting.</summary>
/// <remarks>The full graph has a LEAF node per primitive fact (firewall allowances, accounts, vulnerability
/// properties…) and an AND node per rule application: thousands of nodes that say little on a screen. Drawn instead:
/// the derived facts (what the attacker gains), the vulnerabilities and the attacker's starting points, with each rule
/// application as edges from its drawn premises to its conclusion. Node ids are the facts as written, so a node keeps
/// its id in the graph after a what-if.</remarks>
internal sealed class NetworkGraphProjection
{
    private readonly LogicalAttackGraph _graph;
    private readonly Dictionary<string, GraphNodeView> _nodes = new(StringComparer.Ordinal);

    public NetworkGraphProjection(LogicalAttackGraph graph)
    {
        _graph = graph;
        var facts = graph.Facts;
        var starts = facts.AttackerLocations.ToDictionary(a => a.ToString(), a => a.Place, StringComparer.Ordinal);
        var vulnerabilities = facts.Vulnerabilities.GroupBy(v => v.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var jewels = facts.Assets.Where(a => a.CrownJewel).Select(a => a.Host).ToHashSet(StringComparer.Ordinal);
        var drawn = new bool[graph.NodeCount];
        for (var i = 0; i < graph.NodeCount; i++)
        {
            var node = graph.Node(i);
            GraphNodeView? view = node.Kind switch
            {
                AttackNodeKind.Or => Derived(graph.Fact(i), jewels),
                AttackNodeKind.Leaf when starts.TryGetValue(node.Label, out var place) =>
                    new GraphNodeView(node.Label, "attacker at " + place, "entry", place, "entry"),
                AttackNodeKind.Leaf when vulnerabilities.TryGetValue(node.Label, out var v) =>
                    new GraphNodeView(node.Label, $"{v.VulnId} on {v.Host}", "vulnerability", v.Host, null),
                _ => null,
            };
            if (view is null) continue;
            drawn[i] = true;
            _nodes.TryAdd(view.Id, view);
        }
        var edges = new Dictionary<(string, string), GraphEdgeView>();
        for (var a = 0; a < graph.NodeCount; a++)
        {
            var rule = graph.Node(a);
            if (rule.Kind != AttackNodeKind.And) continue;
            var head = graph.Node(graph.Head(a)).Label;
            var kind = rule.IsAction ? "exploit"
                : rule.Rule is AttackRule.DirectNetworkAccess or AttackRule.MultiHopAccess or AttackRule.GroupHopAccess ? "reachability" : "logic";
            foreach (var p in graph.Inputs(a))
            {
                if (!drawn[p]) continue;
                var source = graph.Node(p).Label;
                var edge = new GraphEdgeView(source, head, AttackRules.Name(rule.Rule!.Value), rule.Technique, kind, rule.Probability);
                // Two rules may join the same pair of facts; keep the likelier (the one the attacker prefers).
                if (!edges.TryGetValue((source, head), out var known) || known.Probability < edge.Probability) edges[(source, head)] = edge;
            }
        }
        View = new AttackGraphView([.. _nodes.Values], [.. edges.Values], graph.NodeCount);
    }

    /// <summary>The condensed graph.</summary>
    public AttackGraphView View { get; }

    /// <summary>The fact ids drawn.</summary>
    public IEnumerable<string> NodeIds => _nodes.Keys;

    /// <summary>The attack paths to <paramref name="host"/>: to its compromise as an asset, else to code execution as root
    /// (as <see cref="NetworkStudy.Paths"/> chooses the goal).</summary>
    public TargetPathsView Paths(string host, int limit) => Listed(host, limit).View;

    /// <summary>The paths of <see cref="Paths"/> with the library's paths behind the listed ones (same order).</summary>
    public (TargetPathsView View, IReadOnlyList<AttackPath> Listed) Listed(string host, int limit)
    {
        var goal = _graph.Facts.Assets.Any(a => a.Host == host)
            ? LogicalAttackGraph.AssetGoal(host)
            : DerivedFact.ExecCode(host, _graph.Options.RootUser);
        var shortest = _graph.ShortestPath(goal);
        if (shortest is null) return (new TargetPathsView(host, false, null, null, [], false), []);
        var likely = _graph.MostLikelyPath(goal);
        // As NetworkStudy.Paths: a small enumeration budget can stop before the first complete path on a well-connected graph.
        var minimal = _graph.MinimalPaths(goal, Math.Max(limit, 200));
        var listed = minimal.Paths.Take(limit).ToList();
        return (new TargetPathsView(host, true, likely is null ? null : Path(likely), Path(shortest),
            [.. listed.Select(Path)], minimal.Truncated || minimal.Paths.Count > limit), listed);
    }

    /// <summary>Every primitive fact of a fact set as written (the way path steps name their premises).</summary>
    public static HashSet<string> PrimitiveFacts(AttackFacts f) =>
        new(new IEnumerable<object>[]
        {
            f.AttackerLocations, f.Hacls, f.HostGroups, f.Services, f.Vulnerabilities, f.VulnProperties, f.Accounts,
            f.StoredCredentials, f.CredentialValidity, f.Trusts, f.ClientPrograms, f.Assets,
        }.SelectMany(list => list).Select(x => x.ToString()!), StringComparer.Ordinal);

    /// <summary>A path with the graph nodes and edges it uses.</summary>
    public PathItemView Path(AttackPath path)
    {
        var view = PathView.From(path);
        var nodes = new List<string>();
        var edges = new List<string>();
        foreach (var step in view.Steps)
        {
            if (_nodes.ContainsKey(step.Conclusion) && !nodes.Contains(step.Conclusion)) nodes.Add(step.Conclusion);
            foreach (var premise in step.Premises)
            {
                if (!_nodes.ContainsKey(premise) || !_nodes.ContainsKey(step.Conclusion)) continue;
                if (!nodes.Contains(premise)) nodes.Add(premise);
                edges.Add(premise + "→" + step.Conclusion);
            }
        }
        return new PathItemView(KeyOf(path), view.Probability, view.ActionCount, view.MeanHours, view.Techniques,
            [.. view.Actions], nodes, [.. edges.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>A path's identity across graphs: its attacker actions' conclusions.</summary>
    public static string KeyOf(AttackPath path) => string.Join(" → ", path.Actions.Select(s => s.Conclusion.ToString()));

    private static GraphNodeView Derived(DerivedFact fact, IReadOnlySet<string> jewels)
    {
        var id = fact.ToString();
        return fact.Kind switch
        {
            DerivedFactKind.ExecCode => new GraphNodeView(id, $"{fact.User}@{fact.Subject}", "privilege", fact.Subject, null),
            DerivedFactKind.NetAccess => new GraphNodeView(id, $"{fact.Subject} {fact.Protocol}/{fact.Port}", "service", fact.Subject, null),
            DerivedFactKind.CanLogin => new GraphNodeView(id, $"login {fact.User}@{fact.Subject}", "credential", fact.Subject, null),
            DerivedFactKind.CredentialCompromised => new GraphNodeView(id, $"credential {fact.Subject}", "credential", fact.Subject, null),
            DerivedFactKind.GroupFoothold => new GraphNodeView(id, $"foothold in {fact.Subject}", "group", fact.Subject, null),
            _ => new GraphNodeView(id, $"{fact.Subject} compromised", "asset", fact.Subject, jewels.Contains(fact.Subject) ? "crown" : null),
        };
    }
}
