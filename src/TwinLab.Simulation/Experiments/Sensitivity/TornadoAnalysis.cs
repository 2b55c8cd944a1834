using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>
/// One-at-a-time sensitivity (a tornado diagram): each chosen parameter is set to its low and then its high value,
/// all others at the base scenario's values, and every KPI's change is measured. Bars are ordered by swing
/// (Clemen and Reilly, Making Hard Decisions, 2001, ch. 5; Eschenbach, 1992, "Spiderplots versus tornado diagrams
/// for sensitivity analysis", Interfaces 22(6):40–46).
/// </summary>
/// <remarks>
/// Every run uses stream index 0, so replication r of every run draws the same random numbers (common random
/// numbers): a swing measures the parameter, not the noise, and the paired high − low differences give a
/// tight interval for each effect (Law, Simulation Modeling and Analysis, 5th ed., §11.2).
/// One-at-a-time results hold near the base scenario and miss interactions; <see cref="SobolAnalysis"/> covers those.
/// </remarks>
public static class TornadoAnalysis
{
    /// <summary>Runs the base scenario and the low and high run of each range.</summary>
    /// <param name="context">Simulator, options and cancellation.</param>
    /// <param name="baseScenario">The scenario every run starts from.</param>
    /// <param name="ranges">The parameters to vary and how far.</param>
    /// <param name="replications">Replications per run.</param>
    /// <exception cref="Core.Errors.TwinLabException">A range names an unknown or non-numeric parameter, or is unusable.</exception>
    public static TornadoResult Run(ExperimentContext context, ScenarioSpec baseScenario, IReadOnlyList<TornadoRange> ranges, int replications)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        var values = TornadoRanges.Resolve(context.Info, baseScenario.Parameters, ranges);
        context.Plan((1 + 2L * ranges.Count) * replications);
        var baseRun = context.Run(baseScenario, 0, replications, streamIndex: 0);
        var runs = new List<TornadoRun>(ranges.Count);
        for (var i = 0; i < ranges.Count && !context.IsCancelled; i++)
        {
            var name = ranges[i].Parameter;
            var low = context.Run(With(context, baseScenario, name, values[i].Low), 1 + 2 * i, replications, streamIndex: 0);
            if (context.IsCancelled) break;
            var high = context.Run(With(context, baseScenario, name, values[i].High), 2 + 2 * i, replications, streamIndex: 0);
            if (context.IsCancelled) break;
            runs.Add(new TornadoRun(name, values[i].Low, values[i].High, low, high));
        }
        var kpis = context.Info.Kpis.Select((kpi, k) => Tornado(kpi.Name, k, baseRun, runs)).ToArray();
        return new TornadoResult(baseRun, runs, kpis, runs.Count == ranges.Count && !context.IsCancelled);
    }

    private static ScenarioSpec With(ExperimentContext context, ScenarioSpec scenario, string parameter, double value) =>
        scenario with
        {
            Name = $"{parameter}={value:G6}",
            Parameters = scenario.Parameters.With(context.Info, [KeyValuePair.Create(parameter, ParameterValue.Of(value))]),
        };

    private static TornadoKpi Tornado(string kpi, int k, ScenarioResult baseRun, List<TornadoRun> runs)
    {
        var bars = runs
            .Select(r => new TornadoBar(r.Parameter, r.LowValue, r.HighValue, r.Low.Summaries[k], r.High.Summaries[k], Effect(kpi, k, r)))
            .Select((bar, order) => (bar, order))
            .OrderByDescending(b => double.IsNaN(b.bar.Swing) ? double.NegativeInfinity : b.bar.Swing)
            .ThenBy(b => b.order)
            .Select(b => b.bar)
            .ToArray();
        return new TornadoKpi(kpi, baseRun.Summaries[k], bars);
    }

    // Pairs replication r of the high run with replication r of the low run (the same random numbers).
    private static KpiSummary Effect(string kpi, int k, TornadoRun run)
    {
        var low = new Dictionary<int, double>();
        for (var i = 0; i < run.Low.Replications.Length; i++) low[run.Low.Replications[i]] = run.Low.Values[k][i];
        var differences = new List<double>();
        for (var i = 0; i < run.High.Replications.Length; i++)
            if (low.TryGetValue(run.High.Replications[i], out var l)) differences.Add(run.High.Values[k][i] - l);
        return Summaries.Summarize(kpi, differences.ToArray());
    }
}
