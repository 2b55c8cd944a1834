using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using TwinLab.Network.Tests.AttackGraph;

namespace TwinLab.Network.Tests.Defence;

public sealed class BudgetPlannerTests
{
    [Fact]
    public void Plan_HandNetwork_ClosesTheDomainControllersSmbFirst()
    {
        var facts = HandNetwork.Facts();
        var candidates = DefenceCandidates.Generate(facts);
        var plan = BudgetPlanner.Plan(facts, candidates, budget: 1);

        // dc01 (5,000,000 × 0.87) carries most of the risk and closing its SMB port (0.5 h) removes all of it.
        var first = plan.Picks[0];
        Assert.Equal("close:dc01:tcp/445", first.Measure.Id);
        Assert.Equal(5_000_000 * HandNetwork.DcExact, first.RiskReduced, 6);
        Assert.NotEmpty(first.PathsRemoved);
        Assert.All(first.PathsRemoved, p => Assert.Equal(LogicalAttackGraph.AssetGoal("dc01"), p.Goal));
        // The second 0.5 h goes to the database route.
        Assert.Equal(2, plan.Picks.Count);
        Assert.Contains(plan.Picks[1].Measure.Id, new[] { "close:db01:tcp/5432", "close:web01:tcp/443" });
        Assert.Equal(1, plan.Spent, 9);
        Assert.True(plan.Picks[0].ReductionPerCost >= plan.Picks[1].ReductionPerCost);
        Assert.Equal(plan.RiskBefore - plan.Picks.Sum(p => p.RiskReduced), plan.RiskAfter, 6);
        Assert.Equal(2_000, plan.RiskAfter, 6); // the phished laptop itself: the attacker stands on it
    }

    [Fact]
    public void Plan_ZeroBudget_PicksNothing()
    {
        var facts = HandNetwork.Facts();
        var plan = BudgetPlanner.Plan(facts, DefenceCandidates.Generate(facts), 0);
        Assert.Empty(plan.Picks);
        Assert.Equal(plan.RiskBefore, plan.RiskAfter);
    }

    [Fact]
    public void Plan_NegativeBudget_IsRejected() =>
        Assert.Throws<ArgumentException>(() => BudgetPlanner.Plan(HandNetwork.Facts(), [], -1));
}
