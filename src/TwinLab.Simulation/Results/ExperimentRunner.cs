using System.Diagnostics;
using System.Reflection;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Experiments.Calibration;
using TwinLab.Simulation.Experiments.Compare;
using TwinLab.Simulation.Experiments.Optimisation;
using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Experiments.Sweep;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Simulation.Results;

/// <summary>Where an experiment's twin state came from (recorded in its <see cref="Provenance"/>).</summary>
/// <param name="Branch">The branch forked.</param>
/// <param name="Sequence">The sequence number of the state forked.</param>
/// <param name="ExperimentBranch">The fresh branch the experiment ran on.</param>
public sealed record TwinOrigin(string Branch, long Sequence, string ExperimentBranch);

/// <summary>
/// Runs a parsed scenario file's experiment on a twin state and turns the outcome into an <see cref="ExperimentRecord"/>.
/// The CLI and the server both call this, so they cannot drift apart.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Runs the experiment.</summary>
    /// <param name="scenario">The parsed scenario file.</param>
    /// <param name="simulator">Its simulator.</param>
    /// <param name="twin">The twin state (a fresh branch of the live twin).</param>
    /// <param name="origin">Where that state came from.</param>
    /// <param name="options">Seed, threads, progress.</param>
    /// <param name="time">Clock for the start time and duration.</param>
    /// <param name="cancellationToken">Stops the run; finished replications are kept and the record is marked cancelled.</param>
    public static ExperimentRecord Run(
        ScenarioDefinition scenario, ISimulator simulator, GraphSnapshot? twin, TwinOrigin origin, RunOptions options,
        TimeProvider time, CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var context = new ExperimentContext(simulator, options, twin, scenario.Horizon, cancellationToken);
        var info = simulator.Info;
        var kpis = scenario.Kpis.Count == 0 ? info.Kpis : info.Kpis.Where(k => scenario.Kpis.Contains(k.Name)).ToArray();
        var record = new ExperimentRecord
        {
            Id = $"{started.UtcDateTime:yyyyMMdd-HHmmss}-{scenario.Hash[..8]}-{options.Seed}",
            Name = scenario.Name,
            Type = scenario.Experiment.Type,
            Simulator = info.Name,
            Started = started,
            ElapsedSeconds = 0,
            Provenance = new Provenance(scenario.File, scenario.Hash, options.Seed, options.EffectiveThreads, origin.Branch, origin.Sequence,
                origin.ExperimentBranch, VersionOf(simulator.GetType().Assembly), VersionOf(typeof(ExperimentRunner).Assembly)),
            Kpis = kpis,
            Scenarios = [],
        };
        try
        {
            record = scenario.Experiment switch
            {
                MonteCarloDefinition m => record with
                {
                    Scenarios = Records(MonteCarloExperiment.Run(context, [scenario.BaseScenario], scenario.Replications, m.Precision), kpis),
                },
                CompareDefinition c => Compare(record, context, scenario, c, kpis),
                SweepDefinition s => Sweep(record, context, scenario, s, kpis),
                OptimiseDefinition o => Optimise(record, context, o, kpis),
                SensitivityDefinition s => Sensitivity(record, context, scenario, s, kpis),
                CalibrateDefinition c => Calibrate(record, context, scenario, c, kpis),
                _ => throw new NotSupportedException($"Experiment type '{scenario.Experiment.Type}'."),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            record = record with { Notes = [.. record.Notes, "Stopped before this experiment type could report partial results."] };
        }
        return record with { ElapsedSeconds = watch.Elapsed.TotalSeconds, Cancelled = cancellationToken.IsCancellationRequested };
    }

    private static ExperimentRecord Compare(ExperimentRecord record, ExperimentContext context, ScenarioDefinition scenario, CompareDefinition c, IReadOnlyList<KpiSpec> kpis)
    {
        var result = ScenarioComparison.Run(context, scenario.BaseScenario with { Name = "baseline" }, c.Alternatives, scenario.Replications,
            commonRandomNumbers: c.CommonRandomNumbers);
        return record with
        {
            Scenarios = Records([result.Baseline, .. result.Alternatives], kpis),
            Comparisons = result.Deltas.Where(d => kpis.Any(k => k.Name == d.Kpi)).ToArray(),
        };
    }

    private static ExperimentRecord Sweep(ExperimentRecord record, ExperimentContext context, ScenarioDefinition scenario, SweepDefinition s, IReadOnlyList<KpiSpec> kpis)
    {
        var result = ParameterSweep.Run(context, s.Design, scenario.Replications, s.CommonRandomNumbers);
        return record with { Scenarios = Records(result.Scenarios, kpis), Factors = result.Factors };
    }

    private static ExperimentRecord Optimise(ExperimentRecord record, ExperimentContext context, OptimiseDefinition o, IReadOnlyList<KpiSpec> kpis)
    {
        var result = Optimiser.Run(context, o.Problem, o.Options);
        var best = result.Confirmed.Count > 0 ? result.Confirmed : result.Top;
        return record with
        {
            Scenarios = Records(best.Select((c, i) => c.Scenario with { Index = i, Name = c.Name }).ToArray(), kpis),
            Optimisation = new OptimisationRecord(
                o.Problem.Objective.Denominator is { } den ? $"({o.Problem.Objective.Numerator}) / ({den})" : o.Problem.Objective.Numerator.ToString(), o.Problem.Objective.Direction, result.Method.ToString(), result.Evaluations,
                best.Select(Candidate).ToArray(), result.History.Select(Candidate).ToArray(),
                result.BestVersusRunnerUp?.BestSignificantlyBetter),
            Notes = [.. record.Notes, .. OptimisationNotes(result)],
        };
    }

    private static IEnumerable<string> OptimisationNotes(OptimisationResult result)
    {
        if (result.BudgetExhausted) yield return "The search used its whole budget; a larger budget may find better candidates.";
        if (result.SkippedInfeasible > 0) yield return $"{result.SkippedInfeasible} candidates broke a parameter constraint and were not simulated.";
        if (result.Best is { Feasible: false }) yield return "No candidate met every constraint; the least-violating one is shown first.";
    }

    private static ExperimentRecord Sensitivity(ExperimentRecord record, ExperimentContext context, ScenarioDefinition scenario, SensitivityDefinition s, IReadOnlyList<KpiSpec> kpis)
    {
        if (s.Method == "sobol")
        {
            var sobol = SobolAnalysis.Run(context, scenario.BaseScenario, s.Sobol, s.Samples, scenario.Replications);
            return record with
            {
                Sobol = sobol.Outputs.Where(o => kpis.Any(k => k.Name == o.Name)).ToArray(),
                Factors = s.Sobol.Select(f => f.Parameter).ToArray(),
                Notes = [.. record.Notes, .. sobol.Warnings, $"{sobol.Evaluations} model evaluations of {sobol.Replications} replications each."],
            };
        }
        var tornado = TornadoAnalysis.Run(context, scenario.BaseScenario, s.Tornado, scenario.Replications);
        var runs = tornado.Runs.SelectMany(r => new[] { r.Low, r.High }).ToArray();
        return record with
        {
            Scenarios = Records([tornado.Base, .. runs], kpis),
            Tornado = tornado.Kpis.Where(k => kpis.Any(x => x.Name == k.Kpi)).ToArray(),
            Factors = s.Tornado.Select(t => t.Parameter).ToArray(),
        };
    }

    private static ExperimentRecord Calibrate(ExperimentRecord record, ExperimentContext context, ScenarioDefinition scenario, CalibrateDefinition c, IReadOnlyList<KpiSpec> kpis)
    {
        var result = SimulatorCalibration.Fit(context, scenario.BaseScenario, c.Free, c.Targets, scenario.Replications);
        var simulated = result.Simulated;
        return record with
        {
            Scenarios = Records([simulated with { Name = "calibrated" }], kpis),
            Calibration = new CalibrationRecord(result.Fit.Parameters,
                c.Targets.Select(t => new TargetFit(t.Kpi, t.Observed, t.Sigma, simulated.Summary(t.Kpi).Mean)).ToArray(),
                result.Fit.Convergence.Converged, result.Fit.Convergence.Message),
            Notes = [.. record.Notes, .. result.Fit.Warnings],
        };
    }

    private static CandidateRecord Candidate(Candidate c) => new(
        c.Name, Text(c.Parameters), c.Objective.Mean, c.Objective.CiLow, c.Objective.CiHigh, c.Feasible, c.Objective.Replications,
        c.Kpis.ToDictionary(k => k.Name, k => k.Mean, StringComparer.Ordinal));

    /// <summary>Scenario results as records, keeping only the KPIs shown.</summary>
    public static IReadOnlyList<ScenarioRecord> Records(IReadOnlyList<ScenarioResult> results, IReadOnlyList<KpiSpec> kpis) =>
        results.Select(r =>
        {
            var kept = r.Summaries.Select((s, i) => (s, i)).Where(x => kpis.Any(k => k.Name == x.s.Name)).ToArray();
            return new ScenarioRecord(r.Index, r.Name, Text(r.Parameters), r.Interventions, r.Replications.Length,
                kept.Select(x => x.s).ToArray(), kept.ToDictionary(x => x.s.Name, x => r.Values[x.i], StringComparer.Ordinal), r.Series);
        }).ToArray();

    private static IReadOnlyDictionary<string, string> Text(ParameterSet parameters) =>
        parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    private static string VersionOf(Assembly assembly) =>
        $"{assembly.GetName().Name} {assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString()}";
}
