using TwinLab.Network.Firewall;
using TwinLab.Network.Reachability;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Tests.Reachability;

/// <summary>The example enterprise in examples/network: two firewalls, a host firewall on db01, IPv4 and IPv6.</summary>
public sealed class ExampleNetworkTests
{
    private static readonly NetworkTopology Topology = TopologyFile.Load(ExampleFiles.Path("topology.yaml"));

    private static ReachabilityEngine Engine() => new(Topology);

    [Fact]
    public void InternetToWeb443_IsAllowedByThePublicWebRule()
    {
        var e = Engine().Explain("internet", "web01", IpProtocol.Tcp, 443);
        Assert.True(e.Allowed);
        Assert.Equal(["internet", "dmz"], e.ZonePath);
        var hop = e.Hops.Single();
        Assert.Equal(("fw-border", "eth0", "eth1"), (hop.Device, hop.InInterface, hop.OutInterface));
        Assert.Equal(("firewall/border.rules", 35, "DMZ_IN"), (hop.DecidingRule!.File, hop.DecidingRule.Line, hop.DecidingRule.Chain));
        Assert.Equal(26, hop.Via.Single().Line);
        Assert.Contains("\"public web site\"", hop.Reason);
    }

    [Fact]
    public void InternetToDb3306_IsBlockedByTheBorderPolicy()
    {
        var e = Engine().Explain("internet", "db01", IpProtocol.Tcp, 3306);
        Assert.False(e.Allowed);
        Assert.Equal(["internet", "transit", "servers"], e.ZonePath);
        var blocked = e.BlockedBy!;
        Assert.Equal("fw-border", blocked.Device);
        Assert.True(blocked.IsPolicy);
        Assert.Equal(("FORWARD", 14, "policy DROP"), (blocked.DecidingRule!.Chain, blocked.DecidingRule.Line, blocked.DecidingRule.Text));
    }

    [Fact]
    public void WorkstationToDc445_IsAllowedByTheActiveDirectoryRule()
    {
        var e = Engine().Explain("hr-laptop-01", "dc01", IpProtocol.Tcp, 445);
        Assert.True(e.Allowed);
        var hop = e.Hops.Single();
        Assert.Equal(("fw-internal", 22, "SERVERS_IN"), (hop.Device, hop.DecidingRule!.Line, hop.DecidingRule.Chain));
        Assert.Equal(15, hop.Via.Single().Line);
        Assert.True(Engine().CanConnect("workstations", "dc01", IpProtocol.Tcp, 445));
    }

    [Fact]
    public void WebToDb3306_CrossesBothFirewallsAndTheHostFirewall()
    {
        var e = Engine().Explain("web01", "db01", IpProtocol.Tcp, 3306);
        Assert.True(e.Allowed);
        Assert.Equal(["dmz", "transit", "servers"], e.ZonePath);
        Assert.Equal(
            [("fw-border", HopKind.Forward, "firewall/border.rules", 30), ("fw-internal", HopKind.Forward, "firewall/internal.rules", 19), ("db01", HopKind.HostInput, "firewall/db01.rules", 9)],
            e.Hops.Select(h => (h.Device, h.Kind, h.DecidingRule!.File, h.DecidingRule.Line)));
        Assert.Equal("203.0.113.10", e.SourceAddress!.ToString());
        Assert.False(Engine().CanConnect("mail01", "db01", IpProtocol.Tcp, 3306));
    }

    [Fact]
    public void HostFirewall_LetsOnlyTheJumpHostSshToDb()
    {
        var engine = Engine();
        var jump = engine.Explain("jump01", "db01", IpProtocol.Tcp, 22);
        Assert.True(jump.Allowed);
        Assert.Equal([14, 11], jump.Hops.Select(h => h.DecidingRule!.Line));
        var monitor = engine.Explain("monitor01", "db01", IpProtocol.Tcp, 22);
        Assert.False(monitor.Allowed);
        Assert.Equal(("db01", true, 4), (monitor.BlockedBy!.Device, monitor.BlockedBy.IsPolicy, monitor.BlockedBy.DecidingRule!.Line));
    }

    [Fact]
    public void OtherExpectedDecisions()
    {
        var engine = Engine();
        var reject = engine.Explain("hr-laptop-01", "jump01", IpProtocol.Tcp, 22);
        Assert.False(reject.Allowed);
        Assert.Equal(28, reject.BlockedBy!.DecidingRule!.Line);
        Assert.Contains("rejected", reject.BlockedBy.Reason);
        var dnsHole = engine.Explain("dc01", "hr-laptop-01", IpProtocol.Udp, 137);
        Assert.True(dnsHole.Allowed);
        Assert.Equal((53, 18), (dnsHole.SourcePort, dnsHole.Hops.Single().DecidingRule!.Line));
        Assert.False(engine.CanConnect("dc01", "hr-laptop-01", IpProtocol.Tcp, 445));
        var lateral = engine.Explain("hr-laptop-02", "hr-laptop-01", IpProtocol.Tcp, 445);
        Assert.True(lateral.Allowed);
        Assert.Empty(lateral.Hops);
        Assert.True(engine.CanConnect("it-laptop", "files01", IpProtocol.Tcp, 3389));
        Assert.False(engine.CanConnect("hr-laptop-01", "files01", IpProtocol.Tcp, 3389));
        Assert.True(engine.CanConnect("workstations", "web01", IpProtocol.Tcp, 443));
        Assert.True(engine.CanConnect("internet", "mail01", IpProtocol.Tcp, 25));
        Assert.False(engine.CanConnect("internet", "web01", IpProtocol.Tcp, 22));
        Assert.True(engine.CanConnect("internet", "web01", IpProtocol.Icmp, 0));
        Assert.True(engine.CanConnect("jump01", "web01", IpProtocol.Tcp, 22));
        Assert.False(engine.CanConnect("dmz", "dc01", IpProtocol.Tcp, 445));
        Assert.True(engine.CanConnect("db01", "db01", IpProtocol.Tcp, 3306));
    }

    [Fact]
    public void Unsupported_ListsTheRateLimitsWithTheirLines()
    {
        var unsupported = Engine().Unsupported;
        Assert.Equal([("firewall/border.rules", 34), ("firewall/border.rules", 37)], unsupported.Select(u => (u.File, u.Line)));
        Assert.All(unsupported, u => Assert.StartsWith("-m limit", u.Text));
    }

    [Fact]
    public void Matrix_EqualsPairwiseDecisions_ForEverySourceAndService()
    {
        var engine = Engine();
        var matrix = engine.ComputeMatrix();
        Assert.Equal(Topology.Hosts.Sum(h => h.Services.Count), matrix.Services.Count);
        foreach (var source in matrix.HostSources.Concat(matrix.ZoneSources))
            for (var i = 0; i < matrix.Services.Count; i++)
            {
                var s = matrix.Services[i];
                Assert.True(engine.CanConnect(source, s.Host, s.Protocol, s.Port) == matrix.CanReach(source, i),
                    $"{source} -> {s.Host} {s.Protocol}/{s.Port}: pairwise and matrix disagree");
            }
        Assert.True(matrix.SourceClassCount < matrix.HostSources.Count + matrix.ZoneSources.Count);
    }

    [Fact]
    public void Matrix_InternetReachesOnlyThePublishedServices()
    {
        var matrix = Engine().ComputeMatrix();
        Assert.Equal(
            [new Hacl("internet", "web01", IpProtocol.Tcp, 80), new Hacl("internet", "web01", IpProtocol.Tcp, 443), new Hacl("internet", "mail01", IpProtocol.Tcp, 25)],
            matrix.Facts().Where(f => f.Source == "internet"));
        Assert.DoesNotContain(matrix.ReachableServices("hr-laptop-01"), s => s.Host == "hr-laptop-01");
        Assert.Contains(new ServiceEndpoint("hr-laptop-01", IpProtocol.Tcp, 445, "smb"), matrix.ReachableServices("hr-laptop-02"));
        Assert.Equal(matrix.Facts().LongCount(), matrix.AllowedPairCount());
        Assert.Equal(matrix.Facts(includeZoneSources: false).LongCount(), matrix.AllowedPairCount(includeZoneSources: false));
    }
}
