namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>Runs every point of a sweep and tabulates the KPI means and confidence intervals.</summary>
public static class ParameterSweep
{
    /// <summary>Runs a sweep design.</summary>
    /// <param name="context">Simulator, options and cancellation; on cancellation the finished points are kept.</param>
    /// <param name="design">The points (<see cref="SweepDesign.Grid"/> or <see cref="SweepDesign.LatinHypercube"/>).</param>
    /// <param name="replications">Replications per point (the starting count when <paramref name="target"/> is given).</param>
    /// <param name="commonRandomNumbers">Give every point the same random streams (stream index 0), so differences
    /// between points are not masked by noise; by default each point uses its own (stream index = point index).</param>
    /// <param name="target">Optional: keep adding replications at each point until this precision is reached.</param>
    public static SweepResult Run(
        ExperimentContext context, SweepDesign design, int replications, bool commonRandomNumbers = false, PrecisionTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(design);
        return Run(context, design.Factors, design.Points, replications, commonRandomNumbers, target);
    }

    /// <summary>Runs a list of scenarios as a sweep; the factors are the parameters whose values differ between them.</summary>
    /// <param name="context">Simulator, options and cancellation.</param>
    /// <param name="points">The scenarios.</param>
    /// <param name="replications">Replications per point.</param>
    /// <param name="commonRandomNumbers">Same random streams at every point (stream index 0).</param>
    /// <param name="target">Optional precision target.</param>
    public static SweepResult Run(
        ExperimentContext context, IReadOnlyList<ScenarioSpec> points, int replications,
        bool commonRandomNumbers = false, PrecisionTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var factors = context.Info.Parameters.Select(p => p.Name)
            .Where(name => points.Select(s => s.Parameters[name]).Distinct().Skip(1).Any()).ToArray();
        return Run(context, factors, points, replications, commonRandomNumbers, target);
    }

    private static SweepResult Run(
        ExperimentContext context, IReadOnlyList<string> factors, IReadOnlyList<ScenarioSpec> points, int replications,
        bool commonRandomNumbers, PrecisionTarget? target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        context.Plan((long)points.Count * (target?.MinReplications ?? replications));
        var results = new List<ScenarioResult>(points.Count);
        for (var i = 0; i < points.Count && !context.IsCancelled; i++)
        {
            int? stream = commonRandomNumbers ? 0 : null;
            results.Add(target is null ? context.Run(points[i], i, replications, stream) : context.RunUntil(points[i], i, target, stream));
        }
        var rows = results.Select(r => new SweepRow(
            r.Index, r.Name, [.. factors.Select(f => r.Parameters[f])], r.Summaries, r.Replications.Length)).ToArray();
        return new SweepResult(factors, [.. context.Info.Kpis.Select(k => k.Name)], results, rows, commonRandomNumbers);
    }
}
