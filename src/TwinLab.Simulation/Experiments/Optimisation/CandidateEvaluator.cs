namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// Simulates the points a search asks for: each with the same replications and common random numbers (stream
/// index 0), each at most once (a cache keyed by the exact values), within a budget of simulated points.
/// </summary>
internal sealed class CandidateEvaluator(ExperimentContext context, CompiledProblem problem, int replications, int budget)
{
    private readonly Dictionary<string, Trial> _cache = new(StringComparer.Ordinal);
    private int _order;

    /// <summary>Every simulated candidate, in evaluation order.</summary>
    public List<Candidate> History { get; } = [];

    /// <summary>Points skipped because a parameter constraint rules them out.</summary>
    public int Skipped { get; private set; }

    /// <summary>Whether a new point was refused because the budget was spent.</summary>
    public bool BudgetExhausted { get; private set; }

    /// <summary>Whether the search must stop.</summary>
    public bool Stopped => BudgetExhausted || context.IsCancelled;

    /// <summary>The trial at a point; null when it would need a simulation and the budget is spent or the run cancelled.</summary>
    public Trial? Evaluate(IReadOnlyList<ParameterValue> values)
    {
        var key = string.Join('\u001f', values);
        if (_cache.TryGetValue(key, out var known)) return known;
        var parameters = problem.Parameters(values);
        var violation = problem.ParameterViolation(parameters);
        Trial trial;
        if (violation > 0)
        {
            // Cannot become feasible whatever the simulation says: rank it by its violation alone, never simulate.
            Skipped++;
            trial = new Trial(values, null, new RankKey(false, violation, double.PositiveInfinity, _order++));
        }
        else
        {
            if (History.Count >= budget)
            {
                BudgetExhausted = true;
                return null;
            }
            if (context.IsCancelled) return null;
            context.Plan(replications);
            var result = context.Run(problem.Scenario(parameters), History.Count, replications, streamIndex: 0);
            if (result.Replications.Length == 0) return null;
            var candidate = problem.Candidate(History.Count, values, result);
            History.Add(candidate);
            trial = new Trial(values, candidate, problem.Key(candidate, _order++));
        }
        _cache[key] = trial;
        return trial;
    }
}
