using TwinLab.Network.Firewall;

namespace TwinLab.Network.Topology;

/// <summary>A routing/security zone: the subnets it owns. An address belongs to the zone with the longest subnet holding it.</summary>
/// <param name="Name">The zone name, such as <c>dmz</c>.</param>
/// <param name="Subnets">Its IPv4 and IPv6 subnets; <c>0.0.0.0/0</c> and <c>::/0</c> for the internet.</param>
public sealed record Zone(string Name, IReadOnlyList<IpPrefix> Subnets)
{
    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }

    /// <summary>A free description.</summary>
    public string Description { get; init; } = "";
}
