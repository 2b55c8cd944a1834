using TwinLab.ContactCenter.Simulation;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>
/// Ranks candidate changes to a contact centre by how much they improve an objective KPI per cost. The baseline and
/// every candidate run on the <see cref="ContactCenterSimulator"/> with common random numbers (replication r of
/// every scenario draws from the same stream), so each KPI difference is a paired difference with a paired-t
/// confidence interval, and the result is the same for any thread count.
/// </summary>
public static class Recommender
{
    /// <summary>Evaluates and ranks the candidates (see <see cref="RecommendationResult.Ranking"/> for the order).</summary>
    /// <param name="simulator">The centre's simulator (calibrated model, optional staffing plan).</param>
    /// <param name="candidates">The changes, e.g. <see cref="CandidateFile.Candidates"/>; names must be unique.</param>
    /// <param name="options">Objective, replications, seed, days, targets; defaults when null.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="CandidateFileException">A candidate's parameter is unknown, reserved or has a bad value.</exception>
    /// <exception cref="TwinLabException">No candidates, a bad baseline parameter, or the objective cannot be
    /// measured (satisfaction without a satisfaction predictor; no contact answered).</exception>
    public static RecommendationResult Run(
        ContactCenterSimulator simulator, IReadOnlyList<CandidateChange> candidates, RecommendationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(candidates);
        options ??= new RecommendationOptions();
        options.Validate();
        if (candidates.Count == 0) throw new TwinLabException(ErrorCodes.InvalidArgument, "There are no candidate changes to evaluate.");
        var duplicate = candidates.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Two candidates are named '{duplicate.Key}'; names must be unique.");

        var info = simulator.Info;
        var overrides = candidates.Select(c => CandidateValidator.Overrides(c, info)).ToArray();
        var baseParameters = BaselineParameters(info, options);
        var context = new ExperimentContext(simulator, new RunOptions(options.Seed, options.Threads, options.Progress), null, options.Days, cancellationToken);
        var combine = options.CombineTop >= 2;
        context.Plan((long)options.Replications * (candidates.Count + 1 + (combine ? 1 : 0)));

        ScenarioResult Run(string name, ParameterSet parameters, int index)
        {
            // Stream index 0 for every scenario: common random numbers.
            var result = context.Run(new ScenarioSpec(name, parameters, []), index, options.Replications, streamIndex: 0);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }

        var baseline = Run("baseline", baseParameters, 0);
        var evaluator = new CandidateEvaluator(info, options, baseline);
        var notes = evaluator.CheckBaseline();
        var evaluated = new List<CandidateResult>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var result = Run(candidates[i].Name, baseParameters.With(info, overrides[i]), i + 1);
            evaluated.Add(evaluator.Evaluate(candidates[i].Name, candidates[i].Description, Written(candidates[i]), candidates[i].Cost.Daily, result));
        }
        var ranking = Ranking.Order(evaluated);

        CandidateResult? combination = null;
        if (combine && Combination.Pick(ranking, candidates, options.CombineTop) is { Count: >= 2 } picked)
        {
            var members = picked.Select(name => candidates.Select((c, i) => (c, i)).First(x => x.c.Name == name)).ToArray();
            var name = string.Join(" + ", picked);
            var parameters = baseParameters.With(info, members.SelectMany(m => overrides[m.i]));
            var result = Run(name, parameters, candidates.Count + 1);
            var written = members.SelectMany(m => Written(m.c)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            combination = evaluator.Evaluate(name, $"Together: {string.Join("; ", members.Select(m => m.c.Description))}",
                written, members.Sum(m => m.c.Cost.Daily), result);
        }

        var baseKpis = evaluator.BaselineKpis;
        bool? baselineMeets = evaluator.MeetsTargets(baseKpis);
        var meeting = new List<(string Name, double Cost)>();
        if (baselineMeets == true) meeting.Add(("baseline", baseKpis.TotalCostPerDay ?? double.MaxValue));
        foreach (var c in combination is null ? ranking : [.. ranking, combination])
            if (c.MeetsTargets == true) meeting.Add((c.Name, c.Kpis.TotalCostPerDay ?? double.MaxValue));
        notes.Add($"Costs are per calendar day: simulated agent cost (paid hours × cost per hour) over {options.Days:0.##} day(s) from "
            + $"{options.StartDay}, plus each change's own cost (one-off costs amortised over their period).");
        var insignificant = ranking.Count(c => !c.Significant);
        if (insignificant > 0)
            notes.Add($"{insignificant} candidate(s) changed {options.Objective.Name()} by less than the simulation can tell apart "
                + $"at {options.Replications} replications; more replications narrow the intervals.");

        return new RecommendationResult(
            options.Objective.Name(), options.Objective.Kpi(), options.Objective.Unit(), options.Currency,
            options.Replications, options.Seed, options.Days, options.StartDay, options.WarmupHours, options.Confidence,
            baseKpis, ranking, combination, options.TargetServiceLevel, options.MaxAbandonment, baselineMeets,
            [.. meeting.OrderBy(m => m.Cost).Select(m => m.Name)], notes);
    }

    private static ParameterSet BaselineParameters(SimulatorInfo info, RecommendationOptions options)
    {
        var values = options.BaselineParameters
            .Where(kv => kv.Key is not ("days" or "start_day" or "warmup_hours"))
            .Concat([
                KeyValuePair.Create("days", ParameterValue.Of(options.Days)),
                KeyValuePair.Create("start_day", ParameterValue.Of(options.StartDay.Trim().ToLowerInvariant())),
                KeyValuePair.Create("warmup_hours", ParameterValue.Of(options.WarmupHours)),
            ]);
        try
        {
            return ParameterSet.Create(info, values);
        }
        catch (TwinLabException e)
        {
            throw new TwinLabException(e.Code, $"Baseline parameters: {e.Message}");
        }
    }

    private static Dictionary<string, string> Written(CandidateChange candidate) =>
        candidate.Settings.ToDictionary(s => s.Parameter, s => s.Value, StringComparer.Ordinal);
}
