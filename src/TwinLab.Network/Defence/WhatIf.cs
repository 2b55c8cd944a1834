using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>What one applied measure changed in the facts.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="FactsRemoved">Primitive facts it removed.</param>
/// <param name="FactsAdded">Narrower facts it added (a split firewall block, a moved host's new zone).</param>
public sealed record MeasureEffect(DefenceMeasure Measure, int FactsRemoved, int FactsAdded);

/// <summary>A before/after comparison of a set of measures.</summary>
/// <param name="Measures">The measures in the order applied, with their effect on the facts.</param>
/// <param name="Before">The posture of the original facts.</param>
/// <param name="After">The posture after the measures.</param>
/// <param name="AfterFacts">The changed facts (the input is never modified).</param>
public sealed record WhatIfResult(IReadOnlyList<MeasureEffect> Measures, SecurityPosture Before, SecurityPosture After, AttackFacts AfterFacts)
{
    /// <summary>Total cost of the measures.</summary>
    public double Cost => Measures.Sum(m => m.Measure.Cost);

    /// <summary>Risk before − risk after.</summary>
    public double RiskReduction => Before.Risk - After.Risk;

    /// <summary>Assets reachable before and no longer after.</summary>
    public IReadOnlyList<string> AssetsProtected =>
        [.. Before.Assets.Where(a => a.Reachable && After.For(a.Host)?.Reachable == false).Select(a => a.Host)];

    /// <summary>Assets unreachable before and reachable after (possible with <see cref="MoveHost"/>).</summary>
    public IReadOnlyList<string> AssetsExposed =>
        [.. After.Assets.Where(a => a.Reachable && Before.For(a.Host)?.Reachable == false).Select(a => a.Host)];
}

/// <summary>Applies measures to a copy of the facts and compares the attack graphs before and after.</summary>
public static class WhatIf
{
    /// <summary>Applies <paramref name="measures"/> in order and compares.</summary>
    /// <param name="facts">The network's facts (not modified).</param>
    /// <param name="measures">The measures.</param>
    /// <param name="graphOptions">Attack-graph options.</param>
    /// <param name="pathLimit">Bound of the minimal-path enumeration per asset.</param>
    /// <exception cref="DefenceMeasureException">A measure matches no fact.</exception>
    /// <exception cref="AttackFactException">The facts (or the changed facts) are malformed.</exception>
    public static WhatIfResult Compare(AttackFacts facts, IEnumerable<DefenceMeasure> measures,
        AttackGraphOptions? graphOptions = null, int pathLimit = 100)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(measures);
        var before = SecurityPosture.Of(LogicalAttackGraph.Build(facts, graphOptions), pathLimit);
        var effects = new List<MeasureEffect>();
        var after = facts;
        foreach (var m in measures)
        {
            var change = m.Plan(after);
            if (change.RemovedCount == 0 && change.AddedCount == 0)
                throw new DefenceMeasureException(m.Id, "matches no fact of the network (check the names; it may be applied already)");
            after = change.ApplyTo(after);
            effects.Add(new MeasureEffect(m, change.RemovedCount, change.AddedCount));
        }
        var afterPosture = SecurityPosture.Of(LogicalAttackGraph.Build(after, graphOptions), pathLimit);
        return new WhatIfResult(effects, before, afterPosture, after);
    }
}
