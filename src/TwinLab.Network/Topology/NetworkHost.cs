using System.Net;
using TwinLab.Network.Firewall;

namespace TwinLab.Network.Topology;

/// <summary>A host of the topology.</summary>
public sealed record NetworkHost
{
    /// <summary>The host name, unique in the topology.</summary>
    public required string Name { get; init; }

    /// <summary>The zone it sits in; its addresses must fall in that zone's subnets.</summary>
    public required string Zone { get; init; }

    /// <summary>Its addresses (IPv4 and/or IPv6).</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>Its role, such as <c>web-server</c>, <c>domain-controller</c>, <c>workstation</c>.</summary>
    public string Role { get; init; } = "";

    /// <summary>The value of what it holds, in the owner's units (0 when not given).</summary>
    public double AssetValue { get; init; }

    /// <summary>True for an asset whose compromise is the attacker's goal.</summary>
    public bool CrownJewel { get; init; }

    /// <summary>Services it listens on, when no scan says so.</summary>
    public IReadOnlyList<HostService> Services { get; init; } = [];

    /// <summary>The host's own iptables rules (its filter INPUT chain guards its services), or null.</summary>
    public FirewallRuleset? HostFirewall { get; init; }

    /// <summary>The interface name <c>-i</c> matches in <see cref="HostFirewall"/>; <c>eth0</c> by default.</summary>
    public string Interface { get; init; } = "eth0";

    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }
}
