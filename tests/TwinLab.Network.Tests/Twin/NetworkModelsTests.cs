using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Network.Models;

namespace TwinLab.Network.Tests.Twin;

public sealed class NetworkModelsTests
{
    private static Dictionary<string, string> Meta(string model) => new() { ["$model"] = model };

    [Fact]
    public void Sources_Parse_AsTheNetworkInterfaces()
    {
        var interfaces = DtdlParser.Parse(NetworkModels.Sources, ModelSet.Empty);

        Assert.Equal(NetworkModels.All.Order(StringComparer.Ordinal), interfaces.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.All(NetworkModels.Sources, s => Assert.StartsWith("Models/", s.FileName, StringComparison.Ordinal));
    }

    [Fact]
    public void ImportModels_IntoATwinGraph_AcceptsTopologyTwinsTheScanDoesNotMake()
    {
        var graph = new TwinGraph();
        graph.ImportModels(NetworkModels.Sources);
        var file = JsonSerializer.SerializeToElement(new
        {
            twins = new object[]
            {
                new Dictionary<string, object> { ["$dtId"] = "dc01", ["$metadata"] = Meta(NetworkModels.Host), ["role"] = "domain controller", ["assetValue"] = 500000.0, ["crownJewel"] = true },
                new Dictionary<string, object> { ["$dtId"] = "ad-domain", ["$metadata"] = Meta(NetworkModels.Asset), ["name"] = "CORP domain", ["kind"] = "identity", ["value"] = 1e6, ["crownJewel"] = true },
                new Dictionary<string, object> { ["$dtId"] = "svc_backup", ["$metadata"] = Meta(NetworkModels.Credential), ["principal"] = "CORP\\svc_backup", ["kind"] = "password", ["privilege"] = "administrator" },
                new Dictionary<string, object> { ["$dtId"] = "fw:filter:FORWARD:3", ["$metadata"] = Meta(NetworkModels.FirewallRule), ["table"] = "filter", ["chain"] = "FORWARD", ["position"] = 3, ["protocol"] = "tcp", ["ports"] = "80,443", ["target"] = "ACCEPT", ["text"] = "-A FORWARD -p tcp -m multiport --dports 80,443 -j ACCEPT" },
            },
            relationships = new object[]
            {
                new { source = "dc01", id = "holdsAsset:ad-domain", name = NetworkModels.HoldsAsset, target = "ad-domain" },
                new { source = "dc01", id = "storesCredential:svc_backup", name = NetworkModels.StoresCredential, target = "svc_backup" },
                new { source = "svc_backup", id = "grantsAccessTo:dc01", name = NetworkModels.GrantsAccessTo, target = "dc01" },
                new { source = "dc01", id = "hasFirewallRule:fw", name = NetworkModels.HasFirewallRule, target = "fw:filter:FORWARD:3" },
            },
        });

        var (twins, relationships) = GraphFile.Apply(graph, file, "topology");

        Assert.Equal((4, 4), (twins, relationships));
        Assert.True(graph.GetTwin("dc01").Properties.TryGetValue("crownJewel", out var jewel) && jewel.Value.GetBoolean());
    }

    [Fact]
    public void ImportModels_ServiceWithAProtocolOutsideTheEnum_IsRefused()
    {
        var graph = new TwinGraph();
        graph.ImportModels(NetworkModels.Sources);
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["$metadata"] = Meta(NetworkModels.Service), ["protocol"] = "icmp", ["port"] = 0 });

        var e = Assert.ThrowsAny<TwinLab.Core.Errors.TwinLabException>(() => graph.CreateOrReplaceTwin("x:icmp/0", body));

        Assert.Contains("protocol", e.Message, StringComparison.Ordinal);
    }
}
