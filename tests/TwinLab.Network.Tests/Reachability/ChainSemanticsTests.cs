using System.Net;
using TwinLab.Network.Firewall;
using TwinLab.Network.Reachability;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Tests.Reachability;

/// <summary>First-match, policy, jump/goto/RETURN, state, interface and source-port semantics on a one-firewall network:
/// outside (eth0) — fw — lan 10.1.0.0/16 (eth1), dmz 10.2.0.0/16 (eth2).</summary>
public sealed class ChainSemanticsTests
{
    private static ReachabilityEngine Engine(string forwardRules, string userChains = "", string policy = "DROP",
        FirewallRuleset? serverInput = null, IEnumerable<AllowedFlow>? flows = null, bool withRules = true, string nat = "")
    {
        var rules = IptablesSaveParser.Parse($"""
            *filter
            :INPUT DROP [0:0]
            :FORWARD {policy} [0:0]
            :OUTPUT ACCEPT [0:0]
            {userChains}
            {forwardRules}
            COMMIT
            {nat}
            """, "fw.rules");
        Zone[] zones =
        [
            new("outside", [IpPrefix.AnyIPv4]),
            new("lan", [IpPrefix.Parse("10.1.0.0/16")]),
            new("dmz", [IpPrefix.Parse("10.2.0.0/16")]),
            new("lab", [IpPrefix.Parse("10.3.0.0/16")]),
        ];
        NetworkHost[] hosts =
        [
            new() { Name = "client", Zone = "lan", Addresses = [IPAddress.Parse("10.1.0.5")] },
            new() { Name = "client2", Zone = "lan", Addresses = [IPAddress.Parse("10.1.0.6")] },
            new() { Name = "server", Zone = "dmz", Addresses = [IPAddress.Parse("10.2.0.10")], HostFirewall = serverInput,
                    Services = [new("https", IpProtocol.Tcp, 443), new("ssh", IpProtocol.Tcp, 22), new("dns", IpProtocol.Udp, 53)] },
            new() { Name = "labbox", Zone = "lab", Addresses = [IPAddress.Parse("10.3.0.7")] },
        ];
        var fw = new FirewallDevice
        {
            Name = "fw",
            Interfaces = [new("eth0", "outside"), new("eth1", "lan"), new("eth2", "dmz")],
            Rules = withRules ? rules : null,
        };
        return new ReachabilityEngine(new NetworkTopology(zones, hosts, [fw], flows));
    }

    [Fact]
    public void FirstMatch_EarlierDropWins_OverLaterAccept()
    {
        var engine = Engine("""
            -A FORWARD -s 10.1.0.5/32 -p tcp -m tcp --dport 443 -j DROP
            -A FORWARD -s 10.1.0.0/16 -p tcp -m tcp --dport 443 -j ACCEPT
            """);
        var blocked = engine.Explain("client", "server", IpProtocol.Tcp, 443);
        Assert.False(blocked.Allowed);
        Assert.Equal(6, blocked.Hops.Single().DecidingRule!.Line);
        var allowed = engine.Explain("client2", "server", IpProtocol.Tcp, 443);
        Assert.True(allowed.Allowed);
        Assert.Equal(7, allowed.Hops.Single().DecidingRule!.Line);
        Assert.Equal("-A FORWARD -s 10.1.0.0/16 -p tcp -m tcp --dport 443 -j ACCEPT", allowed.Hops.Single().DecidingRule!.Text);
    }

    [Fact]
    public void Policy_DecidesWhenNoRuleMatches_AndNamesTheChainLine()
    {
        var drop = Engine("-A FORWARD -p tcp -m tcp --dport 443 -j ACCEPT").Explain("client", "server", IpProtocol.Tcp, 22);
        Assert.False(drop.Allowed);
        var hop = drop.Hops.Single();
        Assert.True(hop.IsPolicy);
        Assert.Equal(("FORWARD", 3, "policy DROP"), (hop.DecidingRule!.Chain, hop.DecidingRule.Line, hop.DecidingRule.Text));
        Assert.True(Engine("-A FORWARD -p tcp --dport 22 -j DROP", policy: "ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 443));
    }

    [Fact]
    public void UserChain_ReturnGoesBackToTheCaller()
    {
        var engine = Engine(
            """
            -A FORWARD -p tcp -j WEB
            -A FORWARD -p tcp -m tcp --dport 22 -j ACCEPT
            -A WEB -s 10.1.0.6/32 -j RETURN
            -A WEB -p tcp -m tcp --dport 443 -j ACCEPT
            -A WEB -j DROP
            """, ":WEB - [0:0]");
        var viaChain = engine.Explain("client", "server", IpProtocol.Tcp, 443);
        Assert.True(viaChain.Allowed);
        Assert.Equal(("WEB", 9), (viaChain.Hops[0].DecidingRule!.Chain, viaChain.Hops[0].DecidingRule!.Line));
        Assert.Equal(6, viaChain.Hops[0].Via.Single().Line);
        Assert.False(engine.CanConnect("client", "server", IpProtocol.Tcp, 22)); // WEB drops before FORWARD's ssh rule
        Assert.True(engine.CanConnect("client2", "server", IpProtocol.Tcp, 22));  // RETURN, then FORWARD line 7
        Assert.False(engine.CanConnect("client2", "server", IpProtocol.Tcp, 443)); // RETURN skips WEB's accept; policy
    }

    [Fact]
    public void Goto_DoesNotComeBack_SoTheChainEndGivesThePolicy()
    {
        const string chains = ":WEB - [0:0]";
        var jump = Engine("-A FORWARD -j WEB\n-A FORWARD -j ACCEPT\n-A WEB -p udp -j DROP", chains);
        var goTo = Engine("-A FORWARD -g WEB\n-A FORWARD -j ACCEPT\n-A WEB -p udp -j DROP", chains);
        Assert.True(jump.CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.False(goTo.CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.True(goTo.Explain("client", "server", IpProtocol.Tcp, 443).Hops[0].IsPolicy);
    }

    [Fact]
    public void State_OnlyRulesAdmittingNewAcceptANewConnection()
    {
        Assert.False(Engine("-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.True(Engine("-A FORWARD -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.True(Engine("-A FORWARD -m conntrack ! --ctstate INVALID -j ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.False(Engine("-A FORWARD -p tcp ! --syn -j ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.True(Engine("-A FORWARD -p tcp --syn -j ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 443));
        // A drop that only concerns established traffic does not stop a new connection.
        Assert.True(Engine("-A FORWARD -m state --state ESTABLISHED -j DROP", policy: "ACCEPT").CanConnect("client", "server", IpProtocol.Tcp, 22));
    }

    [Fact]
    public void Negation_MatchesEverythingElse()
    {
        var engine = Engine("-A FORWARD ! -s 10.1.0.5/32 -p tcp -m multiport ! --dports 22,23 -j ACCEPT");
        Assert.False(engine.CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.True(engine.CanConnect("client2", "server", IpProtocol.Tcp, 443));
        Assert.False(engine.CanConnect("client2", "server", IpProtocol.Tcp, 22));
        Assert.False(engine.CanConnect("client2", "server", IpProtocol.Udp, 53)); // -p tcp
    }

    [Fact]
    public void Interfaces_AreTheOnesFacingTheZones_WithWildcards()
    {
        var engine = Engine("""
            -A FORWARD -i eth0 -j DROP
            -A FORWARD -i eth+ -o eth2 -p tcp -m tcp --dport 443 -j ACCEPT
            -A FORWARD -i eth1 ! -o eth2 -j ACCEPT
            """);
        var fromLan = engine.Explain("client", "server", IpProtocol.Tcp, 443);
        Assert.True(fromLan.Allowed);
        Assert.Equal(("eth1", "eth2"), (fromLan.Hops[0].InInterface, fromLan.Hops[0].OutInterface));
        Assert.False(engine.CanConnect("outside", "server", IpProtocol.Tcp, 443));
        Assert.Equal(["outside", "dmz"], engine.ZonePath("outside", "dmz"));
    }

    [Fact]
    public void SourcePort_IsTheAttackersChoice()
    {
        var engine = Engine("-A FORWARD -p udp -m udp --sport 53 -j ACCEPT");
        var dns = engine.Explain("client", "server", IpProtocol.Udp, 53);
        Assert.True(dns.Allowed);
        Assert.Equal(53, dns.SourcePort);
        Assert.False(engine.CanConnect("client", "server", IpProtocol.Tcp, 443));
        var normal = Engine("-A FORWARD -p tcp -j ACCEPT").Explain("client", "server", IpProtocol.Tcp, 443);
        Assert.Equal(32768, normal.SourcePort);
    }

    [Fact]
    public void Icmp_IsAnEchoRequest()
    {
        Assert.True(Engine("-A FORWARD -p icmp -m icmp --icmp-type echo-request -j ACCEPT").CanConnect("client", "server", IpProtocol.Icmp, 0));
        Assert.False(Engine("-A FORWARD -p icmp -m icmp --icmp-type 0 -j ACCEPT").CanConnect("client", "server", IpProtocol.Icmp, 0));
        Assert.False(Engine("-A FORWARD -p tcp -j ACCEPT").CanConnect("client", "server", IpProtocol.Icmp, 0));
    }

    [Fact]
    public void UnsupportedMatch_IsAssumedToMatchForAcceptAndNotForDrop()
    {
        var accept = Engine("-A FORWARD -p tcp -m recent --rcheck --name x -j ACCEPT");
        Assert.True(accept.CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.Contains("assuming unsupported", accept.Explain("client", "server", IpProtocol.Tcp, 443).Hops[0].Reason);
        Assert.Single(accept.Unsupported);
        var drop = Engine("-A FORWARD -p tcp -m set --match-set bad src -j DROP\n-A FORWARD -j ACCEPT");
        Assert.True(drop.CanConnect("client", "server", IpProtocol.Tcp, 443));
    }

    [Fact]
    public void SameZone_Passes_UnlessTheHostsInputChainSaysNo()
    {
        var engine = Engine("");
        Assert.True(engine.CanConnect("client", "client2", IpProtocol.Tcp, 445));
        var input = IptablesSaveParser.Parse("""
            *filter
            :INPUT DROP [0:0]
            -A INPUT -i lo -j ACCEPT
            -A INPUT -s 10.1.0.6/32 -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 443 -j ACCEPT
            COMMIT
            """, "server.rules");
        var guarded = Engine("-A FORWARD -j ACCEPT", serverInput: input);
        Assert.True(guarded.CanConnect("client2", "server", IpProtocol.Tcp, 22));
        var denied = guarded.Explain("client", "server", IpProtocol.Tcp, 22);
        Assert.False(denied.Allowed);
        Assert.Equal(HopKind.HostInput, denied.BlockedBy!.Kind);
        Assert.Equal(("server.rules", 2), (denied.BlockedBy.DecidingRule!.File, denied.BlockedBy.DecidingRule.Line));
        Assert.True(guarded.CanConnect("client", "server", IpProtocol.Tcp, 443));
        Assert.Equal(2, denied.Hops.Count);
    }

    [Fact]
    public void Flows_DecideWhereNoRulesFileOrNoFirewall()
    {
        AllowedFlow[] flows =
        [
            new("lan", "dmz", [new FlowPort(IpProtocol.Tcp, new PortRange(443, 443))]) { Line = 12 },
            new("client2", "lab", [new FlowPort(IpProtocol.Any, PortRange.All)]) { Line = 14 },
        ];
        var engine = Engine("", flows: flows, withRules: false);
        var web = engine.Explain("client", "server", IpProtocol.Tcp, 443);
        Assert.True(web.Allowed);
        Assert.Equal((HopKind.Flow, 12), (web.Hops[0].Kind, web.Hops[0].DecidingRule!.Line));
        Assert.False(engine.CanConnect("client", "server", IpProtocol.Tcp, 22));
        // No firewall joins lab; only the host-specific flow lets client2 in.
        Assert.True(engine.CanConnect("client2", "labbox", IpProtocol.Udp, 161));
        var none = engine.Explain("client", "labbox", IpProtocol.Udp, 161);
        Assert.False(none.Allowed);
        Assert.Equal(HopKind.NoRoute, none.BlockedBy!.Kind);
    }

    [Fact]
    public void ZoneSource_IsAllowedWhenAnyOfItsAddressesGetsThrough()
    {
        var engine = Engine("-A FORWARD -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT");
        var ssh = engine.Explain("outside", "server", IpProtocol.Tcp, 22);
        Assert.True(ssh.Allowed);
        Assert.True(IpPrefix.Parse("198.51.100.0/24").Contains(ssh.SourceAddress!));
        Assert.False(engine.CanConnect("lan", "server", IpProtocol.Tcp, 22));
    }

    [Fact]
    public void Explain_ToString_ListsZonesHopsAndRules()
    {
        var text = Engine("-A FORWARD -p tcp -m tcp --dport 443 -m comment --comment \"web in\" -j ACCEPT")
            .Explain("client", "server", IpProtocol.Tcp, 443).ToString();
        Assert.Contains("ALLOWED: client -> server tcp/443", text);
        Assert.Contains("zones: lan -> dmz", text);
        Assert.Contains("accepted by fw.rules:6 in chain FORWARD \"web in\"", text);
    }

    [Fact]
    public void Dnat_MarksPortForwardedConnections_ForCtstateDnatRules()
    {
        const string nat = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -i eth0 -p tcp -m tcp --dport 8443 -j DNAT --to-destination 10.2.0.10:443
            COMMIT
            """;
        var engine = Engine("-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT", nat: nat);
        var forwarded = engine.Explain("outside", "server", IpProtocol.Tcp, 443);
        Assert.True(forwarded.Allowed);
        Assert.Contains("port-forwarded by fw.rules:", forwarded.Hops[0].Reason);
        Assert.False(engine.CanConnect("client", "server", IpProtocol.Tcp, 443)); // enters on eth1: no DNAT
        Assert.False(engine.CanConnect("outside", "server", IpProtocol.Tcp, 22));
        Assert.False(Engine("-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT").CanConnect("outside", "server", IpProtocol.Tcp, 443));
    }

    [Theory]
    [InlineData("--to-destination 10.2.0.10:443", "10.2.0.10", "10.2.0.10", "443")]
    [InlineData("--to-destination 10.2.0.10-10.2.0.12", "10.2.0.10", "10.2.0.12", "")]
    [InlineData("--to-destination [2001:db8::5]:8000-8010", "2001:db8::5", "2001:db8::5", "8000:8010")]
    public void Dnat_ToDestination_IsRead(string options, string first, string last, string ports)
    {
        var rule = new FirewallRule { File = "f", Line = 1, Table = "nat", Chain = "PREROUTING", Text = "", Target = "DNAT", TargetOptions = options };
        var to = ReachabilityEngine.ToDestination(rule)!.Value;
        Assert.Equal(IpPrefix.ToNumber(IPAddress.Parse(first)), to.First);
        Assert.Equal(IpPrefix.ToNumber(IPAddress.Parse(last)), to.Last);
        Assert.Equal(ports, to.Ports?.ToString() ?? "");
    }
}
