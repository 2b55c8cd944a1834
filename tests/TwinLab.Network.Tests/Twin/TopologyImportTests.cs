using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Network.Firewall;
using TwinLab.Network.Models;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Twin;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Twin;

/// <summary>The example network (examples/network) imported with its topology and firewall rules.</summary>
public sealed class TopologyImportTests : IDisposable
{
    private readonly TwinService _service = new(new InMemoryTwinStore());
    private readonly NetworkTwinStore _store;

    public TopologyImportTests() => _store = new NetworkTwinStore(_service);

    public void Dispose() => _service.Dispose();

    private static readonly Lazy<(ScanResult Scan, VulnerabilityFeeds Feeds)> Example = new(() => (
        NmapXmlReader.Read(ExampleFiles.Path("scan.xml")),
        new VulnerabilityFeeds(NvdCveReader.Read(ExampleFiles.Path("nvd.json")), EpssCsvReader.Read(ExampleFiles.Path("epss.csv")), KevReader.Read(ExampleFiles.Path("kev.json")))));

    private static NetworkGraph Graph(NetworkTopology? topology = null, params OwnedRuleset[] rulesets) =>
        NetworkGraph.FromScan(Example.Value.Scan, Example.Value.Feeds, new NetworkImportInputs { Topology = topology ?? TopologyFile.Load(ExampleFiles.Path("topology.yaml")), Rulesets = rulesets });

    private static JsonObject Twin(NetworkGraph g, string id) =>
        g.Graph["twins"]!.AsArray().OfType<JsonObject>().Single(t => t["$dtId"]!.GetValue<string>() == id);

    private static bool HasRelationship(NetworkGraph g, string source, string name, string target) =>
        g.Graph["relationships"]!.AsArray().OfType<JsonObject>().Any(r => r["source"]!.GetValue<string>() == source && r["name"]!.GetValue<string>() == name && r["target"]!.GetValue<string>() == target);

    [Fact]
    public void FromScan_WithTopology_ZonesAreSubnetsAndHostsCarryRoleValueAndZone()
    {
        var g = Graph();

        var dmz = Twin(g, "zone:dmz");
        Assert.Equal(("dmz", "203.0.113.0/27", false), (dmz["zone"]!.GetValue<string>(), dmz["cidr"]!.GetValue<string>(), dmz["inferred"]!.GetValue<bool>()));
        Assert.Equal(2, dmz["cidrs"]!.AsArray().Count);
        Assert.True(HasRelationship(g, "zone:dmz", NetworkModels.HasHost, "203.0.113.10"));
        Assert.True(HasRelationship(g, "zone:servers", NetworkModels.HasHost, "10.10.10.30"));
        var db = Twin(g, "10.10.10.30");
        Assert.Equal(("db01", "database", 100.0, true), (db["name"]!.GetValue<string>(), db["role"]!.GetValue<string>(), db["assetValue"]!.GetValue<double>(), db["crownJewel"]!.GetValue<bool>()));
        Assert.DoesNotContain(g.Graph["twins"]!.AsArray().OfType<JsonObject>(), t => t["inferred"]?.GetValue<bool>() == true);
    }

    [Fact]
    public void FromScan_WithTopology_AssetsCredentialsAndTrustAreTwinsAndRelationships()
    {
        var g = Graph();

        Assert.Equal(100.0, Twin(g, "10.10.10.30:asset")["value"]!.GetValue<double>());
        Assert.True(HasRelationship(g, "10.10.10.30", NetworkModels.HoldsAsset, "10.10.10.30:asset"));
        var admin = Twin(g, "credential:domain-admin");
        Assert.Equal(("administrator", "admin"), (admin["principal"]!.GetValue<string>(), admin["privilege"]!.GetValue<string>()));
        Assert.True(HasRelationship(g, "10.20.1.10", NetworkModels.StoresCredential, "credential:domain-admin"));
        Assert.True(HasRelationship(g, "credential:domain-admin", NetworkModels.GrantsAccessTo, "10.10.10.10"));
        // jump01 → db01 trust: db01 trusts jump01.
        var trust = g.Graph["relationships"]!.AsArray().OfType<JsonObject>().Single(r => r["source"]!.GetValue<string>() == "10.10.10.30" && r["name"]!.GetValue<string>() == NetworkModels.Trusts);
        Assert.Equal(("10.99.0.10", "root", "ssh/tcp/22"), (trust["target"]!.GetValue<string>(), trust["properties"]!["user"]!.GetValue<string>(), trust["properties"]!["service"]!.GetValue<string>()));
    }

    [Fact]
    public void FromScan_WithTopology_FirewallRulesAreTwinsOfTheirFirewallOrHost()
    {
        var g = Graph();

        var fw = Twin(g, "firewall:fw-border");
        Assert.Equal("firewall", fw["role"]!.GetValue<string>());
        Assert.True(HasRelationship(g, "firewall:fw-border:eth1", NetworkModels.AttachedTo, "zone:dmz"));
        var policy = Twin(g, "firewall:fw-border:ipv4:filter:FORWARD:policy");
        Assert.Equal(("DROP", true), (policy["target"]!.GetValue<string>(), policy["policy"]!.GetValue<bool>()));
        var rules = g.Graph["twins"]!.AsArray().OfType<JsonObject>().Where(t => t["$metadata"]!["$model"]!.GetValue<string>() == NetworkModels.FirewallRule).ToList();
        var webToDb = rules.Single(r => r["comment"]?.GetValue<string>() == "web01 to db01 MySQL");
        Assert.Equal(("3306", "ACCEPT", "203.0.113.10/32"), (webToDb["ports"]!.GetValue<string>(), webToDb["target"]!.GetValue<string>(), webToDb["source"]!.GetValue<string>()));
        Assert.StartsWith("firewall/border.rules:", webToDb["location"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(rules, r => r["$dtId"]!.GetValue<string>().StartsWith("10.10.10.30:ipv4:filter:INPUT:", StringComparison.Ordinal));
        Assert.Contains(rules, r => r["family"]!.GetValue<string>() == "ipv6");
        Assert.Equal(4, g.Summary.Topology!.FirewallFiles.Count);
    }

    [Fact]
    public void FromScan_WithTopology_ReportsHostsOnlyInOneOfThem()
    {
        var topology = TopologyFile.Load(ExampleFiles.Path("topology.yaml"));
        var extra = topology.WithHosts([.. topology.Hosts, new NetworkHost
        {
            Name = "backup01", Zone = "servers", Addresses = [System.Net.IPAddress.Parse("10.10.10.40")], Role = "backup", AssetValue = 50,
            Services = [new HostService("ssh", IpProtocol.Tcp, 22)], Line = 999,
        }]);

        var g = Graph(extra);

        Assert.Contains(g.Summary.Notes, n => n.Kind == ImportNoteKind.NotInTopology && n.Host == "10.20.3.77" && n.Location!.Contains("scan.xml:", StringComparison.Ordinal));
        Assert.Contains(g.Summary.Notes, n => n.Kind == ImportNoteKind.NotScanned && n.Host == "10.10.10.40" && n.Location!.EndsWith("topology.yaml:999", StringComparison.Ordinal));
        Assert.True(Twin(g, "10.10.10.40")["declared"]!.GetValue<bool>());
        Assert.Equal("topology", Twin(g, "10.10.10.40:tcp/22")["method"]!.GetValue<string>());
        Assert.True(HasRelationship(g, "zone:workstations", NetworkModels.HasHost, "10.20.3.77"));
    }

    [Fact]
    public void FromScan_IptablesForATopologyHost_ReplacesItsRules()
    {
        var rules = IptablesSaveParser.Parse("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 3306 -j ACCEPT\nCOMMIT\n", "db01-new.rules");

        var g = Graph(null, new OwnedRuleset("db01", rules));

        var db01Rules = g.Graph["twins"]!.AsArray().OfType<JsonObject>().Where(t => t["$dtId"]!.GetValue<string>().StartsWith("10.10.10.30:ipv4:", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, db01Rules.Count); // three policies and the one rule
        Assert.All(db01Rules, r => Assert.StartsWith("db01-new.rules:", r["location"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.DoesNotContain("firewall/db01.rules", g.Summary.Topology!.FirewallFiles);
    }

    [Fact]
    public void Import_WithTopology_ValidatesAgainstTheModels()
    {
        var import = _store.Import(Graph());

        Assert.Equal(6, _service.Snapshot.Twins.Values.Count(t => t.ModelId == NetworkModels.Subnet));
        Assert.Equal(3, _service.Snapshot.Twins.Values.Count(t => t.ModelId == NetworkModels.Credential));
        Assert.True(import.Write.Relationships > 0);
    }

    [Fact]
    public void Import_Again_WithChangedRulesAndZones_ReportsRuleAndZoneChanges()
    {
        _store.Import(Graph());
        var topology = TopologyFile.Load(ExampleFiles.Path("topology.yaml"));
        var moved = topology.Zones.Select(z => z.Name == "mgmt" ? z with { Subnets = [.. z.Subnets, IpPrefix.Parse("10.98.0.0/24")] } : z).ToList();
        var changed = new NetworkTopology(moved, topology.Hosts, topology.Firewalls, topology.Flows, topology.Credentials, topology.Trusts, topology.AttackerStarts, topology.File, topology.Name);
        var text = File.ReadAllText(ExampleFiles.Path("firewall/db01.rules"))
            .Replace("-A INPUT -s 10.99.0.10/32 -p tcp -m tcp --dport 22", "-A INPUT -s 10.99.0.0/24 -p tcp -m tcp --dport 22", StringComparison.Ordinal);
        Assert.Contains("10.99.0.0/24", text, StringComparison.Ordinal);
        var rules = IptablesSaveParser.Parse(text, "firewall/db01.rules");

        var diff = _store.Import(Graph(changed, new OwnedRuleset("db01", rules))).Diff!;

        var zone = Assert.Single(diff.Changes, c => c.Kind == NetworkChangeKind.ZoneChanged);
        Assert.Equal("zone changed: mgmt: 10.99.0.0/24 → 10.99.0.0/24, 10.98.0.0/24", zone.ToString());
        Assert.Single(diff.Changes, c => c.Kind == NetworkChangeKind.RuleAdded && c.Host == "10.10.10.30" && c.After!.Contains("10.99.0.0/24", StringComparison.Ordinal));
        Assert.Single(diff.Changes, c => c.Kind == NetworkChangeKind.RuleRemoved && c.Host == "10.10.10.30" && c.Before!.Contains("10.99.0.10/32", StringComparison.Ordinal));
        Assert.Equal(3, diff.Changes.Count);
    }

    [Fact]
    public void Import_ScanOnlyAfterTopology_KeepsTopologyTwinsAndNames()
    {
        _store.Import(Graph());

        _store.Import(NetworkGraph.FromScan(Example.Value.Scan, Example.Value.Feeds));

        Assert.NotNull(_service.Snapshot.Twins.GetValueOrDefault("credential:domain-admin"));
        Assert.True(_service.Snapshot.Twins["10.10.10.30"].Properties.TryGetValue("name", out var name) && name.Value.GetString() == "db01");
    }
}
