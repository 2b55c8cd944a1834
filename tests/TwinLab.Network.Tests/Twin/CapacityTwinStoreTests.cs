using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Network.Capacity;
using TwinLab.Network.Models;
using TwinLab.Network.Tests.Reachability;
using TwinLab.Network.Twin;

namespace TwinLab.Network.Tests.Twin;

/// <summary>The example enterprise's links (examples/network/links.yaml, traffic.csv) stored as twins, with what-ifs on branches.</summary>
public sealed class CapacityTwinStoreTests : IDisposable
{
    private readonly TwinService _service = new(new InMemoryTwinStore());
    private readonly CapacityTwinStore _store;
    private readonly CapacityNetwork _network = LinksFile.Load(ExampleFiles.Path("links.yaml"));
    private readonly TrafficMatrix _traffic;

    public CapacityTwinStoreTests()
    {
        _store = new CapacityTwinStore(_service);
        _traffic = TrafficFile.Load(ExampleFiles.Path("traffic.csv"), _network);
    }

    public void Dispose() => _service.Dispose();

    private static readonly CapacityScenario FailAndUpgrade = new()
    {
        FailedLinks = ["core-access"],
        Upgrades = new Dictionary<string, double> { ["wan"] = 1e9 },
    };

    private CapacityTwinOutcome StoreOnMain() => _store.Record(BranchInfo.Main, _network, CapacityAnalysis.Analyse(_network, _traffic),
        new CapacityTwinInputs { TrafficPath = ExampleFiles.Path("traffic.csv") });

    private CapacityTwinOutcome WhatIf(string branch, CapacityScenario scenario, CapacityNetwork? network = null, StoredLinkNetwork? stored = null)
    {
        network ??= _network;
        var full = stored is null ? scenario : scenario with { FailedLinks = [.. stored.Failures.FailedLinks.Union(scenario.FailedLinks)] };
        return _store.Record(branch, network, CapacityAnalysis.Analyse(network, _traffic, null, full),
            new CapacityTwinInputs { TrafficPath = ExampleFiles.Path("traffic.csv"), Stored = stored, WhatIf = scenario });
    }

    private string Main() => new NetworkTwinStore(_service).ReadGraph(BranchInfo.Main).ToJsonString();

    [Fact]
    public void Record_OnMain_StoresNodesLinksAttachmentsAndUtilisation()
    {
        var outcome = StoreOnMain();

        Assert.Equal((10, 10, 0), (outcome.Nodes, outcome.Links, outcome.Removed));
        var twins = _service.Snapshot.Twins.Values;
        Assert.Equal(10, twins.Count(t => t.ModelId == NetworkModels.Link));
        var wan = _service.Snapshot.GetTwin(CapacityTwinStore.LinkId("wan"));
        Assert.Equal(0.9, wan.P("utilisation").GetDouble(), 9);
        Assert.Equal(1e8, wan.P("capacity").GetDouble());
        Assert.Equal("up", wan.P("state").GetString());
        Assert.Equal(CapacityTwinStore.NodeId("branch-rtr"), _service.Snapshot.OutgoingOf(wan.Id, NetworkModels.EndB).Single().TargetId);
        var dmz = _service.Snapshot.GetTwin(CapacityTwinStore.NodeId("dmz-sw"));
        Assert.Equal("dmz", dmz.P("zones")[0].GetString());
        Assert.Equal(["core-access", "wan"], _service.Snapshot.GetTwin(CapacityTwinStore.RootId).P("bottlenecks").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact]
    public void Load_WhatWasStored_EvaluatesLikeTheFile()
    {
        StoreOnMain();

        var stored = _store.Load()!;
        var fromFile = CapacityAnalysis.Analyse(_network, _traffic, null, null, nMinusOne: true);
        var fromTwin = CapacityAnalysis.Analyse(stored.Network, TrafficFile.Load(stored.TrafficPath!, stored.Network), null, null, nMinusOne: true);

        Assert.True(stored.Failures.IsEmpty);
        Assert.Null(stored.WhatIf);
        Assert.Equal(_network.Links.Select(l => l with { Line = 0 }), stored.Network.Links);
        Assert.Equal(fromFile.Base.Links.Select(l => (l.Link.Name, l.LoadAToB, l.LoadBToA)), fromTwin.Base.Links.Select(l => (l.Link.Name, l.LoadAToB, l.LoadBToA)));
        Assert.Equal(fromFile.Upgrades.Cost, fromTwin.Upgrades.Cost);
        Assert.Equal(fromFile.NMinusOne!.SinglePointsOfFailure.Select(f => f.Element), fromTwin.NMinusOne!.SinglePointsOfFailure.Select(f => f.Element));
    }

    [Fact]
    public void Record_WhatIfOnABranch_DiffShowsTheFailedAndUpgradedLinksAndMainIsUnchanged()
    {
        StoreOnMain();
        var main = Main();
        var mainSequence = _service.LastSequence;

        var outcome = WhatIf("wan-upgrade", FailAndUpgrade);

        Assert.True(outcome.BranchCreated);
        Assert.Equal("fail link core-access; upgrade wan to 1G", outcome.WhatIf);
        Assert.Equal(main, Main());
        var diff = _service.Diff("wan-upgrade");
        Assert.Empty(diff.Relationships);
        Assert.Equal(["link:access-backup", "link:core-access", "link:core-servers", "link:wan", "links"], diff.Twins.Select(t => t.TwinId));
        Assert.All(diff.Twins, t => Assert.Equal(DiffKind.Changed, t.Kind));
        string Changed(string twin) => string.Join(",", diff.Twins.Single(t => t.TwinId == twin).Properties.Select(p => p.Path));
        Assert.Equal("latency,loadAToB,loadBToA,state,utilisation", Changed("link:core-access"));
        Assert.Equal("capacity,latency,utilisation", Changed("link:wan"));
        var backup = _service.SnapshotOf("wan-upgrade").GetTwin("link:access-backup");
        Assert.Equal(0.87, backup.P("utilisation").GetDouble(), 9);
        Assert.True(_service.LastSequence > mainSequence);
    }

    [Fact]
    public void Load_Branch_GivesTheUpgradedNetworkAndItsFailures_AndWhatIfsAccumulate()
    {
        StoreOnMain();
        WhatIf("wan-upgrade", FailAndUpgrade);

        var stored = _store.Load("wan-upgrade")!;
        Assert.Equal(["core-access"], stored.Failures.FailedLinks);
        Assert.Equal(1e9, stored.Network.FindLink("wan")!.Capacity);
        var again = CapacityAnalysis.Evaluate(stored.Network, _traffic, null, stored.Failures);
        Assert.Equal(0.87, again.Links.Single(l => l.Link.Name == "access-backup").Utilisation, 9);

        var second = WhatIf("wan-upgrade", new CapacityScenario { Weights = new Dictionary<string, double> { ["transit"] = 3 } }, stored.Network, stored);

        Assert.False(second.BranchCreated);
        Assert.Equal("fail link core-access; upgrade wan to 1G; weight transit=3", second.WhatIf);
        var reloaded = _store.Load("wan-upgrade")!;
        Assert.Equal((3.0, 1e9), (reloaded.Network.FindLink("transit")!.Weight, reloaded.Network.FindLink("wan")!.Capacity));
        Assert.Equal(["core-access"], reloaded.Failures.FailedLinks);
    }

    [Fact]
    public void Record_FailedNodeAndHost_MarkTheNodeItsLinksAndTheHost()
    {
        StoreOnMain();

        WhatIf("lose-wan-router", new CapacityScenario { FailedNodes = ["wan-rtr"], FailedHosts = ["web01"] });

        var branch = _service.SnapshotOf("lose-wan-router");
        Assert.Equal("failed", branch.GetTwin("node:wan-rtr").P("state").GetString());
        Assert.Equal(("down", "down"), (branch.GetTwin("link:wan").P("state").GetString(), branch.GetTwin("link:core-wan").P("state").GetString()));
        Assert.Equal("web01", branch.GetTwin("links").P("failedHosts")[0].GetString());
        var stored = _store.Load("lose-wan-router")!;
        Assert.Equal(["wan-rtr"], stored.Failures.FailedNodes);
        Assert.Equal(["web01"], stored.Failures.FailedHosts);
        Assert.Empty(stored.Failures.FailedLinks);
    }

    [Fact]
    public void Record_WhatIfOnMain_IsRefusedAndWritesNothing()
    {
        StoreOnMain();
        var before = _service.LastSequence;

        var e = Assert.ThrowsAny<TwinLabException>(() => WhatIf(BranchInfo.Main, FailAndUpgrade));

        Assert.Contains("what-ifs never change main; give --branch NAME", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, _service.LastSequence);
    }

    [Fact]
    public void Record_SameNetworkAgain_WritesNothing_SmallerNetworkRemovesStaleTwins()
    {
        StoreOnMain();
        var before = _service.LastSequence;

        StoreOnMain();
        Assert.Equal(before, _service.LastSequence);

        var small = LinksFile.Parse("nodes: [a, b]\nlinks:\n  - {name: ab, between: [a, b], capacity: 1G}\n", "small.yaml", ".");
        var outcome = _store.Record(BranchInfo.Main, small, CapacityAnalysis.Analyse(small, TrafficFile.Parse("src,dst,rate\na,b,100M\n", "t.csv", small)), new CapacityTwinInputs());

        Assert.Equal(20, outcome.Removed); // the enterprise's 10 nodes (2 of them its firewalls) and 10 links
        Assert.Equal(["link:ab"], _service.Snapshot.Twins.Values.Where(t => t.ModelId == NetworkModels.Link).Select(t => t.Id));
        Assert.Null(_store.Load()!.Network.Topology);
    }

    [Fact]
    public void Load_NothingStored_IsNull() => Assert.Null(_store.Load());
}

internal static class TwinProperties
{
    public static System.Text.Json.JsonElement P(this TwinLab.Core.Twins.Twin twin, string name) =>
        twin.Properties.TryGetValue(name, out var p) ? p.Value : throw new Xunit.Sdk.XunitException($"{twin.Id} has no {name}");
}
