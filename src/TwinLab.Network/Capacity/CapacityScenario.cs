using System.Globalization;

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

    /// <summary>The what-if in words, such as <c>fail link core-access; upgrade wan to 1G; weight access-backup=1</c>; empty when nothing changes.</summary>
    public string Describe() => string.Join("; ", new[]
    {
        FailedLinks.Count > 0 ? "fail link " + string.Join(", ", FailedLinks) : "",
        FailedNodes.Count > 0 ? "fail node " + string.Join(", ", FailedNodes) : "",
        FailedHosts.Count > 0 ? "fail host " + string.Join(", ", FailedHosts) : "",
        Upgrades.Count > 0 ? "upgrade " + string.Join(", ", Upgrades.Select(u => $"{u.Key} to {BitRate.Format(u.Value)}")) : "",
        Weights.Count > 0 ? "weight " + string.Join(", ", Weights.Select(u => $"{u.Key}={u.Value.ToString(CultureInfo.InvariantCulture)}")) : "",
    }.Where(t => t.Length > 0));
}
