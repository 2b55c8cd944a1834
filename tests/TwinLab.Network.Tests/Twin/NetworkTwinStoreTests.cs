using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Network.Models;
using TwinLab.Network.Twin;

namespace TwinLab.Network.Tests.Twin;

public sealed class NetworkTwinStoreTests : IDisposable
{
    private readonly TwinService _service = new(new InMemoryTwinStore());
    private readonly NetworkTwinStore _store;

    public NetworkTwinStoreTests() => _store = new NetworkTwinStore(_service);

    public void Dispose() => _service.Dispose();

    private int Count(string model) => _service.Snapshot.Twins.Values.Count(t => t.ModelId == model);

    [Fact]
    public void Import_FirstScan_ImportsModelsWritesTwinsAndHasNoDiff()
    {
        var graph = TwinTestData.EnterpriseGraph();

        var import = _store.Import(graph);

        Assert.Null(import.Diff);
        Assert.Equal(NetworkModels.All.Count - NetworkModels.LinkModels.Count, import.Write.ModelsImported);
        Assert.Equal(graph.Graph["twins"]!.AsArray().Count, import.Write.Twins);
        Assert.Equal((3, 14, 4), (Count(NetworkModels.Host), Count(NetworkModels.Service), Count(NetworkModels.Vulnerability)));
        Assert.True(import.Write.LastSequence >= import.Write.FirstSequence);
    }

    [Fact]
    public void Import_Rescan_ReportsTheDiffAndRemovesWhatIsGone()
    {
        _store.Import(TwinTestData.EnterpriseGraph());
        var rescan = TwinTestData.RescanGraph();

        var import = _store.Import(rescan);

        Assert.NotNull(import.Diff);
        Assert.Equal(NetworkDiff.Compare(TwinTestData.EnterpriseGraph().Graph, rescan.Graph).Changes, import.Diff!.Changes);
        Assert.Equal(0, import.Write.ModelsImported);
        Assert.False(_service.Snapshot.Twins.ContainsKey("192.168.56.20"));
        Assert.False(_service.Snapshot.Twins.ContainsKey("192.168.56.20:tcp/445"));
        Assert.False(_service.Snapshot.Twins.ContainsKey("192.168.56.10:tcp/80:CVE-2021-41773"));
        Assert.True(_service.Snapshot.Twins.ContainsKey("192.168.56.40:tcp/22:CVE-2023-38408"));
        // iis01's host, interface and seven services; files01's 139, no longer listed; two vulnerabilities of web01 fixed.
        Assert.Equal(1 + 1 + 7 + 1 + 2, import.Write.TwinsRemoved);
        Assert.Equal((3, 4), (Count(NetworkModels.Host), Count(NetworkModels.Vulnerability)));
    }

    [Fact]
    public void Import_Rescan_KeepsRoleAssetValueAndTwinsTheScanDoesNotMake()
    {
        _store.Import(TwinTestData.EnterpriseGraph());
        _service.Write(g =>
        {
            g.UpdateTwin("192.168.56.30", [JsonPatchOperation.Add("/role", JsonSerializer.SerializeToElement("file server")), JsonPatchOperation.Add("/crownJewel", JsonSerializer.SerializeToElement(true))]);
            g.CreateOrReplaceTwin("payroll", JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["$metadata"] = new Dictionary<string, string> { ["$model"] = NetworkModels.Asset }, ["name"] = "payroll share", ["value"] = 250000.0,
            }));
            g.CreateOrReplaceRelationship("192.168.56.30", "holdsAsset:payroll",
                JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["$relationshipName"] = NetworkModels.HoldsAsset, ["$targetId"] = "payroll" }));
        });

        _store.Import(TwinTestData.RescanGraph());

        var files = _service.Snapshot.GetTwin("192.168.56.30");
        Assert.True(files.Properties.TryGetValue("role", out var role) && role.Value.GetString() == "file server");
        Assert.True(files.Properties.TryGetValue("crownJewel", out var jewel) && jewel.Value.GetBoolean());
        Assert.True(_service.Snapshot.Twins.ContainsKey("payroll"));
        Assert.Single(_service.Snapshot.OutgoingOf("192.168.56.30", NetworkModels.HoldsAsset));
    }

    [Fact]
    public void ReadGraph_AfterImport_ComparesEqualToTheImportedGraph()
    {
        var graph = TwinTestData.EnterpriseGraph();
        _store.Import(graph);

        var stored = _store.ReadGraph();

        Assert.True(NetworkDiff.Compare(stored, graph.Graph).IsEmpty);
        Assert.Equal(graph.Graph["twins"]!.AsArray().Count, stored["twins"]!.AsArray().Count);
        Assert.Equal(graph.Graph["relationships"]!.AsArray().Count, stored["relationships"]!.AsArray().Count);
    }

    [Fact]
    public void Import_OnABranch_LeavesMainAloneAndKeepsASummaryPerBranch()
    {
        _store.Import(TwinTestData.EnterpriseGraph());
        _service.CreateBranch("rescan", BranchInfo.Main);

        var import = _store.Import(TwinTestData.RescanGraph(), "rescan");

        Assert.Equal(13, import.Diff!.Changes.Count);
        Assert.True(_service.Snapshot.Twins.ContainsKey("192.168.56.20"));
        Assert.False(_service.SnapshotOf("rescan").Twins.ContainsKey("192.168.56.20"));
        Assert.Equal("nmap 7.93", _store.LoadSummary()!.Summary.Scanner);
        var summary = _store.LoadSummary("rescan")!.Summary;
        Assert.Equal(("nmap 7.94", 3, 4), (summary.Scanner, summary.Hosts, summary.Vulnerabilities));
        Assert.Equal(TwinTestData.RescanGraph().Summary.Notes, summary.Notes);
        Assert.Null(_store.LoadSummary("nowhere"));
    }

    [Fact]
    public void Import_SameIdempotencyKeyTwice_WritesOnce()
    {
        var context = new WriteContext("test", "scan-2024-03-04");
        _store.Import(TwinTestData.EnterpriseGraph(), BranchInfo.Main, context);

        var again = _store.Import(TwinTestData.RescanGraph(), BranchInfo.Main, context);

        Assert.True(again.Write.Duplicate);
        Assert.Null(again.Diff);
        Assert.True(_service.Snapshot.Twins.ContainsKey("192.168.56.20"));
    }
}
