using System.Net;
using TwinLab.Network.Firewall;

namespace TwinLab.Network.Topology;

/// <summary>The network as the owner describes it: zones, hosts, firewalls, allowed flows, credentials, trust and attacker starts.</summary>
/// <remarks>Immutable. The constructor checks that names are unique and every reference resolves, and that each host's
/// addresses fall in its zone (an address belongs to the zone with the longest matching subnet); problems throw
/// <see cref="TopologyFileException"/> at the element's line. Load a file with <see cref="TopologyFile"/>.</remarks>
public sealed class NetworkTopology
{
    private readonly Dictionary<string, Zone> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetworkHost> _hosts = new(StringComparer.Ordinal);
    private readonly (IpPrefix Prefix, Zone Zone)[] _zoneSubnets;

    /// <summary>Builds and checks a topology.</summary>
    /// <param name="zones">The zones.</param>
    /// <param name="hosts">The hosts.</param>
    /// <param name="firewalls">The firewalls.</param>
    /// <param name="flows">Allowed flows for crossings without a rules file.</param>
    /// <param name="credentials">Credentials.</param>
    /// <param name="trusts">Trust relations.</param>
    /// <param name="attackerStarts">Where the attacker starts.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <param name="name">The network's name.</param>
    public NetworkTopology(
        IEnumerable<Zone> zones, IEnumerable<NetworkHost> hosts, IEnumerable<FirewallDevice> firewalls,
        IEnumerable<AllowedFlow>? flows = null, IEnumerable<Credential>? credentials = null, IEnumerable<TrustRelation>? trusts = null,
        IEnumerable<AttackerStart>? attackerStarts = null, string file = "topology", string name = "")
    {
        File = file;
        Name = name;
        Zones = [.. zones];
        Hosts = [.. hosts];
        Firewalls = [.. firewalls];
        Flows = [.. flows ?? []];
        Credentials = [.. credentials ?? []];
        Trusts = [.. trusts ?? []];
        AttackerStarts = [.. attackerStarts ?? []];
        for (var i = 0; i < Zones.Count; i++)
            if (!_zones.TryAdd(Zones[i].Name, Zones[i])) throw Error(Zones[i].Line, $"zones[{i}].name", $"zone '{Zones[i].Name}' is declared twice (also on line {_zones[Zones[i].Name].Line})");
        _zoneSubnets = [.. Zones.SelectMany(z => z.Subnets.Select(s => (s, z))).OrderByDescending(p => p.s.Length)];
        CheckSubnets();
        for (var i = 0; i < Hosts.Count; i++) CheckHost(Hosts[i], $"hosts[{i}]");
        var firewallNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Firewalls.Count; i++) CheckFirewall(Firewalls[i], $"firewalls[{i}]", firewallNames);
        for (var i = 0; i < Flows.Count; i++)
        {
            RequirePlace(Flows[i].From, Flows[i].Line, $"flows[{i}].from");
            RequirePlace(Flows[i].To, Flows[i].Line, $"flows[{i}].to");
        }
        var credentialNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Credentials.Count; i++)
        {
            var c = Credentials[i];
            if (!credentialNames.Add(c.Name)) throw Error(c.Line, $"credentials[{i}].name", $"credential '{c.Name}' is declared twice");
            foreach (var h in c.ValidOn) RequireHost(h, c.Line, $"credentials[{i}].valid_on");
            foreach (var h in c.StoredOn) RequireHost(h, c.Line, $"credentials[{i}].stored_on");
        }
        for (var i = 0; i < Trusts.Count; i++)
        {
            RequireHost(Trusts[i].From, Trusts[i].Line, $"trusts[{i}].from");
            RequireHost(Trusts[i].To, Trusts[i].Line, $"trusts[{i}].to");
        }
        for (var i = 0; i < AttackerStarts.Count; i++)
        {
            var s = AttackerStarts[i];
            if (s.IsHost) RequireHost(s.Location, s.Line, $"attacker.starts[{i}]");
            else if (!_zones.ContainsKey(s.Location)) throw Error(s.Line, $"attacker.starts[{i}]", $"'{s.Location}' is neither a zone nor a host");
        }
    }

    /// <summary>The file the topology came from (used in messages).</summary>
    public string File { get; }

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>Zones in declaration order.</summary>
    public IReadOnlyList<Zone> Zones { get; }

    /// <summary>Hosts in declaration order.</summary>
    public IReadOnlyList<NetworkHost> Hosts { get; }

    /// <summary>Firewalls in declaration order.</summary>
    public IReadOnlyList<FirewallDevice> Firewalls { get; }

    /// <summary>Allowed flows.</summary>
    public IReadOnlyList<AllowedFlow> Flows { get; }

    /// <summary>Credentials.</summary>
    public IReadOnlyList<Credential> Credentials { get; }

    /// <summary>Trust relations.</summary>
    public IReadOnlyList<TrustRelation> Trusts { get; }

    /// <summary>Attacker start locations.</summary>
    public IReadOnlyList<AttackerStart> AttackerStarts { get; }

    /// <summary>The host of that name, or null.</summary>
    /// <param name="name">The host name.</param>
    public NetworkHost? FindHost(string name) => _hosts.GetValueOrDefault(name);

    /// <summary>The zone of that name, or null.</summary>
    /// <param name="name">The zone name.</param>
    public Zone? FindZone(string name) => _zones.GetValueOrDefault(name);

    /// <summary>The zone owning an address (longest matching subnet), or null.</summary>
    /// <param name="address">The address.</param>
    public Zone? ZoneOf(IPAddress address)
    {
        foreach (var (prefix, zone) in _zoneSubnets)
            if (prefix.Contains(address)) return zone;
        return null;
    }

    /// <summary>A copy with other hosts (for a what-if or a scan merged in); everything is checked again.</summary>
    /// <param name="hosts">The new host list.</param>
    public NetworkTopology WithHosts(IEnumerable<NetworkHost> hosts) =>
        new(Zones, hosts, Firewalls, Flows, Credentials, Trusts, AttackerStarts, File, Name);

    /// <summary>A copy with other firewalls (for a what-if on rules).</summary>
    /// <param name="firewalls">The new firewall list.</param>
    public NetworkTopology WithFirewalls(IEnumerable<FirewallDevice> firewalls) =>
        new(Zones, Hosts, firewalls, Flows, Credentials, Trusts, AttackerStarts, File, Name);

    private void CheckSubnets()
    {
        var seen = new Dictionary<IpPrefix, Zone>();
        foreach (var zone in Zones)
            foreach (var subnet in zone.Subnets)
                if (!seen.TryAdd(subnet, zone))
                    throw Error(zone.Line, $"zones.{zone.Name}.subnets", $"subnet {subnet} belongs to zone '{seen[subnet].Name}' already");
    }

    private void CheckHost(NetworkHost host, string path)
    {
        if (_zones.ContainsKey(host.Name)) throw Error(host.Line, $"{path}.name", $"host '{host.Name}' has the name of a zone; names must be unique");
        if (!_hosts.TryAdd(host.Name, host)) throw Error(host.Line, $"{path}.name", $"host '{host.Name}' is declared twice (also on line {_hosts[host.Name].Line})");
        if (!_zones.ContainsKey(host.Zone)) throw Error(host.Line, $"{path}.zone", $"unknown zone '{host.Zone}'{Known(_zones.Keys)}");
        foreach (var address in host.Addresses)
        {
            var zone = ZoneOf(address);
            if (zone?.Name != host.Zone)
                throw Error(host.Line, $"{path}.addresses", zone is null
                    ? $"address {address} lies in no zone's subnets"
                    : $"address {address} lies in zone '{zone.Name}', not in '{host.Zone}'");
        }
    }

    private void CheckFirewall(FirewallDevice firewall, string path, HashSet<string> names)
    {
        if (!names.Add(firewall.Name)) throw Error(firewall.Line, $"{path}.name", $"firewall '{firewall.Name}' is declared twice");
        if (firewall.Interfaces.Count < 2) throw Error(firewall.Line, $"{path}.interfaces", "a firewall joins at least two zones (interface: zone)");
        foreach (var i in firewall.Interfaces)
            if (!_zones.ContainsKey(i.Zone)) throw Error(firewall.Line, $"{path}.interfaces.{i.Name}", $"unknown zone '{i.Zone}'{Known(_zones.Keys)}");
        foreach (var rules in new[] { firewall.Rules, firewall.Rules6 })
            if (rules?.Filter is { } filter && filter.Chain(firewall.ForwardChain) is null)
                throw Error(firewall.Line, $"{path}.forward_chain", $"chain '{firewall.ForwardChain}' is not in the filter table of {rules.File}");
    }

    private void RequireHost(string name, int line, string path)
    {
        if (!_hosts.ContainsKey(name)) throw Error(line, path, $"unknown host '{name}'");
    }

    private void RequirePlace(string name, int line, string path)
    {
        if (!_hosts.ContainsKey(name) && !_zones.ContainsKey(name)) throw Error(line, path, $"'{name}' is neither a zone nor a host");
    }

    private static string Known(IEnumerable<string> names) => $"; known: {string.Join(", ", names)}";

    private TopologyFileException Error(int line, string field, string problem) => new(File, line, 0, field, problem);
}
