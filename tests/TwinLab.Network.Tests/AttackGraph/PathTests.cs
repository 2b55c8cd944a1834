using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

public sealed class PathTests
{
    private static readonly LogicalAttackGraph Graph = LogicalAttackGraph.Build(HandNetwork.Facts());
    private static readonly DerivedFact Dc = LogicalAttackGraph.AssetGoal("dc01");
    private static readonly DerivedFact Db = LogicalAttackGraph.AssetGoal("db01");

    private static string Actions(AttackPath p) => string.Join(" | ", p.Actions.Select(s => $"{s.Technique} {s.Conclusion}"));

    [Fact]
    public void MinimalPaths_DomainController_HasTheTwoHandPaths()
    {
        var set = Graph.MinimalPaths(Dc);
        Assert.False(set.Truncated);
        Assert.Equal(2, set.Paths.Count);
        Assert.Equal("T1068 execCode(laptop01, root) | T1003 credentialCompromised(domain-admin) | T1021.002 execCode(dc01, Administrator)",
            Actions(set.Paths[0]));
        Assert.Equal("T1190 execCode(web01, www-data) | T1068 execCode(web01, root) | T1003 credentialCompromised(domain-admin) | "
            + "T1021.002 execCode(dc01, Administrator)", Actions(set.Paths[1]));
    }

    [Fact]
    public void MinimalPaths_Database_DropsTheDetourThroughRoot()
    {
        // Reaching db01 from root on web01 needs the same two exploits plus PwnKit: not minimal.
        var path = Assert.Single(Graph.MinimalPaths(Db).Paths);
        Assert.Equal("T1190 execCode(web01, www-data) | T1210 execCode(db01, postgres)", Actions(path));
        Assert.Equal(0.4, path.Probability, 12);
    }

    [Fact]
    public void MinimalPaths_Steps_AreInExecutableOrder()
    {
        foreach (var path in Graph.MinimalPaths(Dc).Paths)
        {
            var held = new HashSet<string>();
            foreach (var step in path.Steps)
            {
                foreach (var premise in step.Premises.Where(p => Graph.DerivedFacts.Any(f => f.ToString() == p)))
                    Assert.Contains(premise, held);
                held.Add(step.Conclusion.ToString());
            }
            Assert.Equal(Dc, path.Steps[^1].Conclusion);
        }
    }

    [Fact]
    public void ShortestPath_DomainController_IsThePhishedLaptop()
    {
        var path = Graph.ShortestPath(Dc)!;
        Assert.Equal(3, path.ActionCount);
        Assert.Equal(["T1566", "T1068", "T1003", "T1078", "T1021.002"], path.Techniques);
        Assert.Equal(0.63, path.Probability, 12);
    }

    [Fact]
    public void MostLikelyPath_DomainController_IsThroughTheWebServer()
    {
        var path = Graph.MostLikelyPath(Dc)!;
        Assert.Equal(4, path.ActionCount);
        Assert.Equal(0.648, path.Probability, 12);
        Assert.Equal(["T1190", "T1068", "T1003", "T1078", "T1021.002"], path.Techniques.Where(t => t != "T1566"));
    }

    [Fact]
    public void BestPaths_AgreeWithBruteForceOverMinimalPaths()
    {
        foreach (var goal in new[] { Dc, Db })
        {
            var all = Graph.MinimalPaths(goal).Paths;
            Assert.Equal(all.Min(p => p.ActionCount), Graph.ShortestPath(goal)!.ActionCount);
            Assert.Equal(all.Max(p => p.Probability), Graph.MostLikelyPath(goal)!.Probability, 12);
        }
    }

    [Fact]
    public void Queries_UnreachableGoal_GiveNothing()
    {
        var goal = DerivedFact.ExecCode("db01", "root");
        Assert.Null(Graph.ShortestPath(goal));
        Assert.Null(Graph.MostLikelyPath(goal));
        Assert.Empty(Graph.MinimalPaths(goal).Paths);
        Assert.Equal(0, Graph.CompromiseProbability(goal));
    }

    [Fact]
    public void MinimalPaths_MutualTrust_EndsWithTheAcyclicPath()
    {
        var graph = LogicalAttackGraph.Build(TrustCycle.Facts());
        var set = graph.MinimalPaths(LogicalAttackGraph.AssetGoal("deploy01"));
        var path = Assert.Single(set.Paths);
        Assert.Equal(["execCode(build01, ci)", "execCode(deploy01, root)"], path.Actions.Select(s => s.Conclusion.ToString()));
        Assert.All(path.Actions, s => Assert.Equal("T1021.004", s.Technique));
    }

    [Fact]
    public void MinimalPaths_Limit_TruncatesAndSaysSo()
    {
        // Ten independent vulnerable services on one host: ten one-exploit paths.
        var facts = new AttackFacts
        {
            AttackerLocations = [new AttackerLocated("internet")],
            Hacls = [new Hacl("internet", "app01", "tcp", Hacl.AnyPort)],
            Services = [.. Enumerable.Range(0, 10).Select(i => new NetworkService("app01", $"svc{i}", "tcp", 8000 + i, "app"))],
            Vulnerabilities = [.. Enumerable.Range(0, 10).Select(i => new VulnExists("app01", $"CVE-2024-{1000 + i}", $"svc{i}"))],
            VulnProperties = [.. Enumerable.Range(0, 10).Select(i =>
                new VulnProperty($"CVE-2024-{1000 + i}", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.05 * (i + 1)))],
            Assets = [new Asset("app01", 1, true)],
        };
        var graph = LogicalAttackGraph.Build(facts);
        var goal = LogicalAttackGraph.AssetGoal("app01");
        Assert.Equal(10, graph.MinimalPaths(goal).Paths.Count);
        var some = graph.MinimalPaths(goal, limit: 3);
        Assert.True(some.Truncated);
        Assert.Equal([0.5, 0.45, 0.4], some.Paths.Select(p => Math.Round(p.Probability, 12)));
    }
}
