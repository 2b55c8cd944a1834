using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab network reach|paths|simulate</c> on the shipped example enterprise (examples/network).</summary>
public sealed class NetworkAnalysisCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Example(string name) => Path.Combine(_cli.Examples, "network", name);

    private string[] Study(params string[] args) =>
        [.. args, "--topology", Example("topology.yaml"), "--scan", Example("scan.xml"), "--cves", Example("nvd.json"),
            "--epss", Example("epss.csv"), "--kev", Example("kev.json")];

    [Fact]
    public void Reach_BlockedByTheBorderPolicy_NamesTheFileAndLine()
    {
        var (exit, stdout, stderr) = _cli.Run("network", "reach", "--topology", Example("topology.yaml"), "--from", "internet", "--to", "db01", "--port", "tcp/3306");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("BLOCKED: internet -> db01 tcp/3306", stdout);
        Assert.Contains("border.rules:14 [FORWARD] policy DROP", stdout);
    }

    [Fact]
    public void Reach_Json_ListsEveryFirewallCrossedWithItsRule()
    {
        var json = _cli.Json("network", "reach", "--topology", Example("topology.yaml"), "--from", "web01", "--to", "db01", "--port", "3306");

        Assert.True(json["allowed"]!.GetValue<bool>());
        var hops = json["hops"]!.AsArray();
        Assert.Equal(["fw-border", "fw-internal", "db01"], hops.Select(h => h!["device"]!.GetValue<string>()));
        Assert.All(hops, h => Assert.True(h!["allowed"]!.GetValue<bool>()));
        Assert.EndsWith("db01.rules", hops[2]!["rule"]!["file"]!.GetValue<string>());
        Assert.Equal(9, hops[2]!["rule"]!["line"]!.GetValue<int>());
    }

    [Fact]
    public void Paths_ToTheDatabase_ShortestMostLikelyAndMinimalWithTechniques()
    {
        var dot = Path.Combine(Path.GetDirectoryName(_cli.Db)!, "graph.dot");
        var json = _cli.Json(Study("network", "paths", "--to", "db01", "--limit", "10", "--dot", dot));

        var report = json["report"]!;
        Assert.True(report["reachable"]!.GetValue<bool>());
        var shortest = report["shortest"]!;
        Assert.Equal(2, shortest["actionCount"]!.GetValue<int>());
        Assert.Contains("T1190", shortest["techniques"]!.AsArray().Select(t => t!.GetValue<string>()));
        var minimal = report["minimal"]!.AsArray();
        Assert.NotEmpty(minimal);
        Assert.All(minimal, p => Assert.True(p!["actionCount"]!.GetValue<int>() >= 2));
        Assert.True(report["mostLikely"]!["probability"]!.GetValue<double>() >= minimal.Max(p => p!["probability"]!.GetValue<double>()) - 1e-12);
        Assert.StartsWith("digraph", File.ReadAllText(dot).TrimStart());
    }

    [Fact]
    public void Simulate_SameSeed_SameResult_AndCrownJewelsAtRisk()
    {
        var first = _cli.Run(Study("network", "simulate", "--replications", "200", "--seed", "7", "--json"));
        var second = _cli.Run(Study("network", "simulate", "--replications", "200", "--seed", "7", "--json"));

        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(first.Out, second.Out);
        var assets = JsonNode.Parse(first.Out)!["assets"]!.AsArray();
        var db = assets.Single(a => a!["host"]!.GetValue<string>() == "db01")!;
        Assert.InRange(db["probability"]!.GetValue<double>(), 0.05, 1.0);
        Assert.True(db["probabilityLow"]!.GetValue<double>() <= db["probability"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("error: --port tcp/http: 'http' is not a port number", "reach", "--from", "internet", "--to", "db01", "--port", "tcp/http")]
    [InlineData("error: --cves needs --scan", "paths", "--to", "db01", "--cves", "NVD")]
    [InlineData("error: --replications must be at least 2.", "simulate", "--replications", "1")]
    public void InputError_OneLineOnStderr_ExitOne(string expected, params string[] args)
    {
        args = [.. args.Select(a => a == "NVD" ? Example("nvd.json") : a)];

        var (exit, stdout, stderr) = _cli.Run(["network", .. args, "--topology", Example("topology.yaml")]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Reach_TopologyWithAnUnknownZone_NamesTheFileAndLine()
    {
        var topology = _cli.File("topology.yaml", "zones:\n  - { name: lan, subnets: [10.0.0.0/24] }\nhosts:\n  - { name: a, zone: nowhere, addresses: [10.0.0.5] }\n");

        var (exit, _, stderr) = _cli.Run("network", "reach", "--topology", topology, "--from", "a", "--to", "a", "--port", "22");

        Assert.Equal(1, exit);
        Assert.Contains("topology.yaml:4", stderr);
    }
}

/// <summary><c>twinlab network whatif|recommend</c> on the shipped example enterprise.</summary>
public sealed class NetworkDefenceCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string[] Study(params string[] args)
    {
        string Example(string name) => Path.Combine(_cli.Examples, "network", name);
        return [.. args, "--topology", Example("topology.yaml"), "--scan", Example("scan.xml"), "--cves", Example("nvd.json"),
            "--epss", Example("epss.csv"), "--kev", Example("kev.json")];
    }

    [Fact]
    public void Recommend_CheapestCut_LeavesNoCrownJewelReachable()
    {
        var cut = _cli.Json(Study("network", "recommend"));

        Assert.Equal("Optimal", cut["status"]!.GetValue<string>());
        var changes = cut["measures"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray();
        Assert.NotEmpty(changes);
        Assert.Equal(cut["hours"]!.GetValue<double>(), cut["measures"]!.AsArray().Sum(m => m!["hours"]!.GetValue<double>()), 9);

        // Applying the recommended changes in a what-if leaves every crown jewel out of reach.
        var whatif = _cli.Json(Study(["network", "whatif", .. changes.SelectMany(c => new[] { "--measure", c })]));
        var after = whatif["after"]!["assets"]!.AsArray().Where(a => a!["crownJewel"]!.GetValue<bool>());
        Assert.All(after, a => Assert.False(a!["reachable"]!.GetValue<bool>(), a!["host"]!.GetValue<string>()));
    }

    [Fact]
    public void WhatIf_PatchingTheWebServer_ProtectsItAndLowersRisk()
    {
        var r = _cli.Json(Study("network", "whatif", "--patch", "CVE-2021-42013"));

        Assert.Contains("web01", r["protected"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.True(r["after"]!["risk"]!.GetValue<double>() < r["before"]!["risk"]!.GetValue<double>());
        Assert.True(r["hours"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void Recommend_Budget_StaysWithinIt()
    {
        var plan = _cli.Json(Study("network", "recommend", "--budget", "3"));

        Assert.InRange(plan["spent"]!.GetValue<double>(), 0.1, 3.0);
        Assert.True(plan["riskAfter"]!.GetValue<double>() < plan["riskBefore"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("error: Give at least one change", "whatif")]
    [InlineData("error: close:db01", "whatif", "--close", "db01")]
    [InlineData("error: --budget must be a positive number of hours.", "recommend", "--budget", "0")]
    public void InputError_OneLineOnStderr_ExitOne(string expected, params string[] args)
    {
        var (exit, stdout, stderr) = _cli.Run(Study(["network", .. args]));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }
}
