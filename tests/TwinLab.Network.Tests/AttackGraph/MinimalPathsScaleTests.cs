using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

/// <summary>Minimal-path enumeration on a graph with many alternatives: when its work budget runs out it must still
/// return whole derivations (every premise of every step derived), the short ones first.</summary>
public sealed class MinimalPathsScaleTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    public void MinimalPaths_GeneratedEnterprise_EveryCrownJewelGetsWholePaths(int limit)
    {
        var graph = LogicalAttackGraph.Build(SyntheticEnterprise.Generate(1000, 5000, seed: 42));

        foreach (var jewel in graph.CrownJewels.Where(j => graph.CanCompromise(j.Host)))
        {
            var goal = LogicalAttackGraph.AssetGoal(jewel.Host);
            var paths = graph.MinimalPaths(goal, limit);       // MakePath throws on a set whose steps do not derive each other

            Assert.NotEmpty(paths.Paths);
            Assert.InRange(paths.Paths.Count, 1, limit);
            Assert.Equal(graph.ShortestPath(goal)!.ActionCount, paths.Paths.Min(p => p.ActionCount));
        }
    }
}
