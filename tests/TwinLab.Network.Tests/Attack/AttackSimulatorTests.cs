using TwinLab.Network.Attack;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Tests.AttackGraph;

namespace TwinLab.Network.Tests.Attack;

public sealed class AttackSimulatorTests
{
    private static readonly LogicalAttackGraph Hand = LogicalAttackGraph.Build(HandNetwork.Facts());

    // A horizon far beyond every step time: the simulation then estimates the probability of eventual compromise.
    private static readonly AttackSimulationOptions Long = new() { Replications = 4000, Seed = 2026, HorizonHours = 1e9 };

    [Fact]
    public void Run_TreeGraph_AgreesWithExactProbabilityWithinItsInterval()
    {
        var tree = LogicalAttackGraph.Build(HandNetwork.Facts(tree: true));
        var result = AttackSimulator.Run(tree, Long);
        foreach (var (host, exact) in new[] { ("db01", 0.4), ("dc01", 0.63), ("laptop01", 1.0) })
        {
            var asset = result.For(host);
            var (low, high) = asset.ConfidenceInterval(0.99);
            Assert.InRange(exact, low, high);
            Assert.Equal(tree.CompromiseProbability(LogicalAttackGraph.AssetGoal(host)), exact, 12);
        }
    }

    [Fact]
    public void Run_SharedSteps_EstimatesTheExactValueNotTheApproximation()
    {
        var db = AttackSimulator.Run(Hand, Long).For("db01");
        var (low, high) = db.ConfidenceInterval(0.99);
        Assert.InRange(HandNetwork.DbExact, low, high);
        Assert.False(HandNetwork.DbApproximation >= low && HandNetwork.DbApproximation <= high);
        var dc = AttackSimulator.Run(Hand, Long).For("dc01").ConfidenceInterval(0.99);
        Assert.InRange(HandNetwork.DcExact, dc.Low, dc.High);
    }

    [Fact]
    public void Run_MutualTrust_EndsAndFindsTheExactValue()
    {
        var graph = LogicalAttackGraph.Build(TrustCycle.Facts(), new AttackGraphOptions { LoginProbability = 0.9 });
        var deploy = AttackSimulator.Run(graph, Long).For("deploy01");
        var (low, high) = deploy.ConfidenceInterval(0.99);
        Assert.InRange(0.81, low, high);
    }

    [Fact]
    public void Run_SingleExponentialStep_HasTheExponentialMedianAndHorizonCdf()
    {
        var facts = new AttackFacts
        {
            AttackerLocations = [new AttackerLocated("internet")],
            Hacls = [new Hacl("internet", "vpn01", "tcp", 443)],
            Services = [new NetworkService("vpn01", "fortios-sslvpn", "tcp", 443, "root")],
            Vulnerabilities = [new VulnExists("vpn01", "CVE-2018-13379", "fortios-sslvpn")],
            VulnProperties = [new VulnProperty("CVE-2018-13379", ExploitRange.Remote, ExploitConsequence.CodeExec, 1.0, 10)],
            Assets = [new Asset("vpn01", 10_000, true)],
        };
        var graph = LogicalAttackGraph.Build(facts);
        var vpn = AttackSimulator.Run(graph, new AttackSimulationOptions { Replications = 4000, Seed = 7, HorizonHours = 5 }).For("vpn01");
        // P(T ≤ 5 h) for T ~ Exp(mean 10 h) = 1 − e^−0.5 = 0.3935.
        var (low, high) = vpn.ConfidenceInterval(0.99);
        Assert.InRange(1 - Math.Exp(-0.5), low, high);
        var unbounded = AttackSimulator.Run(graph, new AttackSimulationOptions { Replications = 4000, Seed = 7, HorizonHours = 1e6 }).For("vpn01");
        Assert.Equal(1, unbounded.Probability);
        // Median of Exp(mean 10) = 10 ln 2 = 6.93 h; the sample median's standard error is about 0.16 h here.
        Assert.InRange(unbounded.MedianHours, 10 * Math.Log(2) - 0.5, 10 * Math.Log(2) + 0.5);
        Assert.True(unbounded.ProbabilityBy(5) < unbounded.ProbabilityBy(20));
        Assert.True(unbounded.TimePercentile(0.05) < unbounded.MedianHours && unbounded.MedianHours < unbounded.TimePercentile(0.95));
    }

    [Fact]
    public void Run_TopPaths_AreTheTwoHandPathsToTheDomainController()
    {
        var dc = AttackSimulator.Run(Hand, Long).For("dc01");
        Assert.Equal(2, dc.TopPaths.Count);
        Assert.Equal(dc.Compromised, dc.TopPaths.Sum(p => p.Count));
        Assert.Equal(1, dc.TopPaths.Sum(p => p.Share), 12);
        var techniques = dc.TopPaths.Select(p => string.Join(",", p.Techniques)).Order().ToList();
        Assert.Equal(["T1068,T1003,T1021.002", "T1190,T1068,T1003,T1021.002"], techniques);
    }

    [Theory]
    [InlineData(AttackerPolicy.WeightedByProbability, StepTimeModel.Exponential)]
    [InlineData(AttackerPolicy.GreedyMostLikely, StepTimeModel.LogNormal)]
    [InlineData(AttackerPolicy.Uniform, StepTimeModel.Exponential)]
    public void Run_AnyThreadCount_GivesIdenticalResults(AttackerPolicy policy, StepTimeModel timeModel)
    {
        var options = new AttackSimulationOptions { Replications = 500, Seed = 11, HorizonHours = 12, Policy = policy, TimeModel = timeModel };
        var one = AttackSimulator.Run(Hand, options with { MaxThreads = 1 });
        var many = AttackSimulator.Run(Hand, options with { MaxThreads = 4 });
        for (var k = 0; k < one.Assets.Count; k++)
        {
            Assert.Equal(one.Assets[k].CompromiseHours, many.Assets[k].CompromiseHours);
            Assert.Equal(one.Assets[k].TopPaths.Select(p => p.ToString()), many.Assets[k].TopPaths.Select(p => p.ToString()));
        }
        Assert.InRange(one.For("dc01").Probability, 0.01, 0.99); // the horizon cuts some attacks short
    }

    [Fact]
    public void Run_DifferentSeeds_GiveDifferentSamples()
    {
        var a = AttackSimulator.Run(Hand, new AttackSimulationOptions { Replications = 200, Seed = 1 }).For("db01");
        var b = AttackSimulator.Run(Hand, new AttackSimulationOptions { Replications = 200, Seed = 2 }).For("db01");
        Assert.NotEqual(a.CompromiseHours, b.CompromiseHours);
    }
}
