using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>How exposed one asset is.</summary>
/// <param name="Host">The asset's host.</param>
/// <param name="Value">Its value.</param>
/// <param name="CrownJewel">Whether it is a crown jewel.</param>
/// <param name="Reachable">Whether the attacker can compromise it.</param>
/// <param name="MinimalPaths">Number of minimal attack paths found (at most the path limit).</param>
/// <param name="PathsTruncated">True when the path enumeration hit its limit (there may be more).</param>
/// <param name="Probability">Approximate compromise probability (<see cref="LogicalAttackGraph.CompromiseProbability"/>).</param>
/// <param name="ShortestPathActions">Attacker actions on the shortest path; null when unreachable.</param>
/// <param name="MostLikelyPathProbability">Chance of the most likely path; null when unreachable.</param>
public sealed record AssetExposure(string Host, double Value, bool CrownJewel, bool Reachable, int MinimalPaths,
    bool PathsTruncated, double Probability, int? ShortestPathActions, double? MostLikelyPathProbability)
{
    /// <summary>Value × probability.</summary>
    public double Risk => Value * Probability;
}

/// <summary>The attacker's reach over a fact set: every asset's exposure and the totals.</summary>
/// <param name="Assets">Per asset, in the order of <see cref="AttackFacts.Assets"/>.</param>
/// <param name="CompromisableHosts">Number of hosts the attacker can run code on.</param>
/// <param name="ReachableServices">Number of service endpoints the attacker can open.</param>
/// <param name="GraphNodes">Attack-graph size.</param>
public sealed record SecurityPosture(IReadOnlyList<AssetExposure> Assets, int CompromisableHosts, int ReachableServices, int GraphNodes)
{
    /// <summary>Σ value × compromise probability over all assets.</summary>
    public double Risk => Assets.Sum(a => a.Risk);

    /// <summary>The crown jewels the attacker can still reach.</summary>
    public IReadOnlyList<string> ReachableCrownJewels => [.. Assets.Where(a => a.CrownJewel && a.Reachable).Select(a => a.Host)];

    /// <summary>The exposure of an asset, or null.</summary>
    public AssetExposure? For(string host) => Assets.FirstOrDefault(a => a.Host == host);

    /// <summary>Evaluates a graph.</summary>
    /// <param name="graph">The attack graph.</param>
    /// <param name="pathLimit">Bound of the minimal-path enumeration per asset.</param>
    public static SecurityPosture Of(LogicalAttackGraph graph, int pathLimit = 100)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var assets = new List<AssetExposure>();
        foreach (var a in graph.Facts.Assets)
        {
            var goal = LogicalAttackGraph.AssetGoal(a.Host);
            if (!graph.IsReachable(goal))
            {
                assets.Add(new AssetExposure(a.Host, a.Value, a.CrownJewel, false, 0, false, 0, null, null));
                continue;
            }
            var paths = graph.MinimalPaths(goal, pathLimit);
            assets.Add(new AssetExposure(a.Host, a.Value, a.CrownJewel, true, paths.Paths.Count, paths.Truncated,
                graph.CompromiseProbability(goal), graph.ShortestPath(goal)?.ActionCount, graph.MostLikelyPath(goal)?.Probability));
        }
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        var services = 0;
        foreach (var f in graph.DerivedFacts)
        {
            if (f.Kind == DerivedFactKind.ExecCode) hosts.Add(f.Subject);
            else if (f.Kind == DerivedFactKind.NetAccess) services++;
        }
        return new SecurityPosture(assets, hosts.Count, services, graph.NodeCount);
    }
}
