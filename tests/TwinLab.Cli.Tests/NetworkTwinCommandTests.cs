using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Network.Twin;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests;

/// <summary><c>network import --topology/--iptables</c> and <c>network whatif --branch</c> on examples/network.</summary>
public sealed class NetworkTwinCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Example(string name) => Path.Combine(_cli.Examples, "network", name);

    private string[] ImportArgs => ["network", "import", "--scan", Example("scan.xml"), "--topology", Example("topology.yaml"),
        "--cves", Example("nvd.json"), "--epss", Example("epss.csv"), "--kev", Example("kev.json")];

    /// <summary>The network twin of a branch as stored (twins with their properties and relationships), as JSON text.</summary>
    private string StoredGraph(string branch)
    {
        using var service = new TwinService(SqliteTwinStore.Open(_cli.Db));
        return new NetworkTwinStore(service).ReadGraph(branch).ToJsonString();
    }

    [Fact]
    public void Import_WithTopology_WritesZonesRolesCredentialsTrustAndRules()
    {
        var json = _cli.Json(ImportArgs);

        var topology = json["topology"]!;
        Assert.Equal((6, 3, 2, 2, 4), (topology["zones"]!.GetValue<int>(), topology["credentials"]!.GetValue<int>(), topology["trusts"]!.GetValue<int>(),
            topology["firewalls"]!.GetValue<int>(), topology["firewallFiles"]!.AsArray().Count));
        Assert.Contains(json["notes"]!.AsArray(), n => n!["kind"]!.GetValue<string>() == "not-in-topology" && n["host"]!.GetValue<string>() == "10.20.3.77");
        var db = _cli.Json("twins", "get", "10.10.10.30");
        Assert.Equal(("db01", "database", true), (db["name"]!.GetValue<string>(), db["role"]!.GetValue<string>(), db["crownJewel"]!.GetValue<bool>()));
        Assert.Equal("servers", _cli.Json("twins", "get", "zone:servers")["zone"]!.GetValue<string>());
        Assert.Equal("DROP", _cli.Json("twins", "get", "firewall:fw-internal:ipv4:filter:FORWARD:policy")["target"]!.GetValue<string>());
        Assert.Equal("administrator", _cli.Json("twins", "get", "credential:domain-admin")["principal"]!.GetValue<string>());
    }

    [Fact]
    public void Import_Text_PrintsTheTopologyLine()
    {
        var (exit, stdout, stderr) = _cli.Run(ImportArgs);

        Assert.True(exit == 0, stderr);
        Assert.Contains("6 zones, 0 declared hosts not in the scan, 12 assets, 3 credentials, 2 trusts, 2 firewalls;", stdout);
        Assert.Contains("firewall/db01.rules", stdout);
    }

    [Fact]
    public void Import_AgainWithChangedIptables_ReportsTheRuleChanges()
    {
        _cli.Json(ImportArgs);
        var rules = File.ReadAllText(Example("firewall/db01.rules"))
            .Replace("-A INPUT -s 10.99.0.10/32 -p tcp -m tcp --dport 22", "-A INPUT -s 10.99.0.0/24 -p tcp -m tcp --dport 22", StringComparison.Ordinal);
        var path = _cli.File("db01-opened.rules", rules);

        var (exit, stdout, stderr) = _cli.Run([.. ImportArgs, "--iptables", $"db01={path}"]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Changes since the previous import (2):", stdout);
        Assert.Contains("rule added: 10.10.10.30 ipv4 filter/INPUT: -A INPUT -s 10.99.0.0/24", stdout);
        Assert.Contains("rule removed: 10.10.10.30 ipv4 filter/INPUT: -A INPUT -s 10.99.0.10/32", stdout);
    }

    [Fact]
    public void Import_StandaloneIptables_IsAFirewallOfItsOwn()
    {
        var json = _cli.Json(["network", "import", "--scan", Example("scan.xml"), "--iptables", Example("firewall/internal.rules")]);

        Assert.Null(json["topology"]!["file"]);
        Assert.True(json["topology"]!["rules"]!.GetValue<int>() > 10);
        Assert.Equal("firewall", _cli.Json("twins", "get", "firewall:internal")["role"]!.GetValue<string>());
    }

    [Fact]
    public void Import_BadIptables_NamesFileAndLineAndWritesNothing()
    {
        var path = _cli.File("bad.rules", "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport notaport -j ACCEPT\nCOMMIT\n");

        var (exit, _, stderr) = _cli.Run([.. ImportArgs, "--iptables", $"db01={path}"]);

        Assert.Equal(1, exit);
        Assert.Contains("bad.rules:3", stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.Json("twins", "list").AsArray());
    }

    [Fact]
    public void Import_BadTopology_NamesFileAndLine()
    {
        var yaml = File.ReadAllText(Example("topology.yaml")).Replace("    zone: dmz\n    addresses: [203.0.113.10", "    zone: nowhere\n    addresses: [203.0.113.10", StringComparison.Ordinal);
        var copy = _cli.File("topology.yaml", yaml);
        // The topology names its firewall files relative to itself: copy them beside it.
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(copy)!, "firewall"));
        foreach (var f in Directory.GetFiles(Example("firewall"))) File.Copy(f, Path.Combine(Path.GetDirectoryName(copy)!, "firewall", Path.GetFileName(f)));

        var (exit, _, stderr) = _cli.Run("network", "import", "--scan", Example("scan.xml"), "--topology", copy);

        Assert.Equal(1, exit);
        Assert.Matches(@"topology\.yaml:\d+", stderr);
        Assert.Contains("nowhere", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_OnABranch_RecordsExactlyTheMeasuresAndMainIsUnchanged()
    {
        _cli.Json(ImportArgs);
        var before = StoredGraph("main");

        var json = _cli.Json("network", "whatif", "--patch", "CVE-2021-42013@web01", "--close", "web01:tcp/80", "--measure", "untrust:jump01->db01",
            "--measure", "uncredential:domain-admin@it-laptop", "--measure", "move:it-laptop->mgmt", "--branch", "try-fixes");

        Assert.Equal(before, StoredGraph("main"));
        Assert.True(json["branch"]!["created"]!.GetValue<bool>());
        Assert.All(json["branch"]!["changes"]!.AsArray(), c => Assert.True(c!["applied"]!.GetValue<bool>(), c.ToJsonString()));
        Assert.True(json["after"]!["risk"]!.GetValue<double>() < json["before"]!["risk"]!.GetValue<double>());
        var diff = _cli.Json("branch", "diff", "try-fixes");
        var twins = diff["twins"]!.AsArray().Select(t => $"{t!["twin"]} {t["kind"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["203.0.113.10:tcp/443:CVE-2021-42013 onlyInParent", "203.0.113.10:tcp/80 changed", "203.0.113.10:tcp/80:CVE-2021-42013 onlyInParent"], twins);
        var rels = diff["relationships"]!.AsArray().Select(r => $"{r!["source"]} {r["id"]} {r["kind"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Contains("10.10.10.30 trusts:10.99.0.10 onlyInParent", rels);
        Assert.Contains("10.20.1.10 storesCredential:credential:domain-admin onlyInParent", rels);
        Assert.Contains("zone:mgmt hasHost:10.20.1.10 onlyInBranch", rels);
        Assert.Contains("zone:workstations hasHost:10.20.1.10 onlyInParent", rels);
        Assert.Equal("closed", _cli.Json("twins", "get", "203.0.113.10:tcp/80", "--branch", "try-fixes")["state"]!.GetValue<string>());
        Assert.Equal("open", _cli.Json("twins", "get", "203.0.113.10:tcp/80")["state"]!.GetValue<string>());
    }

    [Fact]
    public void WhatIf_Block_AddsADropRuleOnTheBranch()
    {
        _cli.Json(ImportArgs);

        var json = _cli.Json("network", "whatif", "--measure", "block:hr-laptop-02->dc01:tcp/135", "--branch", "block-rpc");

        Assert.Contains("whatif:block:hr-laptop-02->dc01:tcp/135", json["branch"]!["changes"]![0]!["change"]!.GetValue<string>(), StringComparison.Ordinal);
        var rule = _cli.Json("twins", "get", "whatif:block:hr-laptop-02->dc01:tcp/135", "--branch", "block-rpc");
        Assert.Equal(("DROP", "-A FORWARD -s 10.20.1.22 -d 10.10.10.10 -p tcp --dport 135 -j DROP"), (rule["target"]!.GetValue<string>(), rule["text"]!.GetValue<string>()));
    }

    [Fact]
    public void WhatIf_BranchMain_IsRefused()
    {
        _cli.Json(ImportArgs);

        var (exit, stdout, stderr) = _cli.Run("network", "whatif", "--patch", "CVE-2021-42013", "--branch", "main");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("what-ifs never change main; give --branch NAME", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnalysisVerbs_WithoutTopology_ReadWhatWasImported()
    {
        _cli.Json(ImportArgs);

        var withFiles = _cli.Json("network", "paths", "--to", "db01", "--topology", Example("topology.yaml"), "--scan", Example("scan.xml"), "--cves", Example("nvd.json"), "--epss", Example("epss.csv"), "--kev", Example("kev.json"));
        var imported = _cli.Json("network", "paths", "--to", "db01");

        Assert.Equal(withFiles.ToJsonString(), imported.ToJsonString());
    }

    [Fact]
    public void AnalysisVerbs_WithoutTopologyOrImport_AskForTopology()
    {
        var (exit, _, stderr) = _cli.Run("network", "reach", "--from", "internet", "--to", "web01", "--port", "tcp/443");

        Assert.Equal(1, exit);
        Assert.Contains("Give --topology FILE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_MeasureTexts_AreReadableAndFeedBackToWhatIf()
    {
        string[] inputs = ["--topology", Example("topology.yaml"), "--scan", Example("scan.xml"), "--cves", Example("nvd.json"),
            "--epss", Example("epss.csv"), "--kev", Example("kev.json")];
        var cut = _cli.Json(["network", "recommend", "--costs", Example("costs.yaml"), .. inputs]);
        var measures = cut["measures"]!.AsArray();
        var flows = measures.Where(m => m!["id"]!.GetValue<string>().StartsWith("unallow:", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(flows);
        Assert.All(flows, m => Assert.DoesNotContain("-sources-", m!["description"]!.GetValue<string>(), StringComparison.Ordinal));
        var args = new List<string> { "network", "whatif" };
        foreach (var m in measures) args.AddRange(["--measure", m!["id"]!.GetValue<string>()]);
        _cli.Json(ImportArgs);
        var main = StoredGraph("main");
        var whatIf = _cli.Json([.. args, .. inputs, "--branch", "recommended"]);

        Assert.Equal(measures.Select(m => m!["id"]!.GetValue<string>()), whatIf["measures"]!.AsArray().Select(m => m!["measure"]!["id"]!.GetValue<string>()));
        Assert.All(whatIf["after"]!["assets"]!.AsArray().Where(a => a!["crownJewel"]!.GetValue<bool>()), a => Assert.False(a!["reachable"]!.GetValue<bool>()));
        // Recorded on the branch too: a flow from a host group of the analysis becomes a DROP rule twin of its own.
        Assert.All(whatIf["branch"]!["changes"]!.AsArray(), c => Assert.True(c!["applied"]!.GetValue<bool>(), c.ToJsonString()));
        var rule = _cli.Json("twins", "get", "whatif:" + flows[0]!["id"]!.GetValue<string>(), "--branch", "recommended");
        Assert.Equal("DROP", rule["target"]!.GetValue<string>());
        Assert.Equal(main, StoredGraph("main"));
    }
}
