using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Network.Twin;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab network capacity</c> on the example enterprise's links.yaml and traffic.csv (examples/network).</summary>
public sealed class NetworkCapacityCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string[] Example(params string[] args) =>
        ["network", "capacity", "--links", Path.Combine(_cli.Examples, "network", "links.yaml"),
            "--traffic", Path.Combine(_cli.Examples, "network", "traffic.csv"), .. args];

    [Fact]
    public void Capacity_Text_UtilisationBottlenecksNMinusOneAndUpgrades()
    {
        var (exit, stdout, stderr) = _cli.Run(Example("--n-1"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("Network acme-links: 10 nodes, 10 links, 18 demands", stdout);
        Assert.Contains("Bottlenecks (≥ 80.0 %): wan 90.0 %, core-access 87.0 %.", stdout);
        Assert.Matches(@"uplink\s+link\s+8\s+1\.26G\s+https-out", stdout);
        Assert.Matches(@"core-access\s+link\s+access-backup 87\.0 %", stdout);
        Assert.Contains("(exact): 3 link(s), 11,400 EUR.", stdout);
        Assert.Matches(@"wan\s+100M\s+1G\s+1\s+9,000 EUR", stdout);
    }

    [Fact]
    public void Capacity_Json_LinksDemandsFailuresAndPlan()
    {
        var json = _cli.Json(Example("--n-1"));

        var links = json["base"]!["links"]!.AsArray();
        var wan = links.Single(l => l!["name"]!.GetValue<string>() == "wan")!;
        Assert.Equal(0.9, wan["utilisation"]!.GetValue<double>(), 9);
        // 6 ms propagation + M/M/1: 8,000 bits / (100M − 90M) = 0.8 ms.
        Assert.Equal(6.8e-3, wan["latencySeconds"]!.GetValue<double>(), 12);
        Assert.Equal(["wan", "core-access"], json["base"]!["bottlenecks"]!.AsArray().Select(b => b!.GetValue<string>()));
        var n1 = json["nMinusOne"]!;
        Assert.Contains("uplink", n1["singlePointsOfFailure"]!.AsArray().Select(s => s!.GetValue<string>()));
        var plan = json["upgrades"]!;
        Assert.True(plan["nMinusOne"]!.GetValue<bool>());
        Assert.Equal(11400, plan["cost"]!.GetValue<double>());
        Assert.Equal(["wan", "access-backup", "core-access"], plan["links"]!.AsArray().Select(l => l!["link"]!.GetValue<string>()));
        Assert.Null(json["evaluated"]);
    }

    [Fact]
    public void Capacity_WhatIf_FailUpgradeWeight_OnACopy()
    {
        var json = _cli.Json(Example("--fail", "core-access", "--upgrade", "wan=1G", "--weight", "access-backup=1"));

        Assert.Equal(["core-access"], json["whatIf"]!["failedLinks"]!.AsArray().Select(s => s!.GetValue<string>()));
        var after = json["evaluated"]!["links"]!.AsArray();
        Assert.DoesNotContain(after, l => l!["name"]!.GetValue<string>() == "core-access");
        Assert.Equal(0.87, after.Single(l => l!["name"]!.GetValue<string>() == "access-backup")!["utilisation"]!.GetValue<double>(), 9);
        Assert.Equal(0.09, after.Single(l => l!["name"]!.GetValue<string>() == "wan")!["utilisation"]!.GetValue<double>(), 9);
        // The base case is reported unchanged beside it.
        Assert.Contains(json["base"]!["links"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "core-access");
    }

    [Fact]
    public void Capacity_FailHost_DropsItsDemands()
    {
        var json = _cli.Json(Example("--fail", "web01"));

        var demands = json["evaluated"]!["demands"]!.AsArray();
        Assert.All(demands.Where(d => d!["service"]!.GetValue<string>().StartsWith("https", StringComparison.Ordinal)),
            d => Assert.Equal("EndpointDown", d!["status"]!.GetValue<string>()));
    }

    [Fact]
    public void Capacity_BadTrafficFile_ExitsWithFileLineError()
    {
        var traffic = _cli.File("bad.csv", "src,dst,rate\nweb01,db01,100M\nweb01,pluto,1G\n");

        var (exit, _, stderr) = _cli.Run("network", "capacity", "--links", Path.Combine(_cli.Examples, "network", "links.yaml"), "--traffic", traffic);

        Assert.Equal(1, exit);
        Assert.Contains("bad.csv:3:2: dst: 'pluto' is not a node", stderr);
    }

    [Fact]
    public void Capacity_BadLinksFile_ExitsWithFileLineError()
    {
        var links = _cli.File("links.yaml", "nodes: [a, b]\nlinks:\n  - {name: ab, between: [a, b], capacity: fast}\n");

        var (exit, _, stderr) = _cli.Run("network", "capacity", "--links", links, "--traffic", _cli.File("t.csv", "src,dst,rate\na,b,1M\n"));

        Assert.Equal(1, exit);
        Assert.Contains("links.yaml:3:", stderr);
        Assert.Contains("links[0].capacity: 'fast' is not a rate", stderr);
    }

    [Theory]
    [InlineData("--fail", "nothing", "not a link, node or host")]
    [InlineData("--upgrade", "wan", "write LINK=VALUE")]
    [InlineData("--upgrade", "wan=warp", "'warp' is not a rate")]
    [InlineData("--weight", "wan=-1", "positive number")]
    [InlineData("--target", "1.5", "--target must be in (0, 1]")]
    public void Capacity_BadOptions_Explained(string option, string value, string message)
    {
        var (exit, _, stderr) = _cli.Run(Example(option, value));

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr);
    }

    /// <summary>Every network twin of a branch (the links network included) as stored, as JSON text.</summary>
    private string StoredGraph(string branch)
    {
        using var service = new TwinService(SqliteTwinStore.Open(_cli.Db));
        return new NetworkTwinStore(service).ReadGraph(branch).ToJsonString();
    }

    [Fact]
    public void Capacity_WhatIfOnABranch_DiffShowsTheFailedAndUpgradedLinks_MainByteIdentical()
    {
        var stored = _cli.Json(Example("--branch", "main"));
        Assert.Equal((10, 10), (stored["branch"]!["nodes"]!.GetValue<int>(), stored["branch"]!["links"]!.GetValue<int>()));
        var main = StoredGraph("main");

        var (exit, stdout, stderr) = _cli.Run(Example("--fail", "core-access", "--upgrade", "wan=1G", "--branch", "wan-upgrade"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("Recorded on branch 'wan-upgrade' (forked from main): 10 nodes, 10 links with their utilisation; what-if: fail link core-access; upgrade wan to 1G", stdout);
        Assert.Equal(main, StoredGraph("main"));
        var diff = _cli.Json("branch", "diff", "wan-upgrade");
        Assert.Equal(["link:access-backup changed", "link:core-access changed", "link:core-servers changed", "link:wan changed", "links changed"],
            diff["twins"]!.AsArray().Select(t => $"{t!["twin"]} {t["kind"]}").Order(StringComparer.Ordinal));
        Assert.Empty(diff["relationships"]!.AsArray());
        var wan = _cli.Json("twins", "get", "link:wan", "--branch", "wan-upgrade");
        Assert.Equal((1e9, 0.09), (wan["capacity"]!.GetValue<double>(), Math.Round(wan["utilisation"]!.GetValue<double>(), 9)));
        Assert.Equal("failed", _cli.Json("twins", "get", "link:core-access", "--branch", "wan-upgrade")["state"]!.GetValue<string>());
        Assert.Equal("up", _cli.Json("twins", "get", "link:core-access")["state"]!.GetValue<string>());
    }

    [Fact]
    public void Capacity_WhatIfWithBranchMain_IsRefusedAndWritesNothing()
    {
        var (exit, stdout, stderr) = _cli.Run(Example("--fail", "wan", "--branch", "main"));

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("what-ifs never change main; give --branch NAME", stderr);
        Assert.False(File.Exists(_cli.Db) && StoredGraph("main").Contains("link:", StringComparison.Ordinal));
    }

    [Fact]
    public void Capacity_WithoutLinks_EvaluatesWhatIsStoredOnTheBranch_AndAddsWhatIfs()
    {
        _cli.Json(Example("--branch", "main"));
        _cli.Json(Example("--fail", "core-access", "--upgrade", "wan=1G", "--branch", "wan-upgrade"));

        var json = _cli.Json("network", "capacity", "--branch", "wan-upgrade", "--weight", "transit=3");

        var after = json["evaluated"]!["links"]!.AsArray();
        Assert.DoesNotContain(after, l => l!["name"]!.GetValue<string>() == "core-access");
        Assert.Equal(0.09, after.Single(l => l!["name"]!.GetValue<string>() == "wan")!["utilisation"]!.GetValue<double>(), 9);
        Assert.Equal(3, after.Single(l => l!["name"]!.GetValue<string>() == "transit")!["weight"]!.GetValue<double>());
        Assert.Equal("fail link core-access; upgrade wan to 1G; weight transit=3", json["branch"]!["whatIf"]!.GetValue<string>());
        var (exit, stdout, stderr) = _cli.Run("network", "capacity");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Links network stored on 'main'.", stdout);
        Assert.Contains("Bottlenecks (≥ 80.0 %): wan 90.0 %, core-access 87.0 %.", stdout);
    }

    [Fact]
    public void Capacity_WithoutLinksAndNothingStored_AsksForLinks()
    {
        var (exit, _, stderr) = _cli.Run("network", "capacity", "--traffic", Path.Combine(_cli.Examples, "network", "traffic.csv"));

        Assert.Equal(1, exit);
        Assert.Contains("Give --links FILE: no links network is stored on 'main'", stderr);
    }
}
