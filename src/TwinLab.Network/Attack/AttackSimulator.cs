using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Attack;

/// <summary>
/// A Monte Carlo attacker moving through a <see cref="LogicalAttackGraph"/>: from its start it repeatedly picks one
/// available action (an exploit, credential dump or login whose premises it holds and whose conclusion it lacks),
/// spends a random time on it and succeeds with the step's probability, gaining the conclusion and everything that
/// follows logically from it; until the horizon or no action is left.
/// </summary>
/// <remarks>
/// Each action is attempted at most once: a failed exploit stays failed (the vulnerability is not exploitable in this
/// replication). Hence, with an unbounded horizon, an asset is compromised exactly when it is derivable from the
/// actions whose coin came up heads — the exact probability of the independent-steps model that
/// <see cref="LogicalAttackGraph.CompromiseProbability"/> approximates, whatever the policy; the policy and step times
/// shape only how fast. Replication r uses <c>RandomStream.For(seed, 0, r)</c> and results are gathered in replication
/// order, so they do not depend on the thread count.
/// </remarks>
public static class AttackSimulator
{
    /// <summary>Runs the simulation.</summary>
    public static AttackSimulationResult Run(LogicalAttackGraph graph, AttackSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new AttackSimulationOptions();
        Validate(options);
        var assets = graph.Facts.Assets;
        var goals = assets.Select(a => graph.Find(LogicalAttackGraph.AssetGoal(a.Host)) ?? -1).ToArray();
        var times = new double[options.Replications][];
        var paths = new int[options.Replications][][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads > 0 ? options.MaxThreads : Environment.ProcessorCount };
        Parallel.For(0, options.Replications, parallel,
            () => new AttackerRun(graph.Store, graph.ConsumerIndex, options, goals),
            (r, _, run) =>
            {
                run.Execute(TwinLab.Simulation.Random.RandomStream.For(options.Seed, 0, r));
                var t = new double[goals.Length];
                var p = new int[goals.Length][];
                for (var k = 0; k < goals.Length; k++)
                {
                    t[k] = goals[k] >= 0 ? run.TimeHeld(goals[k]) : double.NaN;
                    p[k] = double.IsNaN(t[k]) ? [] : run.ActionsBehind(goals[k]);
                }
                times[r] = t;
                paths[r] = p;
                return run;
            },
            _ => { });
        var results = new List<AssetCompromise>(assets.Count);
        for (var k = 0; k < assets.Count; k++)
        {
            var hours = new List<double>();
            var counts = new Dictionary<string, (int Count, int First, int[] Path)>();
            for (var r = 0; r < options.Replications; r++)
            {
                if (double.IsNaN(times[r][k])) continue;
                hours.Add(times[r][k]);
                var key = string.Join(',', paths[r][k]);
                counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First, c.Path) : (1, r, paths[r][k]);
            }
            hours.Sort();
            var top = counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.First).Take(options.TopPaths)
                .Select(c => Describe(graph, c.Path, c.Count, hours.Count)).ToList();
            results.Add(new AssetCompromise(assets[k].Host, assets[k].Value, assets[k].CrownJewel, options.Replications, hours, top));
        }
        return new AttackSimulationResult(options.Replications, options.Seed, options.HorizonHours, results);
    }

    private static PathFrequency Describe(LogicalAttackGraph graph, int[] actions, int count, int compromised)
    {
        var steps = new List<string>(actions.Length);
        var techniques = new List<string>();
        foreach (var a in actions)
        {
            var node = graph.Node(a);
            steps.Add($"{node.Label}{(node.Technique is null ? "" : $" [{node.Technique}]")} ⇒ {graph.Fact(graph.Head(a))}");
            if (node.Technique is { } t) techniques.Add(t);
        }
        return new PathFrequency(steps, techniques, count, (double)count / compromised);
    }

    private static void Validate(AttackSimulationOptions o)
    {
        if (o.Replications <= 0) throw new ArgumentOutOfRangeException(nameof(o.Replications), o.Replications, "must be > 0");
        if (!(o.HorizonHours > 0)) throw new ArgumentOutOfRangeException(nameof(o.HorizonHours), o.HorizonHours, "must be > 0");
        if (!(o.LogNormalSigma > 0) || !double.IsFinite(o.LogNormalSigma))
            throw new ArgumentOutOfRangeException(nameof(o.LogNormalSigma), o.LogNormalSigma, "must be a finite number > 0");
        if (o.GreedyNoise is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(o.GreedyNoise), o.GreedyNoise, "must be in [0, 1]");
        if (o.MaxThreads < 0) throw new ArgumentOutOfRangeException(nameof(o.MaxThreads), o.MaxThreads, "must be ≥ 0");
        if (o.TopPaths < 0) throw new ArgumentOutOfRangeException(nameof(o.TopPaths), o.TopPaths, "must be ≥ 0");
    }
}
