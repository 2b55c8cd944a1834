namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// Greedy coordinate search on a discrete grid (steepest-ascent hill climbing): from the start point, evaluate the
/// neighbours one step up and down each variable, move to the best if it beats the current point, repeat until no
/// neighbour does. Finds the optimum of a unimodal surface; on others, a local optimum.
/// </summary>
internal static class GreedySearch
{
    public static void Run(CompiledProblem problem, CandidateEvaluator evaluator, IReadOnlyList<ParameterValue> start)
    {
        var variables = problem.Variables;
        var index = start.Select((v, j) => variables[j].Nearest(v)).ToArray();
        var current = evaluator.Evaluate(Values(variables, index));
        while (current is not null)
        {
            var best = current;
            var bestIndex = index;
            for (var j = 0; j < variables.Count; j++)
            {
                foreach (var step in (ReadOnlySpan<int>)[-1, 1])
                {
                    var next = (long[])index.Clone();
                    next[j] += step;
                    if (next[j] < 0 || next[j] >= variables[j].Count) continue;
                    var trial = evaluator.Evaluate(Values(variables, next));
                    if (trial is null) return;
                    // Strictly better only, so the walk cannot cycle between equally good points.
                    if (trial.Key.CompareTo(best.Key) < 0)
                    {
                        best = trial;
                        bestIndex = next;
                    }
                }
            }
            if (ReferenceEquals(best, current)) return;
            current = best;
            index = bestIndex;
        }
    }

    private static ParameterValue[] Values(IReadOnlyList<SearchVariable> variables, long[] index) =>
        [.. variables.Select((v, j) => v.Level(index[j]))];
}
