using System.Net;
using System.Text.Json.Nodes;
using TwinLab.Network.Firewall;
using TwinLab.Network.Models;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Twin;

/// <summary>Adds a topology's twins to a network graph file: zones as Subnet twins (<c>zone:NAME</c>), the hosts' names,
/// roles and values, hosts the scan missed (<c>declared</c>), Asset twins (<c>HOST:asset</c>), Credential twins
/// (<c>credential:NAME</c>), trust relationships, and firewalls as Host twins (<c>firewall:NAME</c>, role firewall) with
/// an Interface twin per interface in its zone.</summary>
internal sealed class TopologyTwins
{
    private readonly GraphFileBuilder _b;
    private readonly NetworkTopology _t;
    private readonly Dictionary<IPAddress, NetworkHost> _byAddress = [];
    private readonly Dictionary<string, string> _hostIds = new(StringComparer.Ordinal);

    public TopologyTwins(GraphFileBuilder builder, NetworkTopology topology)
    {
        _b = builder;
        _t = topology;
        foreach (var h in topology.Hosts)
            foreach (var a in h.Addresses) _byAddress.TryAdd(a, h);
    }

    public int Zones { get; private set; }
    public int DeclaredHosts { get; private set; }
    public int Assets { get; private set; }
    public int Credentials { get; private set; }
    public int Trusts { get; private set; }

    /// <summary>The Subnet twin id of a zone.</summary>
    public static string ZoneId(string zone) => "zone:" + zone;

    /// <summary>The Host twin id of a firewall device.</summary>
    public static string FirewallId(string firewall) => "firewall:" + firewall;

    /// <summary>Twin ids of the topology's hosts (scanned or declared) by name.</summary>
    public IReadOnlyDictionary<string, string> HostIds => _hostIds;

    public void AddZones()
    {
        foreach (var z in _t.Zones)
        {
            var id = ZoneId(z.Name);
            _b.Twin(id, NetworkModels.Subnet, new JsonObject
            {
                ["cidr"] = z.Subnets.Count > 0 ? z.Subnets[0].ToString() : null,
                ["cidrs"] = GraphFileBuilder.Strings(z.Subnets.Select(s => s.ToString())),
                ["zone"] = z.Name,
                ["inferred"] = false,
                ["description"] = z.Description.Length == 0 ? null : z.Description,
            });
            _b.Relationship(NetworkGraph.NetworkId, NetworkModels.HasSubnet, id);
            Zones++;
        }
    }

    /// <summary>The topology host a scanned host is (one of its addresses is the host's), or null.</summary>
    public NetworkHost? Find(ScannedHost host)
    {
        foreach (var a in host.Addresses)
            if (IPAddress.TryParse(a.Address, out var ip) && _byAddress.TryGetValue(ip, out var h)) return h;
        return null;
    }

    /// <summary>The zone Subnet id for a scanned host: its topology host's zone, else the zone its address lies in.</summary>
    public string? SubnetOf(ScannedHost host, NetworkHost? declared)
    {
        if (declared is not null) return ZoneId(declared.Zone);
        var address = host.Ipv4 ?? host.Ipv6;
        return address is not null && IPAddress.TryParse(address, out var ip) && _t.ZoneOf(ip) is { } zone ? ZoneId(zone.Name) : null;
    }

    /// <summary>Sets the topology's name, role and values on a scanned host's twin.</summary>
    public void Describe(JsonObject twin, string id, NetworkHost declared)
    {
        if (!_hostIds.TryAdd(declared.Name, id)) return; // two scanned hosts with addresses of one topology host: the first is it
        twin["name"] = declared.Name;
        if (declared.Role.Length > 0) twin["role"] = declared.Role;
        twin["assetValue"] = declared.AssetValue;
        twin["crownJewel"] = declared.CrownJewel;
    }

    /// <summary>Adds the topology's hosts the scan did not find, with their declared services (state <c>open</c>, method
    /// <c>topology</c>); returns their names.</summary>
    public IReadOnlyList<NetworkHost> AddDeclaredHosts()
    {
        var added = new List<NetworkHost>();
        foreach (var h in _t.Hosts.Where(h => !_hostIds.ContainsKey(h.Name)))
        {
            var address = h.Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? h.Addresses.FirstOrDefault();
            var id = address?.ToString() ?? h.Name;
            if (_b.HasTwin(id)) continue;
            _hostIds[h.Name] = id;
            _b.Twin(id, NetworkModels.Host, new JsonObject
            {
                ["address"] = address?.ToString(),
                ["addresses"] = GraphFileBuilder.Strings(h.Addresses.Select(a => a.ToString())),
                ["name"] = h.Name,
                ["role"] = h.Role.Length == 0 ? null : h.Role,
                ["assetValue"] = h.AssetValue,
                ["crownJewel"] = h.CrownJewel,
                ["declared"] = true,
            });
            _b.Relationship(ZoneId(h.Zone), NetworkModels.HasHost, id);
            var nic = id + ":if0";
            _b.Twin(nic, NetworkModels.Interface, new JsonObject
            {
                ["name"] = h.Interface,
                ["ipv4"] = h.Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)?.ToString(),
                ["ipv6"] = h.Addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)?.ToString(),
            });
            _b.Relationship(id, NetworkModels.HasInterface, nic);
            _b.Relationship(nic, NetworkModels.AttachedTo, ZoneId(h.Zone));
            foreach (var s in h.Services)
            {
                var sid = NetworkGraph.ServiceId(id, s.Protocol.Name(), s.Port);
                if (_b.HasTwin(sid)) continue;
                _b.Twin(sid, NetworkModels.Service, new JsonObject
                {
                    ["protocol"] = s.Protocol.Name(), ["port"] = s.Port, ["state"] = "open", ["name"] = s.Name, ["method"] = "topology",
                });
                _b.Relationship(id, NetworkModels.Runs, sid);
            }
            DeclaredHosts++;
            added.Add(h);
        }
        return added;
    }

    /// <summary>Asset twins for hosts with a value, Credential twins, trust relationships and the firewall devices.</summary>
    public void AddRelations()
    {
        foreach (var h in _t.Hosts.Where(h => h.AssetValue > 0 || h.CrownJewel))
        {
            var host = _hostIds[h.Name];
            var id = host + ":asset";
            _b.Twin(id, NetworkModels.Asset, new JsonObject
            {
                ["name"] = h.Name, ["kind"] = h.Role.Length == 0 ? null : h.Role, ["value"] = h.AssetValue, ["crownJewel"] = h.CrownJewel,
            });
            _b.Relationship(host, NetworkModels.HoldsAsset, id);
            Assets++;
        }
        foreach (var c in _t.Credentials)
        {
            var id = "credential:" + c.Name;
            _b.Twin(id, NetworkModels.Credential, new JsonObject
            {
                ["name"] = c.Name, ["principal"] = c.User, ["kind"] = c.Kind, ["privilege"] = Privilege(c.Privilege),
            });
            foreach (var h in c.ValidOn) _b.Relationship(id, NetworkModels.GrantsAccessTo, _hostIds[h]);
            foreach (var h in c.StoredOn) _b.Relationship(_hostIds[h], NetworkModels.StoresCredential, id);
            Credentials++;
        }
        foreach (var t in _t.Trusts)
        {
            // "trusts" points from the trusting host to the trusted one (Host.json).
            _b.Relationship(_hostIds[t.To], NetworkModels.Trusts, _hostIds[t.From], new JsonObject
            {
                ["user"] = t.User, ["privilege"] = Privilege(t.Privilege), ["via"] = t.Via, ["service"] = t.Service?.ToString(),
            });
            Trusts++;
        }
        foreach (var f in _t.Firewalls)
        {
            var id = FirewallId(f.Name);
            _b.Twin(id, NetworkModels.Host, new JsonObject { ["name"] = f.Name, ["role"] = "firewall" });
            foreach (var i in f.Interfaces)
            {
                var nic = $"{id}:{i.Name}";
                _b.Twin(nic, NetworkModels.Interface, new JsonObject { ["name"] = i.Name });
                _b.Relationship(id, NetworkModels.HasInterface, nic);
                _b.Relationship(nic, NetworkModels.AttachedTo, ZoneId(i.Zone));
            }
        }
    }

    /// <summary>The rulesets of the topology (firewalls' rules and rules6, hosts' own firewalls), by owner twin id.</summary>
    public IEnumerable<(string Owner, FirewallRuleset Rules, string Family)> Rulesets()
    {
        foreach (var f in _t.Firewalls)
        {
            if (f.Rules is { } r4) yield return (FirewallId(f.Name), r4, "ipv4");
            if (f.Rules6 is { } r6) yield return (FirewallId(f.Name), r6, "ipv6");
        }
        foreach (var h in _t.Hosts)
            if (h.HostFirewall is { } hf) yield return (_hostIds[h.Name], hf, "ipv4");
    }

    /// <summary>The twin id a <c>--iptables NAME=FILE</c> owner names: a topology host or firewall, else null.</summary>
    public string? OwnerId(string name) =>
        _hostIds.TryGetValue(name, out var id) ? id : _t.Firewalls.Any(f => f.Name == name) ? FirewallId(name) : null;

    private static string Privilege(PrivilegeLevel p) => p == PrivilegeLevel.Admin ? "admin" : "user";
}
