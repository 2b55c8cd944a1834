namespace TwinLab.Network.Capacity;

/// <summary>A what-if on the link network: failed links, nodes or hosts, capacity upgrades and routing-weight changes.
/// Applied to a copy (<see cref="CapacityNetwork.With"/>); the input is never changed.</summary>
public sealed record CapacityScenario
{
    /// <summary>Links taken out.</summary>
    public IReadOnlyList<string> FailedLinks { get; init; } = [];

    /// <summary>Nodes taken out with every link they end.</summary>
    public IReadOnlyList<string> FailedNodes { get; init; } = [];

    /// <summary>Hosts taken out: their demands are dropped.</summary>
    public IReadOnlyList<string> FailedHosts { get; init; } = [];

    /// <summary>New capacities in bit/s by link name.</summary>
    public IReadOnlyDictionary<string, double> Upgrades { get; init; } = new Dictionary<string, double>();

    /// <summary>New routing weights by link name.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether nothing changes.</summary>
    public bool IsEmpty => FailedLinks.Count + FailedNodes.Count + FailedHosts.Count + Upgrades.Count + Weights.Count == 0;
}
