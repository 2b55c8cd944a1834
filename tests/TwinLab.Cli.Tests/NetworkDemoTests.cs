using TwinLab.Cli.Commands;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Tests;

/// <summary>The network part of <c>twinlab demo</c> (<see cref="NetworkDemo"/>), run on its own: the whole demo is
/// covered by the demo tests in CliTests.</summary>
public sealed class NetworkDemoTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _results = Directory.CreateTempSubdirectory("twinlab-network-demo-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_results, recursive: true);
    }

    [Fact]
    public void Run_ExampleNetwork_ImportsAnalysesAndWritesTheReport()
    {
        using var service = new TwinService(new InMemoryTwinStore());

        var o = NetworkDemo.Run(service, WriteContext.Default, _cli.Examples, _results);

        Assert.True(service.SnapshotOf(BranchInfo.Main).Twins.ContainsKey("zone:dmz"));
        Assert.Equal(["db01", "dc01", "files01"], o.Risk.Assets.Where(a => a.CrownJewel).Select(a => a.Host).Order(StringComparer.Ordinal));
        Assert.Equal(TwinLab.Network.Defence.CutStatus.Optimal, o.Cut.Status);
        Assert.DoesNotContain(o.Cut.Measures, m => m.Id is "close:web01:tcp/443" or "close:dc01:tcp/135" or "close:db01:tcp/3306");
        var html = File.ReadAllText(o.ReportPath);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("CVE-2021-42013 T1190", html, StringComparison.Ordinal);

        var json = NetworkDemo.Json(o);
        Assert.Equal(3, json["crownJewels"]!.AsArray().Count);
        Assert.Equal(o.Cut.Cost, json["fixes"]!["hours"]!.GetValue<double>());
        var text = new StringWriter();
        NetworkDemo.Print(text, o, "demo.db");
        Assert.Contains("The network security twin (examples/network): 13 hosts in 6 zones", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("network whatif --patch CVE-2021-42013@web01 --branch patch-web01", text.ToString(), StringComparison.Ordinal);
    }
}
