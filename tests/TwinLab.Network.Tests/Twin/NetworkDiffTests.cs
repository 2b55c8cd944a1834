using TwinLab.Network.Twin;

namespace TwinLab.Network.Tests.Twin;

public sealed class NetworkDiffTests
{
    [Fact]
    public void Compare_EnterpriseThenRescan_ListsEveryChangeByHand()
    {
        var diff = NetworkDiff.Compare(TwinTestData.EnterpriseGraph().Graph, TwinTestData.RescanGraph().Graph);

        Assert.True(diff.VulnerabilitiesCompared);
        Assert.Equal(
        [
            "HostAdded 192.168.56.40",
            "HostRemoved 192.168.56.20",
            "PortOpened 192.168.56.10 tcp/8080",
            "PortOpened 192.168.56.40 tcp/22",
            "PortOpened 192.168.56.40 tcp/5432",
            "PortClosed 192.168.56.10 tcp/3306",
            "PortClosed 192.168.56.30 tcp/139",
            "ServiceChanged 192.168.56.10 tcp/22",
            "ServiceChanged 192.168.56.10 tcp/80",
            // OpenSSH 9.6p1 is past 9.3 (CVE-2023-38408 fixed) but inside regreSSHion's 8.5–9.8 range.
            "VulnerabilityAdded 192.168.56.10 tcp/22 CVE-2024-6387",
            "VulnerabilityAdded 192.168.56.40 tcp/22 CVE-2023-38408",
            "VulnerabilityFixed 192.168.56.10 tcp/22 CVE-2023-38408",
            "VulnerabilityFixed 192.168.56.10 tcp/80 CVE-2021-41773",
        ], diff.Changes.Select(c => string.Join(" ", new[] { c.Kind.ToString(), c.Host, c.Port, c.Cve }.OfType<string>())));
    }

    [Fact]
    public void Compare_EnterpriseThenRescan_DescribesBeforeAndAfter()
    {
        var diff = NetworkDiff.Compare(TwinTestData.EnterpriseGraph().Graph, TwinTestData.RescanGraph().Graph);

        var lines = diff.Changes.Select(c => c.ToString()).ToList();

        Assert.Contains("new host: 192.168.56.40 (db01.corp.example)", lines);
        Assert.Contains("host gone: 192.168.56.20 (iis01.corp.example; 7 open ports; 0 vulnerabilities)", lines);
        Assert.Contains("service changed: 192.168.56.10 tcp/22: OpenSSH 8.2p1 Ubuntu 4ubuntu0.5 → OpenSSH 9.6p1 Ubuntu 3ubuntu13", lines);
        Assert.Contains("port closed: 192.168.56.10 tcp/3306 (was open), now closed", lines);
        Assert.Contains("port closed: 192.168.56.30 tcp/139 (was open), now not listed", lines);
        Assert.Contains("new vulnerability: CVE-2024-6387 on 192.168.56.10 tcp/22 (CVSS 8.1 high)", lines);
        Assert.Contains("vulnerability gone: CVE-2021-41773 on 192.168.56.10 tcp/80 (now Apache httpd 2.4.58)", lines);
        Assert.Equal(2, diff.Count(NetworkChangeKind.VulnerabilityFixed));
    }

    [Fact]
    public void Compare_SameScanTwice_IsEmpty()
    {
        var diff = NetworkDiff.Compare(TwinTestData.EnterpriseGraph().Graph, TwinTestData.EnterpriseGraph().Graph);

        Assert.True(diff.IsEmpty);
    }

    [Fact]
    public void Compare_RescanWithoutCveData_DoesNotCallEveryVulnerabilityFixed()
    {
        var diff = NetworkDiff.Compare(TwinTestData.EnterpriseGraph().Graph, TwinTestData.RescanGraph(VulnerabilityFeeds.None).Graph);

        Assert.False(diff.VulnerabilitiesCompared);
        Assert.Equal(0, diff.Count(NetworkChangeKind.VulnerabilityFixed) + diff.Count(NetworkChangeKind.VulnerabilityAdded));
        Assert.Equal(3, diff.Count(NetworkChangeKind.PortOpened));
    }
}
