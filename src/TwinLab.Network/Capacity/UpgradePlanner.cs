namespace TwinLab.Network.Capacity;

/// <summary>Finds the cheapest capacity upgrades that keep every link under the utilisation target.</summary>
/// <remarks>
/// Routing weights do not depend on capacity, so upgrading a link moves no traffic: in the base case and in every
/// single-failure case the directed loads are fixed numbers. The constraints are then "capacity of link l above
/// load<sub>s</sub>(l) / target for every case s in which l is up", i.e. one lower bound per link (the maximum over the
/// cases), and the cost is a sum over links. The feasible set is a product of per-link choices and the objective is
/// separable, so taking each link's cheapest sufficient rung of the ladder is exactly optimal — no search is needed;
/// <c>UpgradePlannerTests</c> checks this against exhaustive enumeration with full re-evaluation. (Were weights tied to
/// capacity, as with OSPF's reference-bandwidth cost, an upgrade would move traffic and the choices would interact.)
/// </remarks>
internal static class UpgradePlanner
{
    public static UpgradePlan Plan(CapacityNetwork network, double[] required, string?[] worstFailure, double target, bool nMinusOne)
    {
        var upgrades = new List<LinkUpgrade>();
        var unfixable = new List<LinkUpgrade>();
        for (var l = 0; l < network.Links.Count; l++)
        {
            var link = network.Links[l];
            var load = required[l];
            if (load / link.Capacity < target) continue;
            var levels = Levels(network, link);
            var step = levels.FindIndex(rate => load / rate < target);
            if (step < 0)
            {
                unfixable.Add(new LinkUpgrade(link.Name, link.Capacity, levels[^1], levels.Count - 1, (levels.Count - 1) * link.StepCost, load, worstFailure[l]));
                continue;
            }
            upgrades.Add(new LinkUpgrade(link.Name, link.Capacity, levels[step], step, step * link.StepCost, load, worstFailure[l]));
        }
        return new UpgradePlan
        {
            Target = target, NMinusOne = nMinusOne, CostUnit = network.CostUnit,
            Upgrades = [.. upgrades.OrderByDescending(u => u.Cost).ThenBy(u => u.Link, StringComparer.Ordinal)],
            Unfixable = unfixable,
        };
    }

    /// <summary>The rates a link can have: its own, then every ladder rate above it up to its maximum.</summary>
    public static List<double> Levels(CapacityNetwork network, CapacityLink link)
    {
        var max = link.MaxCapacity ?? network.UpgradeRates[^1];
        var levels = new List<double> { link.Capacity };
        levels.AddRange(network.UpgradeRates.Where(r => r > link.Capacity && r <= max));
        return levels;
    }
}
