namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>Evaluates every point of a discrete grid (first variable slowest), until done or stopped.</summary>
internal static class ExhaustiveSearch
{
    public static void Run(CompiledProblem problem, CandidateEvaluator evaluator)
    {
        var variables = problem.Variables;
        var index = new long[variables.Count];
        while (true)
        {
            if (evaluator.Evaluate([.. variables.Select((v, j) => v.Level(index[j]))]) is null) return;
            var j = variables.Count - 1;
            for (; j >= 0 && ++index[j] == variables[j].Count; j--) index[j] = 0;
            if (j < 0) return;
        }
    }
}
