using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Network.Models;
using TwinLab.Network.Scan;
using TwinLab.Network.Tests.Scan;
using TwinLab.Network.Twin;

namespace TwinLab.Network.Tests.Twin;

public sealed class NetworkGraphTests
{
    private static JsonObject TwinById(NetworkGraph g, string id) =>
        g.Graph["twins"]!.AsArray().OfType<JsonObject>().Single(t => t["$dtId"]!.GetValue<string>() == id);

    private static IEnumerable<string> IdsOf(NetworkGraph g, string model) =>
        g.Graph["twins"]!.AsArray().OfType<JsonObject>().Where(t => t["$metadata"]!["$model"]!.GetValue<string>() == model).Select(t => t["$dtId"]!.GetValue<string>());

    [Fact]
    public void FromScan_EnterpriseWithNvd_MakesStableIdsAndMatchesTheKnownCves()
    {
        var g = TwinTestData.EnterpriseGraph();

        Assert.Equal(["192.168.56.10", "192.168.56.20", "192.168.56.30"], IdsOf(g, NetworkModels.Host));
        Assert.Equal(["192.168.56.0/24"], IdsOf(g, NetworkModels.Subnet));
        // OpenSSH 8.2p1 and 7.4 are before 9.3 (CVE-2023-38408); Apache 2.4.49 is CVE-2021-41773; Samba 4.6.2 < 4.6.4 is SambaCry.
        Assert.Equal(
            ["192.168.56.10:tcp/22:CVE-2023-38408", "192.168.56.10:tcp/80:CVE-2021-41773", "192.168.56.30:tcp/22:CVE-2023-38408", "192.168.56.30:tcp/445:CVE-2017-7494"],
            IdsOf(g, NetworkModels.Vulnerability));
        var s = g.Summary;
        Assert.Equal((3, 0, 14, 13, 11, 2), (s.Hosts, s.HostsSkipped, s.Ports, s.OpenPorts, s.Services, s.UnknownServices));
        Assert.Equal((4, 3, 1), (s.Vulnerabilities, s.DistinctCves, s.KnownExploited));
        // OpenSSH and Samba 9.8; Apache's path traversal 7.5 (NVD's Primary metric; the Secondary one says 9.8).
        Assert.Equal(new Dictionary<string, int> { ["critical"] = 3, ["high"] = 1 }, s.BySeverity);
        Assert.Equal(("nmap 7.93", 6), (s.Scanner, s.CveCount));
    }

    [Fact]
    public void FromScan_Vulnerability_CarriesCvssEpssAndKev()
    {
        var g = TwinTestData.EnterpriseGraph();

        var v = TwinById(g, "192.168.56.10:tcp/80:CVE-2021-41773");

        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", v["cvssVector"]!.GetValue<string>());
        Assert.Equal(7.5, v["baseScore"]!.GetValue<double>());
        Assert.Equal("high", v["severity"]!.GetValue<string>());
        Assert.Equal(1.0, v["exploitability"]!.GetValue<double>(), 3);
        Assert.Equal(0.97356, v["epssProbability"]!.GetValue<double>());
        Assert.True(v["inKev"]!.GetValue<bool>());
        Assert.True(v["ransomware"]!.GetValue<bool>());
        Assert.Equal("cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", v["matchedCpe"]!.GetValue<string>());
        Assert.False(TwinById(g, "192.168.56.10:tcp/22:CVE-2023-38408")["inKev"]!.GetValue<bool>());
    }

    [Fact]
    public void FromScan_Host_HasAddressesNamesOsAndItsServices()
    {
        var g = TwinTestData.EnterpriseGraph();

        var web = TwinById(g, "192.168.56.10");
        var ssh = TwinById(g, "192.168.56.10:tcp/22");
        var nic = TwinById(g, "192.168.56.10:if0");

        Assert.Equal(["192.168.56.10", "08:00:27:3A:5B:7C"], web["addresses"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["web01.corp.example"], web["hostnames"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(("Linux 4.15 - 5.6", 100, "Linux"), (web["osGuess"]!.GetValue<string>(), web["osAccuracy"]!.GetValue<int>(), web["osFamily"]!.GetValue<string>()));
        Assert.Equal(("tcp", 22, "open", "OpenSSH", "8.2p1 Ubuntu 4ubuntu0.5"),
            (ssh["protocol"]!.GetValue<string>(), ssh["port"]!.GetValue<int>(), ssh["state"]!.GetValue<string>(), ssh["product"]!.GetValue<string>(), ssh["version"]!.GetValue<string>()));
        Assert.Equal("08:00:27:3A:5B:7C", nic["mac"]!.GetValue<string>());
        var rels = g.Graph["relationships"]!.AsArray().OfType<JsonObject>().Select(r => $"{r["source"]} -{r["name"]}-> {r["target"]}").ToHashSet();
        Assert.Contains("network -hasSubnet-> 192.168.56.0/24", rels);
        Assert.Contains("192.168.56.0/24 -hasHost-> 192.168.56.10", rels);
        Assert.Contains("192.168.56.10 -runs-> 192.168.56.10:tcp/22", rels);
        Assert.Contains("192.168.56.10:tcp/22 -hasVulnerability-> 192.168.56.10:tcp/22:CVE-2023-38408", rels);
        Assert.Contains("192.168.56.10:if0 -attachedTo-> 192.168.56.0/24", rels);
    }

    [Fact]
    public void FromScan_UnknownServicesAndUnmatchedCpes_AreNotesWithFileAndLine()
    {
        var g = TwinTestData.EnterpriseGraph();
        var file = ScanDataFiles.Scan("enterprise-new-layout.xml");

        var notes = g.Summary.Notes;

        Assert.Equal(["tcp/5357", "tcp/49152"], notes.Where(n => n.Kind == ImportNoteKind.UnknownService).Select(n => n.Port));
        var mysql = Assert.Single(notes, n => n.Kind == ImportNoteKind.UnmatchedCpe && n.Port == "tcp/3306");
        Assert.Equal($"{file}:27", mysql.Location);
        Assert.Contains("mysql:mysql", mysql.Message, StringComparison.Ordinal);
        // Samba on 139 has no version: the product is in the data but its ranges cannot be checked.
        Assert.Contains(notes, n => n.Kind == ImportNoteKind.UnmatchedCpe && n.Host == "192.168.56.30" && n.Port == "tcp/139" && n.Message.Contains("no version", StringComparison.Ordinal));
        Assert.Equal(notes.OrderBy(n => int.Parse(n.Location![(n.Location!.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)), notes);
    }

    [Fact]
    public void FromScan_WithoutNvd_HasNoVulnerabilitiesAndNoUnmatchedNotes()
    {
        var g = TwinTestData.EnterpriseGraph(Network.Twin.VulnerabilityFeeds.None);

        Assert.Empty(IdsOf(g, NetworkModels.Vulnerability));
        Assert.DoesNotContain(g.Summary.Notes, n => n.Kind == ImportNoteKind.UnmatchedCpe);
        Assert.Null(TwinById(g, NetworkGraph.NetworkId)["cveFile"]);
    }

    [Theory]
    [InlineData("enterprise-new-layout.xml")]
    [InlineData("enterprise-rescan.xml")]
    [InlineData("metasploitable-old-layout.xml")]
    public void FromScan_EveryTestScan_ValidatesAgainstTheModels(string name)
    {
        var g = NetworkGraph.FromScan(NmapXmlReader.Read(ScanDataFiles.Scan(name)), TwinTestData.Feeds);
        var graph = new TwinGraph();
        graph.ImportModels(NetworkModels.Sources);

        var (twins, relationships) = GraphFile.Apply(graph, JsonSerializer.SerializeToElement(g.Graph), name);

        Assert.Equal(g.Graph["twins"]!.AsArray().Count, twins);
        Assert.Equal(g.Graph["relationships"]!.AsArray().Count, relationships);
        Assert.True(twins > 3);
    }

    [Fact]
    public void FromScan_DownHostAndRepeatedHost_AreSkippedWithANote()
    {
        const string xml = """
            <?xml version="1.0"?>
            <nmaprun scanner="nmap" args="nmap -Pn 10.0.0.1-2" start="1709543521" version="7.93" xmloutputversion="1.05">
            <host><status state="down" reason="no-response"/><address addr="10.0.0.1" addrtype="ipv4"/></host>
            <host><status state="up" reason="syn-ack"/><address addr="10.0.0.2" addrtype="ipv4"/>
            <ports><port protocol="tcp" portid="22"><state state="open" reason="syn-ack"/><service name="ssh" product="OpenSSH" version="9.6p1"><cpe>cpe:/a:openbsd:openssh:9.6p1</cpe></service></port></ports></host>
            <host><status state="up" reason="syn-ack"/><address addr="10.0.0.2" addrtype="ipv4"/></host>
            </nmaprun>
            """;

        var g = NetworkGraph.FromScan(NmapXmlReader.Parse(xml, "two.xml"), TwinTestData.Feeds);

        Assert.Equal((1, 2), (g.Summary.Hosts, g.Summary.HostsSkipped));
        Assert.Equal(["two.xml:3", "two.xml:6"], g.Summary.Notes.Where(n => n.Kind == ImportNoteKind.HostSkipped).Select(n => n.Location));
        Assert.Equal(["10.0.0.2:tcp/22:CVE-2024-6387"], IdsOf(g, NetworkModels.Vulnerability));
    }

    [Theory]
    [InlineData("192.168.56.10", "192.168.56.0/24")]
    [InlineData("fe80::a00:27ff:fe4c:1d2e", "fe80::/64")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("08:00:27:3A:5B:7C", null)]
    public void InferredSubnet_Address_IsItsSlash24OrSlash64(string address, string? subnet) =>
        Assert.Equal(subnet, NetworkGraph.InferredSubnet(address));
}
