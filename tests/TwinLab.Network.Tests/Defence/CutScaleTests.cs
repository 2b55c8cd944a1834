using System.Diagnostics;
using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using Xunit.Abstractions;

namespace TwinLab.Network.Tests.Defence;

/// <summary>The cut on a generated enterprise of 1,000 hosts: every cuttable crown jewel cut, bounds consistent
/// (the 10,000-host figure is measured by the benchmark project, not here).</summary>
public sealed class CutScaleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1_000, 5_000)]
    public void Find_GeneratedEnterprise_CutsEveryCuttableCrownJewel(int hosts, int services)
    {
        var watch = Stopwatch.StartNew();
        var facts = SyntheticEnterprise.Generate(hosts, services, seed: 42);
        var graph = LogicalAttackGraph.Build(facts);
        var built = watch.Elapsed;
        watch.Restart();
        var candidates = DefenceCandidates.Generate(graph);
        var generated = watch.Elapsed;
        watch.Restart();
        var cut = CheapestCut.Find(graph, candidates);
        var solved = watch.Elapsed;
        output.WriteLine($"{hosts} hosts / {services} services: graph {graph.NodeCount} nodes in {built.TotalMilliseconds:F0} ms; "
            + $"{candidates.Count} candidates in {generated.TotalMilliseconds:F0} ms");
        output.WriteLine($"cut: {cut.Status}, {cut.Measures.Count} measures, cost {cut.Cost:F1} h, lower bound {cut.LowerBound:F1} h, "
            + $"{cut.RuleApplications} rule applications in the cone, {cut.Candidates} relevant candidates, {cut.Goals.Count} goals cut, "
            + $"{cut.UncuttableGoals.Count} uncuttable; CP-SAT {cut.SolverSeconds:F2} s; total {solved.TotalMilliseconds:F0} ms");
        output.WriteLine("measures: " + string.Join(", ", cut.Measures.Take(20)));
        watch.Restart();
        var greedy = CheapestCut.Find(graph, candidates, new CutOptions { ExplanationPathLimit = 0, MaxExactRuleApplications = 0 });
        output.WriteLine($"greedy alone: {greedy.Measures.Count} measures, cost {greedy.Cost:F1} h, bound {greedy.LowerBound:F1} h, {watch.ElapsedMilliseconds} ms");

        Assert.NotEmpty(cut.Goals);
        var after = LogicalAttackGraph.Build(DefenceMeasure.ApplyAll(facts, cut.Measures));
        Assert.All(cut.Goals, g => Assert.False(after.IsReachable(g), $"{g} is still reachable"));
        Assert.True(cut.LowerBound <= cut.Cost + 1e-9);
        Assert.True(greedy.Cost >= cut.Cost - 1e-9 && greedy.LowerBound <= cut.Cost + 1e-9);
    }
}
