using TwinLab.Network.Analysis;
using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.Analysis;

public sealed class AttackFactsBuilderTests
{
    private static AttackFacts Facts => ExampleStudy.Study.Facts;

    [Fact]
    public void Build_Example_HaclsFollowTheFirewalls()
    {
        var hacls = Facts.Hacls;
        // fw-border DMZ_IN: the internet reaches web01 on 80/443 and mail01 on 25, nothing inside.
        Assert.Contains(new Hacl("internet", "web01", "tcp", 80), hacls);
        Assert.Contains(new Hacl("internet", "web01", "tcp", 443), hacls);
        Assert.Contains(new Hacl("internet", "mail01", "tcp", 25), hacls);
        Assert.Equal(3, hacls.Count(h => h.Source == "internet"));
        // web01 -> db01 MySQL passes both firewalls and db01's own INPUT chain; web01 -> db01 ssh does not.
        Assert.Contains(new Hacl("web01", "db01", "tcp", 3306), hacls);
        Assert.DoesNotContain(hacls, h => h.Source == "web01" && h.Destination == "db01" && h.Port == 22);
        // db01's ssh is open to jump01 only.
        Assert.Equal(["jump01"], hacls.Where(h => h.Destination == "db01" && h.Port == 22).Select(h => h.Source));
        // Workstations reach the domain controller's RPC (Active Directory rule), and are grouped as one source class.
        var group = Facts.HostGroups.Where(g => g.Host == "hr-laptop-02" && g.Group.Contains("sources", StringComparison.Ordinal)).Select(g => g.Group).Single();
        Assert.Contains(new Hacl(group, "dc01", "tcp", 135), hacls);
        // The IT laptop alone may RDP to the servers.
        Assert.Contains(new Hacl("it-laptop", "dc01", "tcp", 3389), hacls);
        Assert.DoesNotContain(new Hacl(group, "dc01", "tcp", 3389), hacls);
    }

    [Fact]
    public void Build_Example_ServicesAndVulnerabilitiesFromTheScan()
    {
        Assert.Contains(new NetworkService("web01", "http_server", "tcp", 80, "www-data"), Facts.Services);
        Assert.Contains(new NetworkService("db01", "mysql", "tcp", 3306, "mysql"), Facts.Services);
        Assert.Contains(new NetworkService("dc01", "msrpc", "tcp", 135, "root"), Facts.Services);
        Assert.Contains(new NetworkService("files01", "samba", "tcp", 445, "root"), Facts.Services);

        Assert.Contains(new VulnExists("web01", "CVE-2021-42013", "http_server"), Facts.Vulnerabilities);
        Assert.Contains(new VulnExists("web01", "CVE-2021-41773", "http_server"), Facts.Vulnerabilities);
        Assert.Contains(new VulnExists("files01", "CVE-2017-7494", "samba"), Facts.Vulnerabilities); // Samba 4.6.2 < 4.6.4
        Assert.Contains(new VulnExists("db01", "CVE-2016-6662", "mysql"), Facts.Vulnerabilities);     // via oracle:mysql
        Assert.Contains(new VulnExists("dc01", "CVE-2020-1472", "msrpc"), Facts.Vulnerabilities);     // Zerologon on RPC only
        Assert.DoesNotContain(Facts.Vulnerabilities, v => v.Host == "dc01" && v.VulnId == "CVE-2020-1472" && v.Program != "msrpc");
        Assert.Contains(new VulnExists("hr-laptop-02", "CVE-2021-1675", "windows_10"), Facts.Vulnerabilities);
        // SMBGhost (Windows 10 1903/1909) is not on the Server 2019 DC: only nmap's best OS match counts.
        Assert.DoesNotContain(Facts.Vulnerabilities, v => v.Host == "dc01" && v.VulnId == "CVE-2020-0796");
        // The printer has no CVE in the data.
        Assert.DoesNotContain(Facts.Vulnerabilities, v => v.Host == "NPI3E7702");
    }

    [Fact]
    public void Build_Example_VulnPropertiesFromCvssEpssAndKev()
    {
        VulnProperty P(string id) => Facts.VulnProperties.Single(p => p.VulnId == id);
        // CVE-2021-42013: AV:N, I:H, in KEV.
        Assert.Equal(new VulnProperty("CVE-2021-42013", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.9, 2), P("CVE-2021-42013"));
        // CVE-2021-41773: NVD's primary vector is C:H/I:N/A:N — a file read, so a credential leak.
        Assert.Equal((ExploitRange.Remote, ExploitConsequence.CredentialLeak), (P("CVE-2021-41773").Range, P("CVE-2021-41773").Consequence));
        // pwnkit: AV:L, I:H.
        Assert.Equal((ExploitRange.Local, ExploitConsequence.PrivEscalation), (P("CVE-2021-4034").Range, P("CVE-2021-4034").Consequence));
        // Not in KEV: max(EPSS 0.08127, 0.6 × exploitability fraction 1) = 0.6 for OpenSSH; EPSS 0.71233 wins for MySQL.
        Assert.Equal(0.6, P("CVE-2023-38408").ExploitProbability, 9);
        Assert.Equal(0.71233, P("CVE-2016-6662").ExploitProbability, 9);
        Assert.Equal(8, P("CVE-2016-6662").ExploitTimeHours);
    }

    [Fact]
    public void Build_Example_CredentialsTrustStartsAndAssetsFromTheTopology()
    {
        Assert.Contains(new CredentialStoredOn("domain-admin", "it-laptop"), Facts.StoredCredentials);
        Assert.Contains(new CredentialValidFor("domain-admin", "dc01", "root"), Facts.CredentialValidity); // admin → root
        Assert.Contains(new CredentialValidFor("hr-share", "files01", "alice"), Facts.CredentialValidity);
        Assert.Contains(new Trust("jump01", "db01", "root", TrustKind.SshKey), Facts.Trusts);
        Assert.Equal([new AttackerLocated("internet"), new AttackerLocated("hr-laptop-02", "user")], Facts.AttackerLocations);
        Assert.Equal(["dc01", "files01", "db01"], Facts.Assets.Where(a => a.CrownJewel).Select(a => a.Host));
        Assert.Equal(100, Facts.Assets.Single(a => a.Host == "db01").Value);
    }

    [Fact]
    public void Build_Example_ReportsWhatItCouldNotUse()
    {
        var notes = ExampleStudy.Study.Notes;
        var printer = Assert.Single(notes, n => n.Kind == AnalysisNoteKind.UnknownScannedHost);
        Assert.Equal("NPI3E7702", printer.Subject);
        Assert.Matches(@"scan\.xml:\d+: 10\.20\.3\.77 .*added to zone 'workstations'", printer.Message);
        Assert.Equal("workstations", ExampleStudy.Study.Topology.FindHost("NPI3E7702")!.Zone);
        Assert.Contains(notes, n => n.Kind == AnalysisNoteKind.DeclaredServiceNotSeen && n.Subject == "files01:3389/tcp");
        Assert.Contains(notes, n => n.Kind == AnalysisNoteKind.CpeAlias && n.Subject == "db01:3306/tcp");
        Assert.Contains(notes, n => n.Kind == AnalysisNoteKind.CpeNotInData && n.Subject == "mail01:25/tcp");
        Assert.Contains(notes, n => n.Kind == AnalysisNoteKind.VersionUnknown && n.Subject == "files01:139/tcp");
        Assert.Contains(notes, n => n.Kind == AnalysisNoteKind.NoCpe && n.Subject == "dc01:53/tcp");
        // Declared UDP services survive a TCP-only scan.
        Assert.Contains(new NetworkService("hr-laptop-02", "netbios-ns", "udp", 137, "root"), Facts.Services);
    }

    [Fact]
    public void Build_CveWithoutVector_IsReportedAndLeftOut()
    {
        var cves = TwinLab.Network.Vulnerabilities.NvdCveReader.Read(ExampleFiles.Path("nvd.json")).Cves
            .Select(c => c.Id == "CVE-2016-6662" ? c with { CvssV30 = null, CvssV31 = null } : c).ToList();
        var study = NetworkStudy.Create(ExampleStudy.Study.Build.Topology.WithHosts(TwinLab.Network.Topology.TopologyFile.Load(ExampleFiles.Path("topology.yaml")).Hosts),
            TwinLab.Network.Scan.NmapXmlReader.Read(ExampleFiles.Path("scan.xml")), cves);
        Assert.Contains(study.Notes, n => n.Kind == AnalysisNoteKind.CveWithoutVector && n.Subject == "CVE-2016-6662");
        Assert.DoesNotContain(study.Facts.Vulnerabilities, v => v.VulnId == "CVE-2016-6662");
        Assert.False(study.Graph().IsReachable(LogicalAttackGraph.AssetGoal("db01")));
    }

    [Fact]
    public void Build_GroupedAndPairwiseHacls_DeriveTheSameCompromises()
    {
        var grouped = ExampleStudy.Study;
        var pairs = ExampleStudy.Load(new AttackFactsOptions { GroupReachability = false });
        Assert.Empty(pairs.Facts.HostGroups);
        Assert.True(pairs.Facts.Hacls.Count > grouped.Facts.Hacls.Count);
        var a = grouped.Graph().DerivedFacts.Where(f => f.Kind is DerivedFactKind.ExecCode or DerivedFactKind.CredentialCompromised).Select(f => f.ToString()).Order().ToList();
        var b = pairs.Graph().DerivedFacts.Where(f => f.Kind is DerivedFactKind.ExecCode or DerivedFactKind.CredentialCompromised).Select(f => f.ToString()).Order().ToList();
        Assert.Equal(b, a);
        // The propagated estimate depends a little on the graph's shape (group nodes join alternatives), not on more.
        foreach (var asset in grouped.Facts.Assets)
            Assert.Equal(pairs.Graph().CompromiseProbability(LogicalAttackGraph.AssetGoal(asset.Host)),
                grouped.Graph().CompromiseProbability(LogicalAttackGraph.AssetGoal(asset.Host)), 4);
    }

    [Fact]
    public void Build_WithoutScan_UsesDeclaredServicesAndFindsNoVulnerability()
    {
        var study = NetworkStudy.Load(ExampleFiles.Path("topology.yaml"), nvdPath: ExampleFiles.Path("nvd.json"));
        Assert.Contains(study.Notes, n => n.Kind == AnalysisNoteKind.NoScan);
        Assert.Empty(study.Facts.Vulnerabilities);
        Assert.Contains(new NetworkService("files01", "rdp", "tcp", 3389, "root"), study.Facts.Services);
        // Without vulnerabilities the phished user cannot become administrator, so it dumps nothing: only its laptop falls.
        var compromised = study.Facts.Assets.Where(a => study.Graph().IsReachable(LogicalAttackGraph.AssetGoal(a.Host))).Select(a => a.Host);
        Assert.Equal(["hr-laptop-02"], compromised);
    }
}
