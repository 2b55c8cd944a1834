using System.Reflection;
using TwinLab.Core.Models;

namespace TwinLab.Network.Models;

/// <summary>
/// The DTDL v3 interfaces of the network twin (embedded in this assembly), and the names of their relationships:
/// Network → Subnet → Host; Host → Interface, Service, Asset, Credential, FirewallRule, Host (trust); Interface → Subnet;
/// Service → Vulnerability; Subnet → FirewallRule; Credential → Host; and for capacity planning LinkNetwork → Node, Link;
/// Link → Node (its two ends).
/// </summary>
public static class NetworkModels
{
    /// <summary>The network as last scanned.</summary>
    public const string Network = NetworkTwin.ModelPrefix + "Network;1";
    /// <summary>An address range in a zone.</summary>
    public const string Subnet = NetworkTwin.ModelPrefix + "Subnet;1";
    /// <summary>A machine.</summary>
    public const string Host = NetworkTwin.ModelPrefix + "Host;1";
    /// <summary>A network interface of a host.</summary>
    public const string Interface = NetworkTwin.ModelPrefix + "Interface;1";
    /// <summary>A port and what listens on it.</summary>
    public const string Service = NetworkTwin.ModelPrefix + "Service;1";
    /// <summary>A packet-filter rule.</summary>
    public const string FirewallRule = NetworkTwin.ModelPrefix + "FirewallRule;1";
    /// <summary>A CVE applying to a service.</summary>
    public const string Vulnerability = NetworkTwin.ModelPrefix + "Vulnerability;1";
    /// <summary>A password, key or ticket.</summary>
    public const string Credential = NetworkTwin.ModelPrefix + "Credential;1";
    /// <summary>Something of value held on a host.</summary>
    public const string Asset = NetworkTwin.ModelPrefix + "Asset;1";
    /// <summary>The network as links with capacities (capacity planning).</summary>
    public const string LinkNetwork = NetworkTwin.ModelPrefix + "LinkNetwork;1";
    /// <summary>A router, switch, firewall or zone node of the link network.</summary>
    public const string Node = NetworkTwin.ModelPrefix + "Node;1";
    /// <summary>A full-duplex link with a capacity.</summary>
    public const string Link = NetworkTwin.ModelPrefix + "Link;1";

    /// <summary>Network → Subnet.</summary>
    public const string HasSubnet = "hasSubnet";
    /// <summary>Subnet → Host.</summary>
    public const string HasHost = "hasHost";
    /// <summary>Host → Interface.</summary>
    public const string HasInterface = "hasInterface";
    /// <summary>Interface → Subnet.</summary>
    public const string AttachedTo = "attachedTo";
    /// <summary>Host → Service.</summary>
    public const string Runs = "runs";
    /// <summary>Service → Vulnerability.</summary>
    public const string HasVulnerability = "hasVulnerability";
    /// <summary>Host → Asset.</summary>
    public const string HoldsAsset = "holdsAsset";
    /// <summary>Host → Credential it stores.</summary>
    public const string StoresCredential = "storesCredential";
    /// <summary>Host → Host it trusts.</summary>
    public const string Trusts = "trusts";
    /// <summary>Host or Subnet → FirewallRule.</summary>
    public const string HasFirewallRule = "hasFirewallRule";
    /// <summary>Credential → Host it opens.</summary>
    public const string GrantsAccessTo = "grantsAccessTo";
    /// <summary>LinkNetwork → Node.</summary>
    public const string HasNode = "hasNode";
    /// <summary>LinkNetwork → Link.</summary>
    public const string HasLink = "hasLink";
    /// <summary>Link → the Node at its end a.</summary>
    public const string EndA = "endA";
    /// <summary>Link → the Node at its end b.</summary>
    public const string EndB = "endB";

    /// <summary>Every model id, in dependency-free alphabetical order.</summary>
    public static IReadOnlyList<string> All { get; } = [Asset, Credential, FirewallRule, Host, Interface, Link, LinkNetwork, Network, Node, Service, Subnet, Vulnerability];

    /// <summary>The models of capacity planning's link network (<see cref="LinkNetwork"/>, <see cref="Node"/>,
    /// <see cref="Link"/>); a scan import does not need them and leaves them to the first capacity write.</summary>
    public static IReadOnlyList<string> LinkModels { get; } = [Link, LinkNetwork, Node];

    private const string ResourcePrefix = "TwinLab.Network.Models.";

    private static readonly Lazy<IReadOnlyList<DtdlSource>> Loaded = new(Load);

    /// <summary>The model documents, one per interface, named <c>Models/&lt;Interface&gt;.json</c>; ready for
    /// <see cref="DtdlParser.Parse"/> or a twin graph's model import.</summary>
    public static IReadOnlyList<DtdlSource> Sources => Loaded.Value;

    private static IReadOnlyList<DtdlSource> Load()
    {
        var assembly = typeof(NetworkModels).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n => new DtdlSource(ReadResource(assembly, n), "Models/" + n[ResourcePrefix.Length..])),
        ];
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
