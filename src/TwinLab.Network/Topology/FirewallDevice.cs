using TwinLab.Network.Firewall;

namespace TwinLab.Network.Topology;

/// <summary>One interface of a firewall and the zone on its wire.</summary>
/// <param name="Name">The interface name as the rules use it, such as <c>eth0</c>.</param>
/// <param name="Zone">The zone behind it.</param>
public sealed record FirewallInterface(string Name, string Zone);

/// <summary>A firewall joining zones, with the iptables rules it runs.</summary>
public sealed record FirewallDevice
{
    /// <summary>The firewall name.</summary>
    public required string Name { get; init; }

    /// <summary>Its interfaces and the zones they face; traffic between two of these zones crosses it.</summary>
    public required IReadOnlyList<FirewallInterface> Interfaces { get; init; }

    /// <summary>Its IPv4 rules (iptables-save); null to use the topology's allowed flows.</summary>
    public FirewallRuleset? Rules { get; init; }

    /// <summary>Its IPv6 rules (ip6tables-save); null to use the allowed flows for IPv6.</summary>
    public FirewallRuleset? Rules6 { get; init; }

    /// <summary>The filter chain that forwarded traffic enters; <c>FORWARD</c> by default.</summary>
    public string ForwardChain { get; init; } = "FORWARD";

    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }

    /// <summary>The zones it joins, in interface order, without repeats.</summary>
    public IEnumerable<string> Zones => Interfaces.Select(i => i.Zone).Distinct(StringComparer.Ordinal);

    /// <summary>The first interface facing <paramref name="zone"/>, or null.</summary>
    /// <param name="zone">The zone.</param>
    public string? InterfaceTo(string zone) => Interfaces.FirstOrDefault(i => i.Zone == zone)?.Name;
}
