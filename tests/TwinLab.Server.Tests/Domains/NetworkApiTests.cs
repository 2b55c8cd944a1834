using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Twin;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Server.Tests.Domains;

/// <summary>The example enterprise network (examples/network) imported into a fresh server, as <c>twinlab demo</c> does.</summary>
public sealed class ExampleNetworkServer : IDisposable
{
    public ExampleNetworkServer()
    {
        Factory = NetworkServer();
        Client = Factory.CreateClient();
        Import(Factory.Services.GetRequiredService<TwinService>(), withTopology: true);
    }

    public ServerFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>A dev server that reads network inputs from the repository's examples/ (the tests import from there, not
    /// from a copy beside the server).</summary>
    public static ServerFactory NetworkServer() =>
        ServerFactory.WithSettings(new Dictionary<string, string> { ["TwinLab:Network:InputDirectories"] = Examples() });

    /// <summary>Imports examples/network (scan, NVD, EPSS, KEV, and the topology when asked) on main.</summary>
    public static void Import(TwinService service, bool withTopology)
    {
        var root = Path.Combine(Examples(), "network");
        string F(string name) => Path.Combine(root, name);
        var scan = NmapXmlReader.Read(F("scan.xml"));
        var feeds = new VulnerabilityFeeds(NvdCveReader.Read(F("nvd.json")), EpssCsvReader.Read(F("epss.csv")), KevReader.Read(F("kev.json")));
        var graph = withTopology
            ? NetworkGraph.FromScan(scan, feeds, new NetworkImportInputs
            {
                Topology = TopologyFile.Load(F("topology.yaml")),
                Paths = new NetworkInputPaths(F("topology.yaml"), F("scan.xml"), F("nvd.json"), F("epss.csv"), F("kev.json")),
            })
            : NetworkGraph.FromScan(scan, feeds);
        new NetworkTwinStore(service).Import(graph);
    }

    public static string Examples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "network"))) return candidate;
        }
        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

public sealed class NetworkApiTests(ExampleNetworkServer server) : IClassFixture<ExampleNetworkServer>
{
    private readonly HttpClient _client = server.Client;

    private async Task<JsonElement> GetJson(string path)
    {
        var r = await _client.GetAsync(Adt.Url(path));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> WhatIf(params string[] changes)
    {
        var r = await _client.PostAsync(Adt.Url("/domains/network/network/whatif"), Adt.Json(JsonSerializer.Serialize(new { changes })));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"whatif: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static Dictionary<string, double> Probabilities(JsonElement risk) =>
        risk.GetProperty("assets").EnumerateArray().ToDictionary(a => a.GetProperty("host").GetString()!, a => a.GetProperty("compromiseProbability").GetDouble());

    [Fact]
    public async Task List_ImportedNetwork_IsListedAsAnalysable()
    {
        var list = await GetJson("/domains/network");
        var network = Assert.Single(list.GetProperty("value").EnumerateArray());
        Assert.Equal("network", network.GetProperty("id").GetString());
        Assert.Equal("acme-small-enterprise", network.GetProperty("name").GetString());
        Assert.True(network.GetProperty("analysable").GetBoolean());
    }

    [Fact]
    public async Task Get_ExampleNetwork_MarksEntryPointsCrownJewelsAndLikeliestPaths()
    {
        var view = await GetJson("/domains/network/network");
        var jewels = view.GetProperty("crownJewels").EnumerateArray().Select(j => j.GetString()!).ToList();
        Assert.Contains("db01", jewels);
        Assert.Contains("dc01", jewels);
        Assert.Contains("internet", view.GetProperty("attackerStarts").EnumerateArray().Select(s => s.GetString()));

        var nodes = view.GetProperty("graph").GetProperty("nodes").EnumerateArray().ToList();
        var ids = nodes.Select(n => n.GetProperty("id").GetString()!).ToHashSet();
        var crown = nodes.Where(n => n.GetProperty("highlight").ValueKind == JsonValueKind.String && n.GetProperty("highlight").GetString() == "crown")
            .Select(n => n.GetProperty("host").GetString()).ToHashSet();
        Assert.Contains("db01", crown);
        Assert.True(crown.IsSubsetOf(jewels), "only crown jewels are highlighted as such");
        Assert.Contains(nodes, n => n.GetProperty("group").GetString() == "entry" && n.GetProperty("id").GetString() == "attackerLocated(internet)");
        Assert.Contains(nodes, n => n.GetProperty("group").GetString() == "vulnerability" && n.GetProperty("label").GetString()!.StartsWith("CVE-2021-42013", StringComparison.Ordinal));
        var edges = view.GetProperty("graph").GetProperty("edges").EnumerateArray().ToList();
        Assert.All(edges, e => Assert.True(ids.Contains(e.GetProperty("source").GetString()!) && ids.Contains(e.GetProperty("target").GetString()!)));
        var edgeKeys = edges.Select(e => e.GetProperty("source").GetString() + "→" + e.GetProperty("target").GetString()).ToHashSet();

        // The README's finding: web01 by CVE-2021-42013 (T1190), then MySQL on db01 by CVE-2016-6662.
        var db = view.GetProperty("paths").EnumerateArray().Single(p => p.GetProperty("host").GetString() == "db01");
        Assert.True(db.GetProperty("reachable").GetBoolean());
        var likely = db.GetProperty("mostLikely");
        var p = likely.GetProperty("probability").GetDouble();
        Assert.InRange(p, 1e-9, 1);
        foreach (var other in db.GetProperty("paths").EnumerateArray()) Assert.True(other.GetProperty("probability").GetDouble() <= p + 1e-12);
        Assert.Contains("assetCompromised(db01)", likely.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.All(likely.GetProperty("nodes").EnumerateArray(), n => Assert.Contains(n.GetString()!, ids));
        Assert.NotEmpty(likely.GetProperty("edges").EnumerateArray());
        Assert.All(likely.GetProperty("edges").EnumerateArray(), e => Assert.Contains(e.GetString()!, edgeKeys));
        var shortest = db.GetProperty("shortest");
        Assert.Contains("execCode(web01", shortest.GetProperty("key").GetString());
        Assert.Equal(2, shortest.GetProperty("actionCount").GetInt32());

        var risk = view.GetProperty("risk");
        Assert.Equal(2000, risk.GetProperty("replications").GetInt32());
        foreach (var a in risk.GetProperty("assets").EnumerateArray())
        {
            var prob = a.GetProperty("compromiseProbability").GetDouble();
            // The Wilson interval's ends carry rounding (an upper end of 1 − 2e-16 at p = 1).
            Assert.InRange(prob, a.GetProperty("probabilityLow").GetDouble() - 1e-9, a.GetProperty("probabilityHigh").GetDouble() + 1e-9);
            Assert.Equal(prob * a.GetProperty("value").GetDouble(), a.GetProperty("expectedLoss").GetDouble(), 6);
        }
        Assert.True(Probabilities(risk)["db01"] > 0);
        Assert.Contains(view.GetProperty("changes").EnumerateArray(), c => c.GetProperty("id").GetString() == "patch:CVE-2021-42013@web01");
        Assert.EndsWith("costs.yaml", view.GetProperty("costs").GetString());
    }

    [Fact]
    public async Task Get_SameSeed_GivesTheSameRisk_AnotherSeedOtherwise()
    {
        var a = Probabilities((await GetJson("/domains/network/network?seed=7&replications=500")).GetProperty("risk"));
        var b = Probabilities((await GetJson("/domains/network/network?seed=7&replications=500")).GetProperty("risk"));
        Assert.Equal(a, b);
        var c = await GetJson("/domains/network/network?seed=8&replications=500");
        Assert.Equal(8UL, c.GetProperty("risk").GetProperty("seed").GetUInt64());
    }

    [Fact]
    public async Task WhatIf_PatchingWeb01_RemovesItsPathsAndLowersRisk_WithoutWritingTheTwin()
    {
        var twinBefore = await _client.GetStringAsync(Adt.Url("/digitaltwins/network"));
        var view = await GetJson("/domains/network/network");
        var result = await WhatIf("patch:CVE-2021-42013@web01");

        var change = Assert.Single(result.GetProperty("changes").EnumerateArray());
        Assert.Equal("patch:CVE-2021-42013@web01", change.GetProperty("change").GetProperty("id").GetString());
        Assert.Equal(2, change.GetProperty("change").GetProperty("hours").GetDouble()); // costs.yaml: cves: CVE-2021-42013: 2
        Assert.True(change.GetProperty("factsRemoved").GetInt32() > 0);

        // "Before" is exactly the network's risk (same seed and replications); "after" no higher for any asset.
        var before = Probabilities(result.GetProperty("before").GetProperty("risk"));
        Assert.Equal(Probabilities(view.GetProperty("risk")), before);
        var after = Probabilities(result.GetProperty("after").GetProperty("risk"));
        Assert.True(after["web01"] < before["web01"]);
        var reduction = result.GetProperty("riskReduction").GetDouble();
        Assert.True(reduction > 0);
        Assert.Equal(result.GetProperty("before").GetProperty("risk").GetProperty("totalExpectedLoss").GetDouble()
            - result.GetProperty("after").GetProperty("risk").GetProperty("totalExpectedLoss").GetDouble(), reduction, 6);

        var dbChange = result.GetProperty("pathChanges").EnumerateArray().Single(p => p.GetProperty("host").GetString() == "db01");
        Assert.Contains(dbChange.GetProperty("removed").EnumerateArray(), k => k.GetString()!.Contains("execCode(web01", StringComparison.Ordinal));
        // Patching only removes facts: no path can be new.
        Assert.All(result.GetProperty("pathChanges").EnumerateArray(), c => Assert.Empty(c.GetProperty("added").EnumerateArray()));
        var dbAfter = result.GetProperty("after").GetProperty("paths").EnumerateArray().Single(p => p.GetProperty("host").GetString() == "db01");
        Assert.DoesNotContain(dbAfter.GetProperty("paths").EnumerateArray(), p => p.GetProperty("key").GetString()!.Contains("execCode(web01", StringComparison.Ordinal));
        Assert.Contains(result.GetProperty("removedNodes").EnumerateArray(), n => n.GetString()!.StartsWith("execCode(web01", StringComparison.Ordinal));

        Assert.Equal(twinBefore, await _client.GetStringAsync(Adt.Url("/digitaltwins/network")));
        var again = await GetJson("/domains/network/network");
        Assert.Equal(Probabilities(view.GetProperty("risk")), Probabilities(again.GetProperty("risk")));
    }

    [Fact]
    public async Task WhatIf_IsolatingEveryEntry_LeavesNoPathToDb01()
    {
        var result = await WhatIf("block:internet->web01:*", "isolate:hr-laptop-02");
        var db = result.GetProperty("after").GetProperty("paths").EnumerateArray().Single(p => p.GetProperty("host").GetString() == "db01");
        Assert.Empty(db.GetProperty("paths").EnumerateArray());
        Assert.Equal(0, Probabilities(result.GetProperty("after").GetProperty("risk"))["db01"]);
    }

    [Fact]
    public async Task Recommendations_CheapestCut_ProtectsEveryCrownJewel_WithEvidence()
    {
        var view = await GetJson("/domains/network/network");
        var rec = await GetJson("/domains/network/network/recommendations");
        Assert.Equal("cut", rec.GetProperty("mode").GetString());
        Assert.Equal("Optimal", rec.GetProperty("status").GetString());
        var measures = rec.GetProperty("measures").EnumerateArray().ToList();
        Assert.NotEmpty(measures);
        Assert.Equal(measures.Sum(m => m.GetProperty("change").GetProperty("hours").GetDouble()), rec.GetProperty("hours").GetDouble(), 6);
        var changeIds = view.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToHashSet();
        foreach (var m in measures)
        {
            Assert.Contains(m.GetProperty("change").GetProperty("id").GetString(), changeIds);
            Assert.False(m.GetProperty("change").GetProperty("excluded").GetBoolean());
            Assert.True(m.GetProperty("pathsRemoved").GetInt32() > 0);
            Assert.NotEmpty(m.GetProperty("evidence").EnumerateArray());
        }
        Assert.True(rec.GetProperty("riskAfter").GetDouble() < rec.GetProperty("riskBefore").GetDouble());

        // Tried as a what-if, the recommended set leaves every cut crown jewel unreachable.
        var result = await WhatIf([.. measures.Select(m => m.GetProperty("change").GetProperty("id").GetString()!)]);
        var after = Probabilities(result.GetProperty("after").GetProperty("risk"));
        foreach (var goal in rec.GetProperty("goals").EnumerateArray()) Assert.Equal(0, after[goal.GetString()!]);
        Assert.Equal(rec.GetProperty("riskAfter").GetDouble(), result.GetProperty("after").GetProperty("risk").GetProperty("totalExpectedLoss").GetDouble(), 6);
    }

    [Fact]
    public async Task Recommendations_Budget_StaysWithinIt()
    {
        var rec = await GetJson("/domains/network/network/recommendations?budget=4");
        Assert.Equal("budget", rec.GetProperty("mode").GetString());
        Assert.True(rec.GetProperty("hours").GetDouble() <= 4);
        Assert.NotEmpty(rec.GetProperty("measures").EnumerateArray());
        Assert.All(rec.GetProperty("measures").EnumerateArray(), m => Assert.True(m.GetProperty("riskReduction").GetDouble() >= 0));
    }

    [Theory]
    [InlineData("/domains/network/nope", HttpStatusCode.NotFound, "NetworkNotFound")]
    [InlineData("/domains/network/network?branch=nope", HttpStatusCode.NotFound, "BranchNotFound")]
    [InlineData("/domains/network?branch=nope", HttpStatusCode.NotFound, "BranchNotFound")]
    [InlineData("/domains/network/network/recommendations?budget=-1", HttpStatusCode.BadRequest, "InvalidArgument")]
    [InlineData("/domains/network/network/recommendations?includeUrgent=maybe", HttpStatusCode.BadRequest, "InvalidArgument")]
    [InlineData("/domains/network/network?seed=x", HttpStatusCode.BadRequest, "InvalidArgument")]
    [InlineData("/domains/network/network?replications=5", HttpStatusCode.BadRequest, "InvalidArgument")]
    [InlineData("/domains/network/zone:dmz", HttpStatusCode.NotFound, "NetworkNotFound")]
    public async Task Get_BadRequests_AreRefusedNamingTheProblem(string path, HttpStatusCode status, string code)
    {
        var r = await _client.GetAsync(Adt.Url(path));
        await Adt.AssertError(r, status, code);
        if (code == "InvalidArgument")
        {
            var field = path[(path.IndexOf('?') + 1)..path.IndexOf('=')];
            Assert.Contains(field, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_WithoutApiVersion_IsRefused()
    {
        var r = await _client.GetAsync("/domains/network/network");
        await Adt.AssertError(r, HttpStatusCode.BadRequest, "MissingApiVersionParameter");
    }

    [Theory]
    [InlineData("[]", "body must be a JSON object")]
    [InlineData("{}", "changes is required")]
    [InlineData("""{"changes": []}""", "changes must hold 1")]
    [InlineData("""{"changes": ["patch:CVE-2021-42013@web01", 3]}""", "changes[1] must be a string")]
    [InlineData("""{"changes": ["frobnicate:web01"]}""", "changes[0]: frobnicate:web01: unknown measure")]
    [InlineData("""{"changes": ["isolate:web01", "patch:CVE-1999-0001@nohost"]}""", "changes[1]: patch:CVE-1999-0001@nohost: matches no fact")]
    [InlineData("""{"changes": ["isolate:web01", "isolate:web01"]}""", "listed twice")]
    public async Task WhatIf_BadBodies_AreRefusedNamingTheChange(string body, string message)
    {
        var r = await _client.PostAsync(Adt.Url("/domains/network/network/whatif"), Adt.Json(body));
        await Adt.AssertError(r, HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Contains(message, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task WhatIf_UnknownNetwork_Is404()
    {
        var r = await _client.PostAsync(Adt.Url("/domains/network/nope/whatif"), Adt.Json("""{"changes": ["isolate:web01"]}"""));
        await Adt.AssertError(r, HttpStatusCode.NotFound, "NetworkNotFound");
    }
}

public sealed class NetworkApiWithoutTopologyTests
{
    [Fact]
    public async Task Get_NetworkImportedWithoutTopology_Is409NamingTheTopology()
    {
        using var factory = ExampleNetworkServer.NetworkServer();
        var client = factory.CreateClient();
        ExampleNetworkServer.Import(factory.Services.GetRequiredService<TwinService>(), withTopology: false);
        var list = JsonDocument.Parse(await client.GetStringAsync(Adt.Url("/domains/network"))).RootElement;
        var network = Assert.Single(list.GetProperty("value").EnumerateArray());
        Assert.False(network.GetProperty("analysable").GetBoolean());
        var r = await client.GetAsync(Adt.Url("/domains/network/network"));
        await Adt.AssertError(r, HttpStatusCode.Conflict, "NetworkNotAnalysable");
        Assert.Contains("topology", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_EmptyDatabase_IsEmpty()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var list = JsonDocument.Parse(await client.GetStringAsync(Adt.Url("/domains/network"))).RootElement;
        Assert.Empty(list.GetProperty("value").EnumerateArray());
    }
}

/// <summary>A Network twin names the files its analysis reads; a caller who may write the twin must not be able to make the
/// server open any other file (its database, its keys, system files) or learn whether one exists.</summary>
public sealed class NetworkInputFolderTests : IDisposable
{
    private readonly ServerFactory _factory = ExampleNetworkServer.NetworkServer();
    private readonly HttpClient _client;

    public NetworkInputFolderTests()
    {
        _client = _factory.CreateClient();
        ExampleNetworkServer.Import(_factory.Services.GetRequiredService<TwinService>(), withTopology: true);
    }

    private async Task<HttpResponseMessage> PointTopologyAt(string path)
    {
        var patch = JsonSerializer.Serialize(new[] { new { op = "replace", path = "/topologyPath", value = path } });
        var r = await _client.PatchAsync(Adt.Url("/digitaltwins/network"), new StringContent(patch, System.Text.Encoding.UTF8, "application/json-patch+json"));
        Assert.True(r.IsSuccessStatusCode, $"patch: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await _client.GetAsync(Adt.Url("/domains/network/network"));
    }

    [Fact]
    public async Task TopologyPath_OutsideTheInputFolders_IsRefused_WithoutSayingWhetherTheFileExists()
    {
        var existing = await PointTopologyAt("/etc/hostname");
        await Adt.AssertError(existing, HttpStatusCode.Conflict, "NetworkNotAnalysable");
        var existingText = await existing.Content.ReadAsStringAsync();
        Assert.Contains("outside the folders", existingText, StringComparison.Ordinal);
        Assert.Contains("TwinLab:Network:InputDirectories", existingText, StringComparison.Ordinal);

        var missing = await PointTopologyAt("/etc/no-such-file-" + Guid.NewGuid().ToString("N"));
        await Adt.AssertError(missing, HttpStatusCode.Conflict, "NetworkNotAnalysable");
        // The same answer for a file that exists and one that does not (apart from the path itself).
        Assert.Equal(existingText.Replace("/etc/hostname", "X", StringComparison.Ordinal),
            System.Text.RegularExpressions.Regex.Replace(await missing.Content.ReadAsStringAsync(), "/etc/no-such-file-[0-9a-f]+", "X"));
    }

    [Fact]
    public async Task TopologyPath_AtTheDatabaseOrItsJournal_IsRefused()
    {
        foreach (var file in new[] { "twinlab.db", "twinlab.db-wal" })
        {
            var r = await PointTopologyAt(Path.Combine(_factory.DataDirectory, file));
            await Adt.AssertError(r, HttpStatusCode.Conflict, "NetworkNotAnalysable");
            Assert.Contains("outside the folders", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task TopologyPath_ThroughASymbolicLinkLeadingOutside_IsRefused()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "symbolic links need Unix here");
        var link = Path.Combine(_factory.DataDirectory, "topology-link.yaml");
        File.CreateSymbolicLink(link, "/etc/hostname");
        var r = await PointTopologyAt(link);
        await Adt.AssertError(r, HttpStatusCode.Conflict, "NetworkNotAnalysable");
        Assert.Contains("outside the folders", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopologyPath_InTheConfiguredFolder_IsRead()
    {
        var r = await _client.GetAsync(Adt.Url("/domains/network/network"));
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
