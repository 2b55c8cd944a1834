using System.Globalization;
using System.Net;
using System.Text;
using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Synthetic;

/// <summary>A generated enterprise in the shape of the example (internet, DMZ, servers, workstations, management; a border
/// and an internal firewall), scaled to any number of hosts with five services each. Deterministic: host i always gets
/// the same zone, address, services and rules.</summary>
internal static class GeneratedEnterprise
{
    private static readonly (string Name, IpProtocol Protocol, int Port)[] WebServices =
        [("http", IpProtocol.Tcp, 80), ("https", IpProtocol.Tcp, 443), ("ssh", IpProtocol.Tcp, 22), ("http-alt", IpProtocol.Tcp, 8080), ("https-alt", IpProtocol.Tcp, 8443)];
    private static readonly (string, IpProtocol, int)[] ServerServices =
        [("ssh", IpProtocol.Tcp, 22), ("smb", IpProtocol.Tcp, 445), ("mysql", IpProtocol.Tcp, 3306), ("postgres", IpProtocol.Tcp, 5432), ("rdp", IpProtocol.Tcp, 3389)];
    private static readonly (string, IpProtocol, int)[] WorkstationServices =
        [("smb", IpProtocol.Tcp, 445), ("netbios-ns", IpProtocol.Udp, 137), ("rdp", IpProtocol.Tcp, 3389), ("winrm", IpProtocol.Tcp, 5985), ("netbios-ssn", IpProtocol.Tcp, 139)];
    private static readonly (string, IpProtocol, int)[] MgmtServices =
        [("ssh", IpProtocol.Tcp, 22), ("https", IpProtocol.Tcp, 443), ("snmp", IpProtocol.Udp, 161), ("nrpe", IpProtocol.Tcp, 5666), ("node-exporter", IpProtocol.Tcp, 9100)];

    public static NetworkTopology Build(int hostCount)
    {
        Zone[] zones =
        [
            new("internet", [IpPrefix.AnyIPv4]),
            new("dmz", [IpPrefix.Parse("198.18.0.0/20")]),
            new("transit", [IpPrefix.Parse("10.255.0.0/30")]),
            new("servers", [IpPrefix.Parse("10.10.0.0/16")]),
            new("workstations", [IpPrefix.Parse("10.20.0.0/14")]),
            new("mgmt", [IpPrefix.Parse("10.99.0.0/20")]),
        ];
        var hosts = new List<NetworkHost>(hostCount);
        int dmz = 0, srv = 0, ws = 0, mgmt = 0;
        for (var i = 0; i < hostCount; i++)
        {
            var bucket = i % 100;
            var (zone, base32, index, services, role) = bucket switch
            {
                < 2 => ("dmz", 0xC6120000u, ++dmz, WebServices, "web-server"),
                < 20 => ("servers", 0x0A0A0000u, ++srv, ServerServices, "server"),
                < 99 => ("workstations", 0x0A140000u, ++ws, WorkstationServices, "workstation"),
                _ => ("mgmt", 0x0A630000u, ++mgmt, MgmtServices, "management"),
            };
            // Leave .0 and .255 of each /24 unused: 250 hosts per segment.
            var address = base32 + (uint)((index / 250) << 8) + (uint)(index % 250 + 1);
            hosts.Add(new NetworkHost
            {
                Name = $"{role}-{index.ToString("D5", CultureInfo.InvariantCulture)}",
                Zone = zone,
                Addresses = [new IPAddress(BitConverter.GetBytes(address).Reverse().ToArray())],
                Role = role,
                AssetValue = role == "server" ? 50 : 5,
                CrownJewel = role == "server" && index % 50 == 0,
                Services = [.. services.Select(s => new HostService(s.Item1, s.Item2, s.Item3))],
            });
        }
        FirewallDevice[] firewalls =
        [
            new() { Name = "fw-border", Interfaces = [new("eth0", "internet"), new("eth1", "dmz"), new("eth2", "transit")], Rules = BorderRules(hosts) },
            new() { Name = "fw-internal", Interfaces = [new("eth0", "transit"), new("eth1", "servers"), new("eth2", "workstations"), new("eth3", "mgmt")], Rules = InternalRules(hosts) },
        ];
        return new NetworkTopology(zones, hosts, firewalls, attackerStarts: [new AttackerStart("internet", false)], file: "generated");
    }

    private static FirewallRuleset BorderRules(List<NetworkHost> hosts)
    {
        var s = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:DMZ_IN - [0:0]\n");
        s.Append("-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
        s.Append("-A FORWARD -s 10.0.0.0/8 -i eth0 -j DROP\n");
        s.Append("-A FORWARD -i eth0 -o eth1 -j DMZ_IN\n");
        s.Append("-A FORWARD -s 10.99.0.0/20 -i eth2 -o eth1 -p tcp -m tcp --dport 22 -j ACCEPT\n");
        s.Append("-A FORWARD -s 10.20.0.0/14 -i eth2 -o eth1 -p tcp -m multiport --dports 80,443,8080,8443 -j ACCEPT\n");
        s.Append("-A FORWARD -i eth1 -o eth0 -j ACCEPT\n-A FORWARD -i eth2 -o eth0 -j ACCEPT\n");
        var web = hosts.Where(h => h.Zone == "dmz").ToList();
        var servers = hosts.Where(h => h.Zone == "servers").ToList();
        // Each of the first 100 web servers talks to one database.
        for (var k = 0; k < Math.Min(100, web.Count); k++)
            s.Append($"-A FORWARD -s {web[k].Addresses[0]}/32 -d {servers[k % servers.Count].Addresses[0]}/32 -i eth1 -o eth2 -p tcp -m tcp --dport 3306 -j ACCEPT\n");
        s.Append("-A DMZ_IN -p tcp -m multiport --dports 80,443 -j ACCEPT\n");
        for (var k = 0; k < Math.Min(40, web.Count); k += 2)
            s.Append($"-A DMZ_IN -d {web[k].Addresses[0]}/32 -p tcp -m tcp --dport 8443 -j ACCEPT\n");
        s.Append("-A DMZ_IN -j RETURN\nCOMMIT\n");
        return IptablesSaveParser.Parse(s.ToString(), "generated-border.rules");
    }

    private static FirewallRuleset InternalRules(List<NetworkHost> hosts)
    {
        var s = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:SERVERS_IN - [0:0]\n");
        s.Append("-A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT\n");
        s.Append("-A FORWARD -i eth3 -j ACCEPT\n-A FORWARD -o eth1 -j SERVERS_IN\n");
        s.Append("-A FORWARD -i eth2 -o eth0 -j ACCEPT\n-A FORWARD -i eth1 -o eth0 -j ACCEPT\n");
        var web = hosts.Where(h => h.Zone == "dmz").ToList();
        var servers = hosts.Where(h => h.Zone == "servers").ToList();
        for (var k = 0; k < Math.Min(100, web.Count); k++)
            s.Append($"-A SERVERS_IN -s {web[k].Addresses[0]}/32 -d {servers[k % servers.Count].Addresses[0]}/32 -i eth0 -p tcp -m tcp --dport 3306 -j ACCEPT\n");
        s.Append("-A SERVERS_IN -i eth0 -j DROP\n");
        // Department segments (workstation /24s) reach their own server segment on file and database ports.
        for (var seg = 0; seg < 32; seg++)
            s.Append($"-A SERVERS_IN -s 10.{20 + seg / 256}.{seg % 256}.0/24 -d 10.10.{seg % 8}.0/24 -i eth2 -p tcp -m multiport --dports 445,3306,5432 -j ACCEPT\n");
        s.Append("-A SERVERS_IN -i eth2 -p tcp -m tcp --dport 445 -j ACCEPT\n");
        s.Append("-A SERVERS_IN -s 10.20.0.0/24 -i eth2 -p tcp -m tcp --dport 3389 -j ACCEPT\n");
        s.Append("-A SERVERS_IN -j RETURN\nCOMMIT\n");
        return IptablesSaveParser.Parse(s.ToString(), "generated-internal.rules");
    }
}
