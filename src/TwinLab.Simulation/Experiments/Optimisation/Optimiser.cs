namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// Simulation optimisation: finds the decision variable values that minimise or maximise an objective under
/// constraints, simulating every candidate with the same replications and common random numbers, then re-runs the
/// best few with more replications to confirm the ranking.
/// </summary>
public static class Optimiser
{
    /// <summary>Solves an optimisation problem.</summary>
    /// <param name="context">Simulator, options and cancellation; on cancellation the candidates simulated so far are ranked.</param>
    /// <param name="problem">Objective, variables and constraints.</param>
    /// <param name="options">Search settings; defaults when null.</param>
    /// <exception cref="Core.Errors.TwinLabException">The problem names unknown KPIs or parameters, has unusable bounds,
    /// or asks for a discrete search over a continuous variable.</exception>
    public static OptimisationResult Run(ExperimentContext context, OptimisationProblem problem, OptimisationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = options ?? new OptimisationOptions();
        Check(o);
        var compiled = CompiledProblem.Compile(context.Info, problem, o.Confidence);
        var method = Choose(o, compiled.Variables);
        var evaluator = new CandidateEvaluator(context, compiled, o.Replications, o.Budget);
        var start = compiled.Start(o.Start);
        switch (method)
        {
            case OptimisationMethod.Exhaustive:
                ExhaustiveSearch.Run(compiled, evaluator);
                break;
            case OptimisationMethod.Greedy:
                GreedySearch.Run(compiled, evaluator, start);
                break;
            default:
                NelderMeadSearch.Run(compiled, evaluator, start, o);
                break;
        }

        var ranked = Rank(compiled, evaluator.History);
        var confirmed = Confirm(context, compiled, ranked, o);
        var pair = confirmed.Count >= 2 ? confirmed : ranked;
        CandidateDifference? difference = null;
        if (pair.Count >= 2)
        {
            var (d, low, high, n) = compiled.Objective.Difference(pair[0].Scenario, pair[1].Scenario);
            difference = new CandidateDifference(pair[0].Name, pair[1].Name, compiled.Direction, d, low, high, o.Confidence, n, confirmed.Count >= 2);
        }
        return new OptimisationResult(
            problem, method, [.. ranked.Take(o.TopCount)], confirmed, difference, [.. evaluator.History],
            evaluator.Skipped, evaluator.BudgetExhausted, context.IsCancelled);
    }

    private static void Check(OptimisationOptions o)
    {
        if (o.Replications < 1) throw OptimisationErrors.Invalid($"replications must be at least 1, got {o.Replications}");
        if (o.Budget < 1) throw OptimisationErrors.Invalid($"the budget must be at least 1, got {o.Budget}");
        if (o.TopCount < 1) throw OptimisationErrors.Invalid($"the number of top candidates must be at least 1, got {o.TopCount}");
        if (o.ConfirmCount < 0 || o.ConfirmReplications < 0) throw OptimisationErrors.Invalid("confirmation counts cannot be negative");
        if (o.Confidence is <= 0 or >= 1) throw OptimisationErrors.Invalid($"the confidence must be in (0, 1), got {o.Confidence}");
        if (o.InitialStep is <= 0 or > 1) throw OptimisationErrors.Invalid($"the initial step must be in (0, 1], got {o.InitialStep}");
        if (!(o.Tolerance > 0)) throw OptimisationErrors.Invalid($"the tolerance must be positive, got {o.Tolerance}");
        if (o.Restarts < 0) throw OptimisationErrors.Invalid($"restarts cannot be negative, got {o.Restarts}");
    }

    private static OptimisationMethod Choose(OptimisationOptions o, IReadOnlyList<SearchVariable> variables)
    {
        var continuous = variables.FirstOrDefault(v => v.IsContinuous);
        if (o.Method is OptimisationMethod.Exhaustive or OptimisationMethod.Greedy && continuous is not null)
            throw OptimisationErrors.Invalid(
                $"{o.Method.ToString().ToLowerInvariant()} search needs discrete variables; give '{continuous.Name}' a step or a list of values");
        if (o.Method != OptimisationMethod.Auto) return o.Method;
        if (continuous is not null) return OptimisationMethod.NelderMead;
        // Saturating product: a grid too large to count is certainly too large to search exhaustively.
        long size = 1;
        foreach (var v in variables) size = size > long.MaxValue / Math.Max(1, v.Count) ? long.MaxValue : size * v.Count;
        return size <= Math.Min(o.ExhaustiveLimit, o.Budget) ? OptimisationMethod.Exhaustive : OptimisationMethod.Greedy;
    }

    private static List<Candidate> Rank(CompiledProblem problem, IEnumerable<Candidate> candidates) =>
        [.. candidates.OrderBy(c => problem.Key(c, c.Evaluation))];

    /// <summary>
    /// Re-runs the best few on fresh random numbers (stream index 1, common to all of them): the search chose them on
    /// stream 0, so re-using those numbers would carry the selection's optimistic bias into the confirmation.
    /// </summary>
    private static List<Candidate> Confirm(ExperimentContext context, CompiledProblem problem, List<Candidate> ranked, OptimisationOptions o)
    {
        var confirmed = new List<Candidate>();
        if (o.ConfirmCount == 0 || o.ConfirmReplications == 0) return confirmed;
        foreach (var candidate in ranked.Take(o.ConfirmCount))
        {
            if (context.IsCancelled) break;
            context.Plan(o.ConfirmReplications);
            var scenario = new ScenarioSpec(candidate.Name, candidate.Parameters, problem.Problem.Interventions ?? []);
            var result = context.Run(scenario, candidate.Evaluation, o.ConfirmReplications, streamIndex: 1);
            if (result.Replications.Length == 0) break;
            confirmed.Add(problem.Candidate(candidate.Evaluation, candidate.Values, result));
        }
        return Rank(problem, confirmed);
    }
}
