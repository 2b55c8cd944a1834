using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

public sealed class NetworkCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>The network test data: tests/TwinLab.Network.Tests/Data/{folder}/{name}.</summary>
    private static string Data(string folder, string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln")))
                return Path.Combine(dir.FullName, "tests", "TwinLab.Network.Tests", "Data", folder, name);
        throw new InvalidOperationException("TwinLab.sln not found above the test binaries");
    }

    private static string Scan(string name) => Data("scan", name);

    private static string[] Feeds => ["--cves", Data("nvd", "cves.json"), "--epss", Data("nvd", "epss.csv"), "--kev", Data("nvd", "kev.json")];

    [Theory]
    // CVE-2021-44228 (Log4Shell): scope changed lifts 9.8 to the 10.0 cap.
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "10.0", "Critical")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8", "Critical")]
    public void Cvss_V31WorkedChecks_PrintTheBaseScore(string vector, string score, string severity)
    {
        var (exit, stdout, stderr) = _cli.Run("network", "cvss", vector);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"CVSS 3.1: {vector}", stdout);
        var baseLine = stdout.Split('\n').Single(l => l.StartsWith("base score", StringComparison.Ordinal));
        Assert.Equal(["base", "score", score, severity], baseLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Score (CVSS-B): {score} {severity}", stdout);
    }

    [Fact]
    public void Cvss_Json_HasSubScoresAndTemporalAndEnvironmental()
    {
        // 9.8 base; E:P/RL:O/RC:C → Roundup(9.8 × 0.94 × 0.95 × 1) = Roundup(8.7514) = 8.8 (v3.1 specification §7.2).
        var json = _cli.Json("network", "cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C");

        Assert.Equal("3.1", json["version"]!.GetValue<string>());
        Assert.Equal(9.8, json["baseScore"]!.GetValue<double>());
        Assert.Equal(8.8, json["temporalScore"]!.GetValue<double>());
        Assert.Equal("high", json["severity"]!.GetValue<string>());
        Assert.Equal(5.9, json["impactSubScore"]!.GetValue<double>());
        Assert.Equal(3.9, json["exploitabilitySubScore"]!.GetValue<double>());
        Assert.Null(json["macroVector"]);
    }

    [Fact]
    public void Cvss_V40_PrintsCvssBAndTheMacroVector()
    {
        // Every base metric at its worst except safety: EQ4 is 0 only with MSI:S or MSA:S (CVSS v4.0 specification,
        // EQ4 definition), so the MacroVector is 000100, whose score in the specification's table is 10.
        var vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H";

        var (exit, stdout, stderr) = _cli.Run("network", "cvss", vector);
        var json = _cli.Json("network", "cvss", vector);

        Assert.True(exit == 0, stderr);
        Assert.Contains("CVSS-B (base)", stdout);
        Assert.Contains("000100", stdout);
        Assert.Equal(("4.0", 10.0, "critical", "000100"), (json["version"]!.GetValue<string>(), json["baseScore"]!.GetValue<double>(), json["severity"]!.GetValue<string>(), json["macroVector"]!.GetValue<string>()));
    }

    [Fact]
    public void Cvss_V40Published_MatchesTheCalculator()
    {
        // FIRST's v4.0 calculator: AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N → 9.3 Critical, MacroVector 000200.
        var json = _cli.Json("network", "cvss", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");

        Assert.Equal((9.3, "000200"), (json["score"]!.GetValue<double>(), json["macroVector"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q", "position 44")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "A")]
    [InlineData("CVSS:2.0/AV:N", "position")]
    public void Cvss_BadVector_OneLineErrorNamingThePosition(string vector, string named)
    {
        var (exit, stdout, stderr) = _cli.Run("network", "cvss", vector);

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: CVSS vector", line, StringComparison.Ordinal);
        Assert.Contains("position", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_EnterpriseScan_WritesTwinsAndReportsCountsAndNotes()
    {
        var json = _cli.Json(["network", "import", "--scan", Scan("enterprise-new-layout.xml"), .. Feeds]);

        Assert.Equal((3, 13, 11, 4, 1), (json["hosts"]!.GetValue<int>(), json["openPorts"]!.GetValue<int>(), json["services"]!.GetValue<int>(),
            json["vulnerabilities"]!.GetValue<int>(), json["knownExploited"]!.GetValue<int>()));
        Assert.False(json["reimport"]!.GetValue<bool>());
        Assert.Equal(9, json["twins"]!["modelsImported"]!.GetValue<int>());
        var notes = json["notes"]!.AsArray().Select(n => $"{n!["kind"]} {n["host"]} {n["port"]}").ToList();
        Assert.Contains("unknown-service 192.168.56.20 tcp/49152", notes);
        Assert.Contains("unmatched-cpe 192.168.56.10 tcp/3306", notes);

        var twin = _cli.Json("twins", "get", "192.168.56.10:tcp/80:CVE-2021-41773");
        Assert.Equal(("CVE-2021-41773", 7.5, true), (twin["cveId"]!.GetValue<string>(), twin["baseScore"]!.GetValue<double>(), twin["inKev"]!.GetValue<bool>()));
        var host = _cli.Json("twins", "get", "192.168.56.30");
        Assert.Equal("files01.corp.example", host["hostnames"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Import_Text_PrintsCountsHostTableNotesAndTwins()
    {
        var (exit, stdout, stderr) = _cli.Run(["network", "import", "--scan", Scan("enterprise-new-layout.xml"), .. Feeds]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("3 hosts up, 14 ports listed, 13 open, 11 services identified, 2 unknown.", stdout);
        Assert.Contains("4 on open services (3 distinct CVEs — 3 critical, 1 high), 1 known exploited.", stdout);
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("192.168.56.10", StringComparison.Ordinal) && l.Contains("web01.corp.example", StringComparison.Ordinal) && l.Contains("9.8", StringComparison.Ordinal));
        Assert.Contains("unmatched-cpe: ", stdout);
        Assert.Contains("Twins on 'main':", stdout);
        Assert.DoesNotContain("Changes since", stdout);
    }

    [Fact]
    public void Import_Rescan_ReportsTheDiffAndTheTwinsFollow()
    {
        _cli.Json(["network", "import", "--scan", Scan("enterprise-new-layout.xml"), .. Feeds]);

        var (exit, stdout, stderr) = _cli.Run(["network", "import", "--scan", Scan("enterprise-rescan.xml"), .. Feeds]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Changes since the previous import (13):", stdout);
        Assert.Contains("  new host: 192.168.56.40 (db01.corp.example)", stdout);
        Assert.Contains("  port opened: 192.168.56.10 tcp/8080 (Apache Tomcat 9.0.30)", stdout);
        Assert.Contains("  new vulnerability: CVE-2024-6387 on 192.168.56.10 tcp/22 (CVSS 8.1 high)", stdout);
        Assert.Contains("  vulnerability gone: CVE-2021-41773 on 192.168.56.10 tcp/80", stdout);
        var (missing, _, _) = _cli.Run("twins", "get", "192.168.56.20");
        Assert.Equal(1, missing);
        Assert.Equal("9.6p1 Ubuntu 3ubuntu13", _cli.Json("twins", "get", "192.168.56.10:tcp/22")["version"]!.GetValue<string>());

        var again = _cli.Json(["network", "import", "--scan", Scan("enterprise-rescan.xml"), .. Feeds]);
        Assert.True(again["reimport"]!.GetValue<bool>());
        Assert.Empty(again["changes"]!.AsArray());
    }

    [Fact]
    public void Import_OnABranch_LeavesMainUnchanged()
    {
        _cli.Json(["network", "import", "--scan", Scan("enterprise-new-layout.xml"), .. Feeds]);
        _cli.Json("branch", "create", "next-week");

        var json = _cli.Json(["network", "import", "--scan", Scan("enterprise-rescan.xml"), "--branch", "next-week", .. Feeds]);

        Assert.Equal(13, json["changes"]!.AsArray().Count);
        Assert.Equal("192.168.56.20", _cli.Json("twins", "get", "192.168.56.20")["address"]!.GetValue<string>());
        var (exit, _, _) = _cli.Run("twins", "get", "192.168.56.20", "--branch", "next-week");
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Import_MissingScanFile_OneLineError()
    {
        var (exit, stdout, stderr) = _cli.Run("network", "import", "--scan", Scan("no-such-scan.xml"));

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no-such-scan.xml:0:0: file not found", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-portid.xml", "bad-portid.xml:27:")]
    [InlineData("truncated.xml", "truncated.xml:")]
    public void Import_MalformedScan_OneLineErrorWithFileAndLineAndNothingWritten(string file, string where)
    {
        var (exit, _, stderr) = _cli.Run(["network", "import", "--scan", Scan(file), .. Feeds]);

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(where, line, StringComparison.Ordinal);
        Assert.Empty(_cli.Json("twins", "list").AsArray());
    }

    [Fact]
    public void Import_MalformedXmlLine_NamesTheLine()
    {
        var path = _cli.File("broken.xml", """
            <?xml version="1.0"?>
            <nmaprun scanner="nmap" args="nmap 10.0.0.1" start="1709543521" version="7.93" xmloutputversion="1.05">
            <host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/>
            <ports><port protocol="tcp" portid="22"><state state="open"></port></ports>
            </host>
            </nmaprun>
            """);

        var (exit, _, stderr) = _cli.Run("network", "import", "--scan", path);

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("broken.xml:4:", line, StringComparison.Ordinal);
        Assert.Contains("malformed XML", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_EpssWithoutCves_IsAUsageError()
    {
        var (exit, _, stderr) = _cli.Run("network", "import", "--scan", Scan("enterprise-new-layout.xml"), "--epss", Data("nvd", "epss.csv"));

        Assert.Equal(1, exit);
        Assert.Contains("give --cves too", stderr, StringComparison.Ordinal);
    }
}
