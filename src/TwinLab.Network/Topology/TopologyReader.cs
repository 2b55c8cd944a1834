using TwinLab.Simulation.Scenarios;
using System.Net;
using TwinLab.Network.Firewall;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Network.Topology;

/// <summary>Reads the YAML of <see cref="TopologyFile"/>, checking each value where it is written.</summary>
internal sealed class TopologyReader(string file, string baseDirectory)
{
    private static readonly string[] TopKeys = ["name", "zones", "hosts", "firewalls", "flows", "credentials", "trusts", "attacker_starts"];
    private static readonly string[] ZoneKeys = ["name", "subnets", "description"];
    private static readonly string[] HostKeys = ["name", "zone", "addresses", "role", "asset_value", "crown_jewel", "services", "firewall", "interface"];
    private static readonly string[] FirewallKeys = ["name", "interfaces", "rules", "rules6", "forward_chain"];
    private static readonly string[] FlowKeys = ["from", "to", "ports"];
    private static readonly string[] CredentialKeys = ["name", "user", "kind", "privilege", "valid_on", "stored_on"];
    private static readonly string[] TrustKeys = ["from", "to", "user", "privilege", "via", "service"];
    private static readonly string[] StartKeys = ["location", "privilege"];

    private readonly Dictionary<string, int> _zoneLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hostLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FirewallRuleset> _rulesCache = new(StringComparer.Ordinal);

    public NetworkTopology Read(string yaml)
    {
        var stream = YamlText.Load(yaml, (line, column, message) => new TopologyFileException(file, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new TopologyFileException(file, 1, 1, "", "the file is empty; expected 'zones:' and 'hosts:'");
        var root = new YamlFields(file, stream.Documents[0].RootNode, "");
        root.RejectUnknown(TopKeys);
        var zones = root.List("zones").Select((n, i) => ReadZone(n, $"zones[{i}]")).ToList();
        if (zones.Count == 0) throw root.Error(root.Node, "zones", "no zones; list them under 'zones:'");
        var hosts = root.List("hosts").Select((n, i) => ReadHost(n, $"hosts[{i}]")).ToList();
        var firewalls = root.List("firewalls").Select((n, i) => ReadFirewall(n, $"firewalls[{i}]")).ToList();
        var flows = root.List("flows").Select((n, i) => ReadFlow(n, $"flows[{i}]")).ToList();
        var credentials = root.List("credentials").Select((n, i) => ReadCredential(n, $"credentials[{i}]")).ToList();
        var trusts = root.List("trusts").Select((n, i) => ReadTrust(n, $"trusts[{i}]")).ToList();
        var starts = root.List("attacker_starts").Select((n, i) => ReadStart(n, $"attacker_starts[{i}]")).ToList();
        return new NetworkTopology(zones, hosts, firewalls, flows, credentials, trusts, starts, file, root.String("name") ?? "");
    }

    private Zone ReadZone(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(ZoneKeys);
        var name = map.RequireString("name", "the zone's name, such as dmz");
        if (_zoneLines.TryGetValue(name, out var line))
            throw map.Error(map.Find("name")!, map.PathOf("name"), $"zone '{name}' is declared twice (also on line {line})");
        _zoneLines[name] = map.Line;
        var subnets = map.List("subnets");
        if (subnets.Count == 0) throw map.Error(node, map.PathOf("subnets"), "is missing (the zone's CIDR subnets, such as [10.1.0.0/16])");
        var prefixes = subnets.Select((s, k) =>
        {
            var text = map.Scalar(s, $"{map.PathOf("subnets")}[{k}]");
            return IpPrefix.TryParse(text, out var p, out var problem) ? p : throw map.Error(s, $"{map.PathOf("subnets")}[{k}]", problem);
        }).ToArray();
        return new Zone(name, prefixes) { Line = map.Line, Description = map.String("description") ?? "" };
    }

    private NetworkHost ReadHost(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(HostKeys);
        var name = map.RequireString("name", "the host's name");
        if (_hostLines.TryGetValue(name, out var line))
            throw map.Error(map.Find("name")!, map.PathOf("name"), $"host '{name}' is declared twice (also on line {line})");
        _hostLines[name] = map.Line;
        var zone = map.RequireString("zone", "the zone the host sits in");
        if (!_zoneLines.ContainsKey(zone))
            throw map.Error(map.Find("zone")!, map.PathOf("zone"), $"unknown zone '{zone}'; known: {string.Join(", ", _zoneLines.Keys)}");
        var addressNodes = map.List("addresses");
        if (addressNodes.Count == 0) throw map.Error(node, map.PathOf("addresses"), "is missing (the host's IP addresses)");
        var addresses = addressNodes.Select((a, k) =>
        {
            var p = $"{map.PathOf("addresses")}[{k}]";
            var text = map.Scalar(a, p);
            return IPAddress.TryParse(text, out var ip) && (text.Contains('.') || text.Contains(':'))
                ? ip : throw map.Error(a, p, $"'{text}' is not an IPv4 or IPv6 address");
        }).ToArray();
        var services = map.List("services").Select((s, k) =>
        {
            var p = $"{map.PathOf("services")}[{k}]";
            return HostService.TryParse(map.Scalar(s, p), out var svc, out var problem) ? svc : throw map.Error(s, p, problem);
        }).ToArray();
        return new NetworkHost
        {
            Name = name,
            Zone = zone,
            Addresses = addresses,
            Role = map.String("role") ?? "",
            AssetValue = map.Double("asset_value", 0, double.MaxValue) ?? 0,
            CrownJewel = map.Bool("crown_jewel") ?? false,
            Services = services,
            HostFirewall = map.Find("firewall") is { } fw ? Rules(map, fw, "firewall") : null,
            Interface = map.String("interface") ?? "eth0",
            Line = map.Line,
        };
    }

    private FirewallDevice ReadFirewall(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(FirewallKeys);
        var name = map.RequireString("name", "the firewall's name");
        var ifaceNode = map.Find("interfaces") ?? throw map.Error(node, map.PathOf("interfaces"), "is missing (interface: zone pairs, such as eth0: internet)");
        var ifaces = new YamlFields(file, ifaceNode, map.PathOf("interfaces"));
        var interfaces = new List<FirewallInterface>();
        foreach (var (key, value) in ifaces.Entries())
        {
            var zone = ifaces.Scalar(value, ifaces.PathOf(key.Value ?? ""));
            if (!_zoneLines.ContainsKey(zone))
                throw ifaces.Error(value, ifaces.PathOf(key.Value ?? ""), $"unknown zone '{zone}'; known: {string.Join(", ", _zoneLines.Keys)}");
            interfaces.Add(new FirewallInterface(key.Value ?? "", zone));
        }
        var device = new FirewallDevice
        {
            Name = name,
            Interfaces = interfaces,
            Rules = map.Find("rules") is { } r ? Rules(map, r, "rules") : null,
            Rules6 = map.Find("rules6") is { } r6 ? Rules(map, r6, "rules6") : null,
            ForwardChain = map.String("forward_chain") ?? "FORWARD",
            Line = map.Line,
        };
        foreach (var (key, rules) in new[] { ("rules", device.Rules), ("rules6", device.Rules6) })
            if (rules?.Filter is { } filter && filter.Chain(device.ForwardChain) is null)
                throw map.Error(map.Find("forward_chain") ?? map.Find(key)!, map.PathOf("forward_chain"),
                    $"chain '{device.ForwardChain}' is not in the filter table of {rules.File}");
        return device;
    }

    private AllowedFlow ReadFlow(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(FlowKeys);
        var from = Place(map, "from");
        var to = Place(map, "to");
        var portNodes = map.List("ports");
        if (portNodes.Count == 0) throw map.Error(node, map.PathOf("ports"), "is missing (such as [tcp/3306, udp/53, icmp] or [any])");
        var ports = portNodes.Select((p, k) => FlowPort(map, p, $"{map.PathOf("ports")}[{k}]")).ToArray();
        return new AllowedFlow(from, to, ports) { Line = map.Line };
    }

    private static FlowPort FlowPort(YamlFields map, YamlNode node, string path)
    {
        var text = map.Scalar(node, path).ToLowerInvariant();
        if (text is "any" or "all") return new FlowPort(IpProtocol.Any, PortRange.All);
        if (text is "icmp") return new FlowPort(IpProtocol.Icmp, PortRange.All);
        var slash = text.IndexOf('/');
        var proto = slash < 0 ? IpProtocol.Other : IpProtocols.Parse(text[..slash]);
        if (proto is not (IpProtocol.Tcp or IpProtocol.Udp) || !PortRange.TryParse(text[(slash + 1)..], out var range))
            throw map.Error(node, path, $"'{text}' is not a flow port; write tcp/3306, udp/53, tcp/8000-8080, icmp or any");
        return new FlowPort(proto, range);
    }

    private Credential ReadCredential(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(CredentialKeys);
        var user = map.RequireString("user", "the account name");
        var validOn = Hosts(map, "valid_on", required: true);
        return new Credential
        {
            Name = map.String("name") ?? $"{user}@{string.Join('+', validOn)}",
            User = user,
            Kind = map.String("kind") ?? "password",
            Privilege = Privilege(map, "privilege"),
            ValidOn = validOn,
            StoredOn = Hosts(map, "stored_on", required: true),
            Line = map.Line,
        };
    }

    private TrustRelation ReadTrust(YamlNode node, string path)
    {
        var map = new YamlFields(file, node, path);
        map.RejectUnknown(TrustKeys);
        HostService? service = null;
        if (map.Find("service") is { } s && !HostService.TryParse(map.Scalar(s, map.PathOf("service")), out service, out var problem))
            throw map.Error(s, map.PathOf("service"), problem);
        return new TrustRelation
        {
            From = Host(map, "from"),
            To = Host(map, "to"),
            User = map.String("user") ?? "root",
            Privilege = Privilege(map, "privilege"),
            Via = map.String("via") ?? "ssh-key",
            Service = service,
            Line = map.Line,
        };
    }

    private AttackerStart ReadStart(YamlNode node, string path)
    {
        string location;
        var privilege = PrivilegeLevel.User;
        YamlNode at = node;
        if (node is YamlMappingNode)
        {
            var map = new YamlFields(file, node, path);
            map.RejectUnknown(StartKeys);
            location = map.RequireString("location", "a zone such as internet, or a host name");
            at = map.Find("location")!;
            privilege = Privilege(map, "privilege");
        }
        else location = new YamlFields(file, new YamlMappingNode(), path).Scalar(node, path);
        var isHost = _hostLines.ContainsKey(location);
        if (!isHost && !_zoneLines.ContainsKey(location))
            throw new TopologyFileException(file, at.Start.Line, at.Start.Column, path, $"'{location}' is neither a zone nor a host");
        return new AttackerStart(location, isHost, privilege) { Line = (int)at.Start.Line };
    }

    private FirewallRuleset Rules(YamlFields map, YamlNode node, string key)
    {
        var relative = map.Scalar(node, map.PathOf(key));
        var full = Path.IsPathRooted(relative) ? relative : Path.Combine(baseDirectory, relative);
        if (_rulesCache.TryGetValue(full, out var cached)) return cached;
        if (!File.Exists(full)) throw map.Error(node, map.PathOf(key), $"rules file '{relative}' does not exist (looked in {baseDirectory})");
        return _rulesCache[full] = IptablesSaveParser.ParseFile(full, relative);
    }

    private string Place(YamlFields map, string key)
    {
        var name = map.RequireString(key, "a zone or host name");
        if (!_zoneLines.ContainsKey(name) && !_hostLines.ContainsKey(name))
            throw map.Error(map.Find(key)!, map.PathOf(key), $"'{name}' is neither a zone nor a host");
        return name;
    }

    private string Host(YamlFields map, string key)
    {
        var name = map.RequireString(key, "a host name");
        return _hostLines.ContainsKey(name) ? name : throw map.Error(map.Find(key)!, map.PathOf(key), $"unknown host '{name}'");
    }

    private string[] Hosts(YamlFields map, string key, bool required)
    {
        var nodes = map.List(key);
        if (nodes.Count == 0 && required) throw map.Error(map.Node, map.PathOf(key), "is missing (one or more host names)");
        return [.. nodes.Select((n, k) =>
        {
            var p = $"{map.PathOf(key)}[{k}]";
            var name = map.Scalar(n, p);
            return _hostLines.ContainsKey(name) ? name : throw map.Error(n, p, $"unknown host '{name}'");
        })];
    }

    private static PrivilegeLevel Privilege(YamlFields map, string key) => map.String(key)?.ToLowerInvariant() switch
    {
        null or "user" => PrivilegeLevel.User,
        "admin" or "root" or "administrator" => PrivilegeLevel.Admin,
        var other => throw map.Error(map.Find(key)!, map.PathOf(key), $"'{other}' is not a privilege; use user or admin"),
    };
}
