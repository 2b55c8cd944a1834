using TwinLab.Network.Scan;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Scan;

public sealed class NmapXmlReaderTests
{
    private static ScanResult Enterprise() => NmapXmlReader.Read(ScanDataFiles.Scan("enterprise-new-layout.xml"));

    [Fact]
    public void Read_NewLayout_ReadsTheRun()
    {
        var scan = Enterprise();
        Assert.Equal("nmap", scan.Scanner);
        Assert.Equal("7.93", scan.Version);
        Assert.Equal("1.05", scan.XmlOutputVersion);
        Assert.StartsWith("nmap -sV -O", scan.Args);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1709543521), scan.Start);
        Assert.Equal(3, scan.Hosts.Count); // the <hosthint> is not a host
        Assert.NotNull(scan.RunStats);
        Assert.Equal(50.12, scan.RunStats!.ElapsedSeconds);
        Assert.Equal((3, 0, 3), (scan.RunStats.HostsUp, scan.RunStats.HostsDown, scan.RunStats.HostsTotal));
        Assert.Equal("success", scan.RunStats.Exit);
    }

    [Fact]
    public void Read_NewLayout_ReadsAddressesNamesPortsAndServices()
    {
        var web = Enterprise().Hosts[0];
        Assert.Equal("up", web.State);
        Assert.Equal("arp-response", web.StateReason);
        Assert.Equal("192.168.56.10", web.PrimaryAddress);
        Assert.Equal("08:00:27:3A:5B:7C", web.Mac!.Address);
        Assert.Equal("Oracle VirtualBox virtual NIC", web.Mac.Vendor);
        Assert.Equal([new HostName("web01.corp.example", "user"), new HostName("web01.corp.example", "PTR")], web.Hostnames);
        Assert.Equal([22, 80, 3306], web.Ports.Select(p => p.Number));
        var ssh = web.Ports[0];
        Assert.Equal(("tcp", "open", "syn-ack"), (ssh.Protocol, ssh.State, ssh.Reason));
        Assert.True(ssh.IsOpen);
        var s = ssh.Service!;
        Assert.Equal(("ssh", "OpenSSH", "8.2p1 Ubuntu 4ubuntu0.5"), (s.Name, s.Product, s.Version));
        Assert.Equal(("Ubuntu Linux; protocol 2.0", "Linux", "probed", 10), (s.ExtraInfo, s.OsType, s.Method, s.Confidence));
        Assert.Equal(["cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*:*", "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"],
            s.Cpes.Select(c => c.ToString()));
        Assert.Equal(25, ssh.Line);
        var extra = Assert.Single(web.ExtraPorts);
        Assert.Equal(("closed", 997, 997), (extra.State, extra.Count, extra.Reasons["reset"]));

        var files = Enterprise().Hosts[2];
        Assert.Equal("fe80::a00:27ff:fe4c:1d2e", files.Ipv6);
        Assert.Null(files.Mac);
        var udp = files.Ports.Single(p => p.Protocol == "udp");
        Assert.Equal(("open|filtered", false), (udp.State, udp.IsOpen));
    }

    [Fact]
    public void Read_NewLayout_OsClassesBelongToTheirMatch()
    {
        var web = Enterprise().Hosts[0];
        var guess = Assert.Single(web.OsGuesses);
        Assert.Equal(("Linux 4.15 - 5.6", 100), (guess.Name, guess.Accuracy));
        Assert.Equal(["4.X", "5.X"], guess.Classes.Select(c => c.Generation));
        Assert.Equal(web.OsClasses, guess.Classes);
        Assert.Equal([Cpe.Parse("cpe:/o:linux:linux_kernel:4"), Cpe.Parse("cpe:/o:linux:linux_kernel:5")], web.OsCpes);

        var iis = Enterprise().Hosts[1];
        Assert.Equal(["Microsoft Windows Server 2019", "Microsoft Windows 10 1709 - 1909"], iis.OsGuesses.Select(g => g.Name));
        Assert.Equal([96, 93], iis.OsGuesses.Select(g => g.Accuracy));
        Assert.Equal("cpe:2.3:o:microsoft:windows_server_2019:*:*:*:*:*:*:*:*", iis.OsCpes[0].ToString());
    }

    [Fact]
    public void Read_OldLayout_OsClassesStandBesideTheMatches()
    {
        var scan = NmapXmlReader.Read(ScanDataFiles.Scan("metasploitable-old-layout.xml"));
        Assert.Equal(("5.21", "1.03"), (scan.Version, scan.XmlOutputVersion));
        var host = Assert.Single(scan.Hosts);
        Assert.Equal("10.0.0.5", host.Ipv4);
        Assert.Equal("VMware", host.Mac!.Vendor);
        Assert.Empty(host.Hostnames);
        var guess = Assert.Single(host.OsGuesses);
        Assert.Equal(("Linux 2.6.9 - 2.6.31", 100), (guess.Name, guess.Accuracy));
        Assert.Empty(guess.Classes);
        var cls = Assert.Single(host.OsClasses);
        Assert.Equal(("Linux", "Linux", "2.6.X", "general purpose", 100), (cls.Vendor, cls.Family, cls.Generation, cls.Type, cls.Accuracy));
        Assert.Empty(host.OsCpes);
        Assert.Equal(["vsftpd", "OpenSSH", "Apache httpd", "Samba smbd", "MySQL", null], host.Ports.Select(p => p.Service!.Product));
        Assert.All(host.Ports, p => Assert.Empty(p.Service!.Cpes));
        Assert.Null(scan.RunStats!.Summary);
        Assert.Equal(1, scan.RunStats.HostsUp);
    }

    [Fact]
    public void Read_UnknownServices_AreReportedAsNotes()
    {
        var scan = Enterprise();
        var notes = scan.Notes.Where(n => n.Kind == ScanNoteKind.UnknownService).ToList();
        Assert.Equal(["5357/tcp", "49152/tcp"], notes.Select(n => n.Port));
        Assert.All(notes, n => Assert.Equal("192.168.56.20", n.Host));
        Assert.Contains("no service information", notes[0].Message);
        Assert.Contains("'unknown'", notes[1].Message);
        Assert.EndsWith("enterprise-new-layout.xml", notes[0].File);
        Assert.Equal(scan.Hosts[1].Ports.Single(p => p.Number == 5357).Line, notes[0].Line);
        // The ports themselves are kept.
        Assert.Contains(scan.Hosts[1].Ports, p => p.Number == 49152 && p.Service!.IsUnknown);
        // Guessed but named services (microsoft-ds from the port table) are not unknown.
        Assert.DoesNotContain(notes, n => n.Port == "445/tcp");

        var old = NmapXmlReader.Read(ScanDataFiles.Scan("metasploitable-old-layout.xml"));
        Assert.Equal("8180/tcp", Assert.Single(old.Notes).Port);
    }

    [Fact]
    public void Read_TruncatedFile_FailsWithFileAndLine()
    {
        var path = ScanDataFiles.Scan("truncated.xml");
        var e = Assert.Throws<ScanFileException>(() => NmapXmlReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.True(e.Line >= 26, $"line {e.Line}");
        Assert.StartsWith($"{path}:{e.Line}:", e.Message);
        Assert.Contains("malformed XML", e.Message);
    }

    [Fact]
    public void Read_BadPortNumber_FailsNamingLineAndAttribute()
    {
        var path = ScanDataFiles.Scan("bad-portid.xml");
        var e = Assert.Throws<ScanFileException>(() => NmapXmlReader.Read(path));
        Assert.Equal((27L, "port/@portid"), (e.Line, e.Element));
        Assert.Contains("'33o6' is not a whole number", e.Message);
    }

    [Fact]
    public void Parse_MissingCloseOfRoot_IsTruncated()
    {
        const string xml = "<?xml version=\"1.0\"?>\n<nmaprun scanner=\"nmap\" version=\"7.93\">\n<host><status state=\"up\"/>\n<address addr=\"10.1.1.1\" addrtype=\"ipv4\"/>\n</host>\n";
        var e = Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(xml, "cut.xml"));
        Assert.Equal("cut.xml", e.File);
        Assert.True(e.Line >= 5);
    }

    [Fact]
    public void Parse_NotNmap_FailsAtTheRoot()
    {
        var e = Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse("<?xml version=\"1.0\"?>\n\n<report/>", "other.xml"));
        Assert.Equal((3L, "report"), (e.Line, e.Element));
        Assert.Contains("-oX", e.Message);
    }

    [Fact]
    public void Parse_HostWithoutAddressOrBadAddressType_Fails()
    {
        var noAddress = "<nmaprun>\n<host>\n<status state=\"up\"/>\n</host>\n</nmaprun>";
        Assert.Equal(2L, Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(noAddress, "a.xml")).Line);
        var badType = "<nmaprun>\n<host><address addr=\"x\" addrtype=\"ipx\"/></host>\n</nmaprun>";
        var e = Assert.Throws<ScanFileException>(() => NmapXmlReader.Parse(badType, "b.xml"));
        Assert.Equal((2L, "address/@addrtype"), (e.Line, e.Element));
    }

    [Fact]
    public void Parse_InvalidCpe_IsLeftOutWithANote()
    {
        var xml = """
            <nmaprun scanner="nmap" version="7.93">
            <host><address addr="10.1.1.2" addrtype="ipv4"/><ports>
            <port protocol="tcp" portid="80"><state state="open"/><service name="http" product="nginx" version="1.18.0"><cpe>cpe:/a:igor_sysoev:nginx:1.18.0</cpe><cpe>cpe:nginx</cpe></service></port>
            </ports></host>
            </nmaprun>
            """;
        var scan = NmapXmlReader.Parse(xml, "n.xml");
        Assert.Equal("cpe:2.3:a:igor_sysoev:nginx:1.18.0:*:*:*:*:*:*:*", Assert.Single(scan.Hosts[0].Ports[0].Service!.Cpes).ToString());
        var note = Assert.Single(scan.Notes);
        Assert.Equal((ScanNoteKind.InvalidCpe, 3, "80/tcp"), (note.Kind, note.Line, note.Port));
        Assert.StartsWith("n.xml:3: 10.1.1.2 80/tcp: CPE 'cpe:nginx'", note.ToString());
    }
}
