using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

public sealed class ProbabilityTests
{
    [Fact]
    public void CompromiseProbability_TreeGraph_EqualsHandComputation()
    {
        // Without PwnKit on web01 the graph feeding each goal is a tree: db01 0.8 × 0.5; dc01 only by the laptop,
        // 0.7 × 0.9 (web01 cannot dump as www-data).
        var graph = LogicalAttackGraph.Build(HandNetwork.Facts(tree: true));
        Assert.Equal(0.4, graph.CompromiseProbability(LogicalAttackGraph.AssetGoal("db01")), 12);
        Assert.Equal(0.63, graph.CompromiseProbability(LogicalAttackGraph.AssetGoal("dc01")), 12);
        Assert.Equal(1, graph.CompromiseProbability(LogicalAttackGraph.AssetGoal("laptop01")), 12);
    }

    [Fact]
    public void CompromiseProbability_SharedStep_OverestimatesAsDocumented()
    {
        var graph = LogicalAttackGraph.Build(HandNetwork.Facts());
        Assert.Equal(HandNetwork.DcExact, graph.CompromiseProbability(LogicalAttackGraph.AssetGoal("dc01")), 12);
        Assert.Equal(HandNetwork.DbApproximation, graph.CompromiseProbability(LogicalAttackGraph.AssetGoal("db01")), 12);
        Assert.True(HandNetwork.DbApproximation > HandNetwork.DbExact);
    }

    [Fact]
    public void CompromiseProbability_MutualTrust_DoesNotFeedOnItself()
    {
        var graph = LogicalAttackGraph.Build(TrustCycle.Facts(), new AttackGraphOptions { LoginProbability = 0.9 });
        // Exact: login to build01 as ci (0.9), then to deploy01 as root (0.9) = 0.81; the loop back through build01 as
        // root adds nothing and is not counted. The SSH login to deploy01 needs both canLogin and netAccess, which
        // both come from build01 (0.9 each): multiplying them as if independent gives 0.9³ (the approximation's
        // other bias, an underestimate); the simulator gets 0.81.
        Assert.Equal(0.9 * 0.9 * 0.9, graph.CompromiseProbability(LogicalAttackGraph.AssetGoal("deploy01")), 12);
        Assert.All(graph.NodeProbabilities, p => Assert.InRange(p, 0, 1));
    }
}
