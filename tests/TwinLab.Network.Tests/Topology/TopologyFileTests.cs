using System.Net;
using TwinLab.Network.Firewall;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Tests.Topology;

public sealed class TopologyFileTests
{
    private const string Zones = """
        zones:
          - name: internet
            subnets: [0.0.0.0/0]
          - name: lan
            subnets: [10.1.0.0/16]
        """;

    private static NetworkTopology Parse(string yaml) => TopologyFile.Parse(yaml, "topo.yaml", ExampleFiles.Folder);

    [Fact]
    public void Load_Example_ReadsEverySection()
    {
        var topo = TopologyFile.Load(ExampleFiles.Path("topology.yaml"));
        Assert.Equal("acme-small-enterprise", topo.Name);
        Assert.Equal(["internet", "dmz", "transit", "servers", "workstations", "mgmt"], topo.Zones.Select(z => z.Name));
        Assert.Equal(12, topo.Hosts.Count);
        var web = topo.FindHost("web01")!;
        Assert.Equal([IPAddress.Parse("203.0.113.10"), IPAddress.Parse("2001:db8:100::10")], web.Addresses);
        Assert.Contains(new HostService("https", IpProtocol.Tcp, 443), web.Services);
        var db = topo.FindHost("db01")!;
        Assert.True(db.CrownJewel);
        Assert.Equal(100, db.AssetValue);
        Assert.Equal("database", db.Role);
        Assert.NotNull(db.HostFirewall);
        Assert.Equal(["dc01", "files01", "db01"], topo.Credentials[0].ValidOn);
        Assert.Equal(["it-laptop"], topo.Credentials[0].StoredOn);
        Assert.Equal(PrivilegeLevel.Admin, topo.Credentials[0].Privilege);
        var trust = topo.Trusts[0];
        Assert.Equal(("jump01", "db01", "root", 22), (trust.From, trust.To, trust.User, trust.Service!.Port));
        Assert.Equal([new AttackerStart("internet", false), new AttackerStart("hr-laptop-02", true)],
            topo.AttackerStarts.Select(s => s with { Line = 0 }));
        var border = topo.Firewalls[0];
        Assert.Equal(["internet", "dmz", "transit"], border.Zones);
        Assert.Equal("eth2", border.InterfaceTo("transit"));
        Assert.NotNull(border.Rules6);
        Assert.Equal("FORWARD", border.ForwardChain);
        Assert.Equal("servers", topo.ZoneOf(IPAddress.Parse("10.10.10.99"))!.Name);
        Assert.Equal("internet", topo.ZoneOf(IPAddress.Parse("10.200.0.1"))!.Name);
    }

    [Fact]
    public void Parse_UnknownZone_NamesLineAndField()
    {
        var e = Assert.Throws<TopologyFileException>(() => Parse(Zones + """

            hosts:
              - name: pc1
                zone: lab
                addresses: [10.1.0.5]
            """));
        Assert.Equal((8L, "hosts[0].zone"), (e.Line, e.Field));
        Assert.Contains("unknown zone 'lab'", e.Message);
        Assert.StartsWith("topo.yaml:8:", e.Message);
    }

    [Fact]
    public void Parse_BadCidr_NamesLineAndField()
    {
        var e = Assert.Throws<TopologyFileException>(() => Parse("""
            zones:
              - name: lan
                subnets:
                  - 10.1.0.0/16
                  - 10.2.0.0/40
            """));
        Assert.Equal((5L, "zones[0].subnets[1]"), (e.Line, e.Field));
        Assert.Contains("prefix length", e.Message);
    }

    [Fact]
    public void Parse_DuplicateHost_NamesBothLines()
    {
        var e = Assert.Throws<TopologyFileException>(() => Parse(Zones + """

            hosts:
              - name: pc1
                zone: lan
                addresses: [10.1.0.5]
              - name: pc1
                zone: lan
                addresses: [10.1.0.6]
            """));
        Assert.Equal(10, e.Line);
        Assert.Equal("hosts[1].name", e.Field);
        Assert.Contains("also on line 7", e.Message);
    }

    [Fact]
    public void Parse_AddressOutsideItsZone_IsAnError()
    {
        var e = Assert.Throws<TopologyFileException>(() => Parse(Zones + """

            hosts:
              - name: pc1
                zone: lan
                addresses: [192.0.2.7]
            """));
        Assert.Equal("hosts[0].addresses", e.Field);
        Assert.Contains("lies in zone 'internet', not in 'lan'", e.Message);
    }

    [Theory]
    [InlineData("hosts:\n  - name: pc1\n    zone: lan\n    addresses: [10.1.0.5]\n    services: [ssh/tcp/99999]\n", "hosts[0].services[0]", "port")]
    [InlineData("hosts:\n  - name: pc1\n    zone: lan\n    addresses: [10.1.0.5]\n    colour: blue\n", "hosts[0].colour", "unknown key")]
    [InlineData("hosts:\n  - name: pc1\n    zone: lan\n    addresses: [10.1.0.5]\n    crown_jewel: maybe\n", "hosts[0].crown_jewel", "not true or false")]
    [InlineData("firewalls:\n  - name: fw\n    interfaces: {eth0: internet, eth1: wan}\n", "firewalls[0].interfaces.eth1", "unknown zone 'wan'")]
    [InlineData("firewalls:\n  - name: fw\n    interfaces: {eth0: internet, eth1: lan}\n    rules: firewall/nope.rules\n", "firewalls[0].rules", "does not exist")]
    [InlineData("firewalls:\n  - name: fw\n    interfaces: {eth0: internet, eth1: lan}\n    rules: firewall/internal.rules\n    forward_chain: FWD\n", "firewalls[0].forward_chain", "chain 'FWD'")]
    [InlineData("flows:\n  - {from: internet, to: lan, ports: [tcp/http]}\n", "flows[0].ports[0]", "not a flow port")]
    [InlineData("trusts:\n  - {from: ghost, to: ghost2}\n", "trusts[0].from", "unknown host 'ghost'")]
    [InlineData("attacker_starts: [mars]\n", "attacker_starts[0]", "neither a zone nor a host")]
    public void Parse_BadValue_NamesTheField(string tail, string field, string expected)
    {
        var e = Assert.Throws<TopologyFileException>(() => Parse(Zones + "\n" + tail));
        Assert.Equal(field, e.Field);
        Assert.Contains(expected, e.Message);
        Assert.True(e.Line > 5, $"line {e.Line} should point into the tail");
    }

    [Fact]
    public void Parse_InvalidYaml_NamesTheLine()
    {
        var e = Assert.Throws<TopologyFileException>(() => Parse("zones:\n  - name: a\n    subnets: [10.0.0.0/8\n"));
        Assert.Contains("not valid YAML", e.Message);
        Assert.True(e.Line >= 3);
    }

    [Fact]
    public void Constructor_InCode_ChecksReferences()
    {
        var zones = new[] { new Zone("lan", [IpPrefix.Parse("10.1.0.0/16")]) };
        var hosts = new[] { new NetworkHost { Name = "pc1", Zone = "lan", Addresses = [IPAddress.Parse("10.1.0.5")] } };
        var e = Assert.Throws<TopologyFileException>(() => new NetworkTopology(zones, hosts, [],
            credentials: [new Credential { Name = "c", User = "bob", ValidOn = ["pc2"], StoredOn = ["pc1"] }]));
        Assert.Equal("credentials[0].valid_on", e.Field);
        Assert.Throws<TopologyFileException>(() => new NetworkTopology(zones, [.. hosts, .. hosts], []));
    }
}
