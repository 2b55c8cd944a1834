using TwinLab.Network.Capacity;

namespace TwinLab.Network.Twin;

/// <summary>What <see cref="CapacityTwinStore.Record"/> stores beside the network and its evaluation.</summary>
public sealed record CapacityTwinInputs
{
    /// <summary>Full path of the traffic matrix evaluated, so that a later evaluation can read it again.</summary>
    public string? TrafficPath { get; init; }

    /// <summary>Whether demands were split over equal-cost paths.</summary>
    public bool Ecmp { get; init; }

    /// <summary>The link network the evaluation started from when it was read from a branch (its failures and what-ifs
    /// are kept); null when it was read from a file.</summary>
    public StoredLinkNetwork? Stored { get; init; }

    /// <summary>The what-if this evaluation adds (null or empty for none); its failures become link, node and host
    /// states, its upgrades and weights the links' capacity and weight.</summary>
    public CapacityScenario? WhatIf { get; init; }
}
