using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Twin;

/// <summary>What an import reads beside the scan: the topology, extra firewall rules and where the files are.</summary>
public sealed record NetworkImportInputs
{
    /// <summary>No topology, no rules, no paths.</summary>
    public static NetworkImportInputs None { get; } = new();

    /// <summary>The topology: its zones become Subnet twins, its hosts' roles, asset values, credentials and trust become
    /// properties, Asset and Credential twins and relationships, and its firewalls' rules FirewallRule twins.</summary>
    public NetworkTopology? Topology { get; init; }

    /// <summary>iptables-save files for a host or firewall (<c>--iptables NAME=FILE</c>), replacing the topology's file
    /// for that owner; an owner the topology does not know becomes a firewall of its own.</summary>
    public IReadOnlyList<OwnedRuleset> Rulesets { get; init; } = [];

    /// <summary>Full paths of the input files, recorded on the Network twin so that analyses can read them again.</summary>
    public NetworkInputPaths? Paths { get; init; }
}

/// <summary>A firewall ruleset and the host or firewall it belongs to.</summary>
/// <param name="Owner">A topology host or firewall name, or a host's address; anything else names a firewall of its own.</param>
/// <param name="Rules">The parsed iptables-save (or ip6tables-save) file.</param>
public sealed record OwnedRuleset(string Owner, FirewallRuleset Rules);

/// <summary>Full paths of an import's input files; null for those not given.</summary>
/// <param name="Topology">The topology YAML.</param>
/// <param name="Scan">The nmap XML.</param>
/// <param name="Cves">The NVD CVE JSON.</param>
/// <param name="Epss">The EPSS CSV.</param>
/// <param name="Kev">The KEV catalogue.</param>
public sealed record NetworkInputPaths(string? Topology, string? Scan, string? Cves, string? Epss, string? Kev);
