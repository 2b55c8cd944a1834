using System.Net;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Capacity;

/// <summary>The network as links with capacities: nodes, full-duplex links, where hosts, zones and subnets attach, the
/// upgrade ladder and the mean packet size used for queueing delay.</summary>
/// <remarks>Immutable. The constructor checks names are unique and every reference resolves, throwing
/// <see cref="CapacityFileException"/> at the element's line. Load a file with <see cref="LinksFile"/>.</remarks>
public sealed class CapacityNetwork
{
    /// <summary>Mean packet size when the file gives none: 1,500 bytes, the Ethernet MTU (RFC 894). Bulk transfers send
    /// mostly full-size packets, and a larger packet gives a longer (so conservative) queueing delay.</summary>
    public const double DefaultMeanPacketBytes = 1500;

    private readonly Dictionary<string, CapacityNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CapacityLink> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hostNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _zoneNodes = new(StringComparer.Ordinal);
    private readonly Attachment[] _subnets;

    /// <summary>Builds and checks the network.</summary>
    /// <param name="nodes">The nodes.</param>
    /// <param name="links">The links.</param>
    /// <param name="attachments">Where hosts, zones and subnets attach.</param>
    /// <param name="topology">The security topology whose hosts and zones are attached, if any.</param>
    /// <param name="file">The file name used in messages.</param>
    public CapacityNetwork(IEnumerable<CapacityNode> nodes, IEnumerable<CapacityLink> links, IEnumerable<Attachment>? attachments = null,
        NetworkTopology? topology = null, string file = "links")
    {
        File = file;
        Topology = topology;
        Nodes = [.. nodes];
        Links = [.. links];
        Attachments = [.. attachments ?? []];
        foreach (var n in Nodes)
            if (!_nodes.TryAdd(n.Name, n)) throw Error(n.Line, "nodes", $"node '{n.Name}' is declared twice");
        foreach (var l in Links)
        {
            if (!_links.TryAdd(l.Name, l)) throw Error(l.Line, "links", $"link '{l.Name}' is declared twice");
            if (_nodes.ContainsKey(l.Name)) throw Error(l.Line, "links", $"'{l.Name}' names both a node and a link; --fail could not tell them apart");
            foreach (var end in new[] { l.A, l.B })
                if (!_nodes.ContainsKey(end)) throw Error(l.Line, $"links.{l.Name}", $"unknown node '{end}'; declare it under 'nodes:'");
            if (l.A == l.B) throw Error(l.Line, $"links.{l.Name}", "a link must join two different nodes");
            if (!(l.Capacity > 0)) throw Error(l.Line, $"links.{l.Name}.capacity", "must be positive");
            if (!(l.Weight > 0) || !double.IsFinite(l.Weight)) throw Error(l.Line, $"links.{l.Name}.weight", "must be a positive number");
        }
        foreach (var a in Attachments)
        {
            if (!_nodes.ContainsKey(a.Node)) throw Error(a.Line, "attach.node", $"unknown node '{a.Node}'");
            if (a.Host is { } h)
            {
                if (topology is not null && topology.FindHost(h) is null) throw Error(a.Line, "attach.host", $"unknown host '{h}' (not in {topology.File})");
                if (!_hostNodes.TryAdd(h, a.Node)) throw Error(a.Line, "attach.host", $"host '{h}' is attached twice");
            }
            if (a.Zone is { } z)
            {
                if (topology is not null && topology.FindZone(z) is null) throw Error(a.Line, "attach.zone", $"unknown zone '{z}' (not in {topology.File})");
                if (!_zoneNodes.TryAdd(z, a.Node)) throw Error(a.Line, "attach.zone", $"zone '{z}' is attached twice");
            }
        }
        _subnets = [.. Attachments.Where(a => a.Subnet is not null).OrderByDescending(a => a.Subnet!.Value.Length)];
    }

    /// <summary>The file name used in messages.</summary>
    public string File { get; }

    /// <summary>The network's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The security topology hosts and zones come from, if any.</summary>
    public NetworkTopology? Topology { get; }

    /// <summary>The nodes, in file order.</summary>
    public IReadOnlyList<CapacityNode> Nodes { get; }

    /// <summary>The links, in file order (which breaks ties between equal-cost paths).</summary>
    public IReadOnlyList<CapacityLink> Links { get; }

    /// <summary>Where hosts, zones and subnets attach.</summary>
    public IReadOnlyList<Attachment> Attachments { get; }

    /// <summary>The rate ladder upgrades step along, ascending, in bit/s.</summary>
    public IReadOnlyList<double> UpgradeRates { get; init; } = StandardRates.Ethernet;

    /// <summary>Mean packet size in bytes for the queueing delay.</summary>
    public double MeanPacketBytes { get; init; } = DefaultMeanPacketBytes;

    /// <summary>What upgrade costs are counted in (EUR, hours…); empty when not given.</summary>
    public string CostUnit { get; init; } = "";

    /// <summary>The link of that name, or null.</summary>
    /// <param name="name">The link name.</param>
    public CapacityLink? FindLink(string name) => _links.GetValueOrDefault(name);

    /// <summary>The node of that name, or null.</summary>
    /// <param name="name">The node name.</param>
    public CapacityNode? FindNode(string name) => _nodes.GetValueOrDefault(name);

    /// <summary>Maps an endpoint to the node its traffic enters at: a node name, an attached host or zone, a topology
    /// host (through its zone), or an IP address (its host, an attached subnet, or the topology zone owning it).</summary>
    /// <param name="endpoint">The endpoint as written.</param>
    /// <returns>The node and the topology host it is (if any), or null when it cannot be placed.</returns>
    public (string Node, string? Host)? Resolve(string endpoint)
    {
        if (_nodes.ContainsKey(endpoint)) return (endpoint, null);
        if (_hostNodes.TryGetValue(endpoint, out var hn)) return (hn, endpoint);
        if (_zoneNodes.TryGetValue(endpoint, out var zn)) return (zn, null);
        if (Topology?.FindHost(endpoint) is { } host)
            return _zoneNodes.TryGetValue(host.Zone, out var hz) ? (hz, host.Name) : null;
        if (!IPAddress.TryParse(endpoint, out var ip) || !(endpoint.Contains('.') || endpoint.Contains(':'))) return null;
        var byAddress = Topology?.Hosts.FirstOrDefault(h => h.Addresses.Contains(ip));
        if (byAddress is not null)
        {
            if (_hostNodes.TryGetValue(byAddress.Name, out var an)) return (an, byAddress.Name);
            if (_zoneNodes.TryGetValue(byAddress.Zone, out var az)) return (az, byAddress.Name);
        }
        foreach (var a in _subnets)
            if (a.Subnet!.Value.Contains(ip)) return (a.Node, null);
        if (Topology?.ZoneOf(ip) is { } zone && _zoneNodes.TryGetValue(zone.Name, out var zoneNode)) return (zoneNode, null);
        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a host the network knows (attached or in the topology).</summary>
    /// <param name="name">The name.</param>
    public bool IsHost(string name) => _hostNodes.ContainsKey(name) || Topology?.FindHost(name) is not null;

    /// <summary>A copy with the what-if applied: failed links and nodes (with their links) removed, capacities and
    /// weights changed. Failed hosts are not part of the link network; the evaluation drops their demands.</summary>
    /// <param name="scenario">The changes.</param>
    /// <returns>The changed copy; this network is not modified.</returns>
    public CapacityNetwork With(CapacityScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        foreach (var l in scenario.FailedLinks.Concat(scenario.Upgrades.Keys).Concat(scenario.Weights.Keys))
            if (!_links.ContainsKey(l)) throw new CapacityScenarioException($"unknown link '{l}'; links: {string.Join(", ", Links.Select(x => x.Name))}");
        foreach (var n in scenario.FailedNodes)
            if (!_nodes.ContainsKey(n)) throw new CapacityScenarioException($"unknown node '{n}'; nodes: {string.Join(", ", Nodes.Select(x => x.Name))}");
        foreach (var h in scenario.FailedHosts)
            if (!IsHost(h)) throw new CapacityScenarioException($"unknown host '{h}'");
        foreach (var (l, rate) in scenario.Upgrades)
            if (!(rate > 0) || !double.IsFinite(rate)) throw new CapacityScenarioException($"the new capacity of '{l}' must be positive");
        foreach (var (l, w) in scenario.Weights)
            if (!(w > 0) || !double.IsFinite(w)) throw new CapacityScenarioException($"the new weight of '{l}' must be positive");
        var failedNodes = scenario.FailedNodes.ToHashSet(StringComparer.Ordinal);
        var failedLinks = scenario.FailedLinks.ToHashSet(StringComparer.Ordinal);
        var links = Links
            .Where(l => !failedLinks.Contains(l.Name) && !failedNodes.Contains(l.A) && !failedNodes.Contains(l.B))
            .Select(l => l with
            {
                Capacity = scenario.Upgrades.TryGetValue(l.Name, out var c) ? c : l.Capacity,
                Weight = scenario.Weights.TryGetValue(l.Name, out var w) ? w : l.Weight,
            });
        var attachments = Attachments.Where(a => !failedNodes.Contains(a.Node));
        return new CapacityNetwork(Nodes.Where(n => !failedNodes.Contains(n.Name)), links, attachments, Topology, File)
        {
            Name = Name, UpgradeRates = UpgradeRates, MeanPacketBytes = MeanPacketBytes, CostUnit = CostUnit,
        };
    }

    private CapacityFileException Error(int line, string field, string problem) => new(File, line, 0, field, problem);
}
