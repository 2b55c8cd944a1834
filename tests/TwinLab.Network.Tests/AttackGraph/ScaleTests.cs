using System.Diagnostics;
using TwinLab.Network.AttackGraph;
using Xunit.Abstractions;

namespace TwinLab.Network.Tests.AttackGraph;

public sealed class ScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_TenThousandHostEnterprise_DerivesReachableCrownJewels()
    {
        var watch = Stopwatch.StartNew();
        var facts = SyntheticEnterprise.Generate(10_000, 50_000, seed: 42);
        var generated = watch.Elapsed;
        watch.Restart();
        var cpu = ThreadCpuTime();
        var graph = LogicalAttackGraph.Build(facts);
        var built = watch.Elapsed;
        var builtCpu = ThreadCpuTime() - cpu;
        watch.Restart();
        cpu = ThreadCpuTime();
        var probabilities = graph.NodeProbabilities;
        var probabilityTime = watch.Elapsed;
        var probabilityCpu = ThreadCpuTime() - cpu;
        watch.Restart();
        cpu = ThreadCpuTime();
        var dc = LogicalAttackGraph.AssetGoal(facts.Assets.First(a => a.Host.StartsWith("dc")).Host);
        var shortest = graph.ShortestPath(dc);
        var likely = graph.MostLikelyPath(dc);
        var pathTime = watch.Elapsed;
        var pathCpu = ThreadCpuTime() - cpu;

        watch.Restart();
        var simulation = TwinLab.Network.Attack.AttackSimulator.Run(graph,
            new TwinLab.Network.Attack.AttackSimulationOptions { Replications = 50, Seed = 3, HorizonHours = 24 * 30 });
        var simulationTime = watch.Elapsed;
        var dcSim = simulation.For(dc.Subject);

        output.WriteLine($"facts: {facts.Services.Count} services, {facts.Hacls.Count} zone-level hacls, {facts.HostGroups.Count} memberships; generated in {generated.TotalMilliseconds:F0} ms");
        output.WriteLine($"derivation + graph: {built.TotalMilliseconds:F0} ms wall, {builtCpu.TotalMilliseconds:F0} ms thread CPU — {graph.OrCount} derived facts, {graph.AndCount} rule applications, {graph.LeafCount} leaves, {graph.EdgeCount} edges");
        output.WriteLine($"probabilities (all nodes): {probabilityTime.TotalMilliseconds:F0} ms wall, {probabilityCpu.TotalMilliseconds:F0} ms CPU; shortest + most likely path to {dc}: {pathTime.TotalMilliseconds:F0} ms wall, {pathCpu.TotalMilliseconds:F0} ms CPU");
        output.WriteLine($"attacker simulation, 50 replications × 30 days: {simulationTime.TotalMilliseconds:F0} ms; P({dc.Subject} by 30 days) ≈ {dcSim.Probability:F2}, median {dcSim.MedianHours:F1} h");
        output.WriteLine($"shortest: {shortest}");
        output.WriteLine($"most likely (p={likely?.Probability:F3}): {likely}");

        Assert.Equal(50_000, facts.Services.Count);
        Assert.True(graph.IsReachable(dc));
        Assert.NotNull(shortest);
        Assert.InRange(probabilities[graph.Find(dc)!.Value], 0, 1);
        // netAccess facts exist only where a service listens: bounded by the service count, not by host pairs.
        Assert.True(graph.DerivedFacts.Count(f => f.Kind == DerivedFactKind.NetAccess) <= facts.Services.Count);
    }

    /// <summary>This thread's CPU time (Linux /proc, 10 ms ticks), so the figure does not depend on how busy the machine
    /// is; elsewhere zero.</summary>
    private static TimeSpan ThreadCpuTime()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of proc(5) (utime, stime), counted from the state field (3).
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException) { return TimeSpan.Zero; }
        catch (UnauthorizedAccessException) { return TimeSpan.Zero; }
    }
}
