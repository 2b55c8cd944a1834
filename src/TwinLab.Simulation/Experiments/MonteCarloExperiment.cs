namespace TwinLab.Simulation.Experiments;

/// <summary>
/// Monte Carlo: N replications of each scenario (or as many as a precision target needs), every KPI summarised
/// with mean, standard deviation, percentiles and a 95% confidence interval.
/// </summary>
public static class MonteCarloExperiment
{
    /// <summary>Runs each scenario with its own random streams.</summary>
    /// <param name="context">Simulator, options and cancellation.</param>
    /// <param name="scenarios">Scenarios to run.</param>
    /// <param name="replications">Replications per scenario (the starting count when <paramref name="target"/> is given).</param>
    /// <param name="target">Optional: keep adding replications until this CI half-width is reached.</param>
    public static IReadOnlyList<ScenarioResult> Run(
        ExperimentContext context, IReadOnlyList<ScenarioSpec> scenarios, int replications, PrecisionTarget? target = null)
    {
        context.Plan((long)scenarios.Count * (target?.MinReplications ?? replications));
        var results = new List<ScenarioResult>(scenarios.Count);
        for (var i = 0; i < scenarios.Count && !context.IsCancelled; i++)
            results.Add(target is null ? context.Run(scenarios[i], i, replications) : context.RunUntil(scenarios[i], i, target));
        return results;
    }
}
