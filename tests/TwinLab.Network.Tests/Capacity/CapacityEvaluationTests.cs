using TwinLab.Network.Capacity;

namespace TwinLab.Network.Tests.Capacity;

public sealed class CapacityEvaluationTests
{
    private static LinkUtilisation Link(CapacityResult r, string name) => r.Links.Single(l => l.Link.Name == name);

    [Fact]
    public void Evaluate_HandNetwork_LoadsFollowShortestPathsByWeight()
    {
        var network = HandNetwork.Network();
        var r = CapacityAnalysis.Evaluate(network, HandNetwork.Matrix(network));

        // bulk a→c takes a–b–c (weight 2) rather than a–c (weight 5); reply c→a and sensor d→a come back the same way.
        Assert.Equal(60e6, Link(r, "ab").LoadAToB, 6);
        Assert.Equal(11e6, Link(r, "ab").LoadBToA, 6);
        Assert.Equal(80e6, Link(r, "bc").LoadAToB, 6);
        Assert.Equal(11e6, Link(r, "bc").LoadBToA, 6);
        Assert.Equal(0, Link(r, "ac").Load);
        Assert.Equal(0.6, Link(r, "ab").Utilisation, 9);
        Assert.Equal(0.8, Link(r, "bc").Utilisation, 9);
        Assert.Equal(["bc"], r.Bottlenecks.Select(b => b.Link.Name));
        Assert.Empty(r.Overloaded);
        Assert.Equal(["a", "b", "c"], r.Demands[0].Path);
    }

    [Fact]
    public void Evaluate_HandNetwork_MM1LatencyMatchesHandComputation()
    {
        var network = HandNetwork.Network();
        var r = CapacityAnalysis.Evaluate(network, HandNetwork.Matrix(network));

        // M/M/1 sojourn L/(C − λ) with L = 10,000 bits: ab a→b 10⁴/(100M − 60M) = 0.25 ms, bc b→c 10⁴/20M = 0.5 ms.
        Assert.Equal(0.25e-3, Link(r, "ab").QueueingDelayAt(60e6)!.Value, 12);
        Assert.Equal(0.5e-3, Link(r, "bc").QueueingDelay!.Value, 12);
        Assert.Equal(2.5e-3, Link(r, "bc").Latency!.Value, 12);
        // bulk a→c: (1 ms + 0.25 ms) + (2 ms + 0.5 ms) = 3.75 ms.
        Assert.Equal(3.75e-3, r.Demands[0].Latency!.Value, 12);
        // reply c→a: (2 ms + 10⁴/89M) + (1 ms + 10⁴/89M).
        Assert.Equal(3e-3 + 2 * 1e4 / 89e6, r.Demands[2].Latency!.Value, 12);
    }

    [Fact]
    public void Evaluate_OverloadedLink_FlaggedAndLatencyUnbounded()
    {
        var network = HandNetwork.Network();
        var r = CapacityAnalysis.Evaluate(network, HandNetwork.Matrix(network), scenario: new CapacityScenario { FailedLinks = ["ab"] });

        var ac = Link(r, "ac");
        Assert.True(ac.Overloaded);
        Assert.Equal(6.0, ac.Utilisation, 9);
        Assert.Null(ac.Latency);
        Assert.Null(r.Demands[0].Latency);
        Assert.Equal("ac", r.Demands[0].OverloadedLink);
        Assert.DoesNotContain(r.Links, l => l.Link.Name == "ab");
    }

    [Fact]
    public void WhatIf_AppliesToACopy_InputUnchanged()
    {
        var network = HandNetwork.Network();
        var traffic = HandNetwork.Matrix(network);
        var scenario = new CapacityScenario
        {
            Upgrades = new Dictionary<string, double> { ["bc"] = 1e9 },
            Weights = new Dictionary<string, double> { ["ac"] = 1 },
        };

        var report = CapacityAnalysis.Analyse(network, traffic, scenario: scenario);

        Assert.Equal(100e6, network.FindLink("bc")!.Capacity);
        Assert.Equal(5, network.FindLink("ac")!.Weight);
        Assert.Equal(0.8, report.Base.Links.Single(l => l.Link.Name == "bc").Utilisation, 9);
        var after = report.WhatIf!;
        // With weight 1 the direct a–c link now carries bulk (60M on 10M: overloaded) and the bc upgrade removes that bottleneck.
        Assert.Equal(["a", "c"], after.Demands[0].Path);
        Assert.True(Link(after, "ac").Overloaded);
        Assert.Equal(20e6 / 1e9, Link(after, "bc").Utilisation, 9);
    }

    [Fact]
    public void WhatIf_HostOrNodeDown_DemandsReportedNotCarried()
    {
        var network = HandNetwork.Network();
        var r = CapacityAnalysis.Evaluate(network, HandNetwork.Matrix(network), scenario: new CapacityScenario { FailedNodes = ["b"] });

        Assert.Equal(DemandStatus.EndpointDown, r.Demands[1].Status);
        Assert.Equal(["a", "c"], r.Demands[0].Path);
        Assert.Throws<CapacityScenarioException>(() => network.With(new CapacityScenario { FailedLinks = ["nope"] }));
    }

    [Fact]
    public void Evaluate_Ecmp_SplitsEquallyOverEqualCostPaths_OtherwiseFirstDeclaredLinkWins()
    {
        var network = LinksFile.Parse("""
            nodes: [a, b, c, d]
            links:
              - {name: ab, between: [a, b], capacity: 1G}
              - {name: ac, between: [a, c], capacity: 1G}
              - {name: bd, between: [b, d], capacity: 1G}
              - {name: cd, between: [c, d], capacity: 1G}
            """, "square.yaml", ".");
        var traffic = TrafficFile.Parse("src,dst,rate\na,d,100M\n", "t.csv", network);

        var single = CapacityAnalysis.Evaluate(network, traffic);
        var ecmp = CapacityAnalysis.Evaluate(network, traffic, new CapacityOptions { Ecmp = true });

        Assert.Equal(["a", "b", "d"], single.Demands[0].Path);
        Assert.Equal(0.1, Link(single, "ab").Utilisation, 9);
        Assert.Equal(0, Link(single, "ac").Utilisation);
        Assert.All(ecmp.Links, l => Assert.Equal(0.05, l.Utilisation, 9));
    }

    [Fact]
    public void Evaluate_MeasuredLinkRates_AddedInBothDirections()
    {
        var network = HandNetwork.Network();
        var traffic = TrafficFile.Parse("link,rate\nac,4M\n", "counters.csv", network);

        var r = CapacityAnalysis.Evaluate(network, traffic);

        Assert.Equal(4e6, Link(r, "ac").LoadAToB);
        Assert.Equal(4e6, Link(r, "ac").LoadBToA);
        Assert.Equal(0.4, Link(r, "ac").Utilisation, 9);
    }
}
