namespace TwinLab.Network.Capacity;

/// <summary>Everything <see cref="CapacityAnalysis.Analyse"/> finds: the base state, the what-if state (when one was
/// applied), N-1 findings (when asked) and the cheapest upgrades.</summary>
public sealed record CapacityReport
{
    /// <summary>The network as given.</summary>
    public required CapacityResult Base { get; init; }

    /// <summary>The what-if's copy; null when no what-if was applied.</summary>
    public CapacityResult? WhatIf { get; init; }

    /// <summary>The what-if applied, or null.</summary>
    public CapacityScenario? Scenario { get; init; }

    /// <summary>Every single failure of the evaluated state (the what-if's when there is one); null unless asked.</summary>
    public NMinusOneResult? NMinusOne { get; init; }

    /// <summary>The cheapest upgrades for the evaluated state (covering N-1 when it was run).</summary>
    public required UpgradePlan Upgrades { get; init; }

    /// <summary>The state the findings are about: the what-if's when one was applied, else the base.</summary>
    public CapacityResult Evaluated => WhatIf ?? Base;
}
