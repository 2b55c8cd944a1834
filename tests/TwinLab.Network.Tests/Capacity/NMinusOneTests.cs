using TwinLab.Network.Capacity;
using TwinLab.Network.Tests.Reachability;

namespace TwinLab.Network.Tests.Capacity;

public sealed class NMinusOneTests
{
    [Fact]
    public void NMinusOne_HandNetwork_FindsTheLeafLinkAndItsNodeAsSinglePointsOfFailure()
    {
        var network = HandNetwork.Network();
        var n1 = CapacityAnalysis.NMinusOne(network, HandNetwork.Matrix(network));

        Assert.Equal(network.Links.Count + network.Nodes.Count, n1.Failures.Count);
        Assert.Equal(["c", "cd"], n1.SinglePointsOfFailure.Select(f => f.Element).Order());
        var c = n1.Failures.Single(f => f.Element == "c");
        Assert.Equal(["sensor"], c.Disconnected.Select(d => d.Service));
        Assert.Equal(["bulk", "sync", "reply"], c.EndpointDown.Select(d => d.Service));
        // A node whose demands all start or end there is not a single point of failure for anyone else.
        Assert.False(n1.Failures.Single(f => f.Element == "d").IsSinglePointOfFailure);
    }

    [Fact]
    public void NMinusOne_HandNetwork_LosingAbOverloadsTheDetour()
    {
        var network = HandNetwork.Network();
        var n1 = CapacityAnalysis.NMinusOne(network, HandNetwork.Matrix(network));

        var ab = n1.Failures.Single(f => f.Element == "ab");
        Assert.False(ab.IsSinglePointOfFailure);
        Assert.True(ab.Overloads);
        Assert.Equal("ac", ab.WorstLink);
        Assert.Equal(6.0, ab.WorstUtilisation, 9);
        var worst = n1.WorstCase.Single(w => w.Link == "ac");
        // Worse still when bc fails: bulk and sync (b→a→c) both take the 10M detour, 80M on it.
        Assert.Equal(("bc", 0.0, 8.0), (worst.Failure, worst.BaseUtilisation, Math.Round(worst.Utilisation, 9)));
        Assert.Equal(8.0, n1.WorstUtilisation, 9);
        Assert.Contains(n1.Overloading, f => f.Element == "b");
    }

    [Fact]
    public void NMinusOne_AgreesWithFullReevaluationOfEveryFailure()
    {
        var (network, traffic) = SyntheticBackbone.Generate(30, 60, 200, seed: 7);
        foreach (var ecmp in new[] { false, true })
        {
            var options = new CapacityOptions { Ecmp = ecmp };
            var n1 = CapacityAnalysis.NMinusOne(network, traffic, options);
            foreach (var f in n1.Failures)
            {
                var scenario = f.Kind == FailureKind.Link ? new CapacityScenario { FailedLinks = [f.Element] } : new CapacityScenario { FailedNodes = [f.Element] };
                var full = CapacityAnalysis.Evaluate(network, traffic, options, scenario);
                Assert.Equal(full.MaxUtilisation, f.WorstUtilisation, 9);
                Assert.Equal(full.Demands.Count(d => d.Status == DemandStatus.Disconnected), f.Disconnected.Count);
            }
        }
    }

    [Fact]
    public void NMinusOne_ExampleEnterprise_UplinkAndWanAreSinglePointsOfFailure()
    {
        var network = LinksFile.Load(ExampleFiles.Path("links.yaml"));
        var n1 = CapacityAnalysis.NMinusOne(network, TrafficFile.Load(ExampleFiles.Path("traffic.csv"), network));

        var uplink = n1.Failures.Single(f => f.Element == "uplink");
        Assert.Contains("https-out", uplink.Disconnected.Select(d => d.Service));
        Assert.Contains(n1.SinglePointsOfFailure, f => f.Element == "wan");
        var access = n1.Failures.Single(f => f.Element == "core-access");
        Assert.False(access.IsSinglePointOfFailure);
        Assert.Equal(["access-backup"], access.OverTarget.Select(o => o.Link));
    }
}
