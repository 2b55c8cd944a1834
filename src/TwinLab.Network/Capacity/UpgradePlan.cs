namespace TwinLab.Network.Capacity;

/// <summary>The cheapest set of capacity upgrades (next standard rates) keeping every link under the utilisation
/// target — in the base case, or also under every single failure.</summary>
public sealed record UpgradePlan
{
    /// <summary>The target every link must stay under.</summary>
    public required double Target { get; init; }

    /// <summary>Whether every single link and node failure was covered too.</summary>
    public required bool NMinusOne { get; init; }

    /// <summary>The upgrades, most expensive first.</summary>
    public required IReadOnlyList<LinkUpgrade> Upgrades { get; init; }

    /// <summary>Links that stay at or above the target even at their highest allowed rate (shown upgraded to it, not counted in <see cref="Cost"/>).</summary>
    public required IReadOnlyList<LinkUpgrade> Unfixable { get; init; }

    /// <summary>Total cost of <see cref="Upgrades"/>.</summary>
    public double Cost => Upgrades.Sum(u => u.Cost);

    /// <summary>What the cost is counted in.</summary>
    public string CostUnit { get; init; } = "";
}
