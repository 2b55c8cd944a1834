namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// Nelder–Mead simplex search (Nelder and Mead, 1965, "A simplex method for function minimization", Computer
/// Journal 7(4)) in the formulation of Lagarias, Reeds, Wright and Wright (1998, SIAM J. Optim. 9(1)), with the
/// standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½. It runs on the variables scaled to
/// [0, 1] by their bounds; trial points are evaluated clamped into that box, and discrete variables take their
/// nearest value.
/// </summary>
/// <remarks>
/// Only comparisons of vertices are needed, so the candidates' rank (<see cref="RankKey"/>) serves as the function
/// value and constraints act as an infinitely heavy penalty. After convergence the search restarts from the best
/// point with a fresh simplex while that still improves it, a common guard against premature collapse.
/// </remarks>
internal static class NelderMeadSearch
{
    private const double Reflection = 1, Expansion = 2, Contraction = 0.5, Shrinkage = 0.5;

    public static void Run(CompiledProblem problem, CandidateEvaluator evaluator, IReadOnlyList<ParameterValue> start, OptimisationOptions options)
    {
        var variables = problem.Variables;
        var x = start.Select((v, j) => variables[j].ToUnit(v)).ToArray();
        Trial? best = null;
        for (var round = 0; round <= options.Restarts && !evaluator.Stopped; round++)
        {
            var found = Minimise(x, variables, evaluator, options);
            if (found is null || (best is not null && found.Key.CompareTo(best.Key) >= 0)) return;
            best = found;
            x = [.. best.Values.Select((v, j) => variables[j].ToUnit(v))];
        }
    }

    private sealed record Vertex(double[] X, Trial Trial);

    private static Trial? Minimise(double[] start, IReadOnlyList<SearchVariable> variables, CandidateEvaluator evaluator, OptimisationOptions options)
    {
        var d = start.Length;
        // The point is evaluated clamped into the box, but the simplex keeps the unclamped coordinates: storing the
        // clamped ones would flatten the simplex against a bound and lose that dimension for good.
        Vertex? At(double[] point)
        {
            var trial = evaluator.Evaluate([.. point.Select((u, j) => variables[j].FromUnit(u))]);
            return trial is null ? null : new Vertex(point, trial);
        }

        var simplex = new List<Vertex>(d + 1);
        if (At(start) is not { } first) return null;
        simplex.Add(first);
        for (var j = 0; j < d; j++)
        {
            var point = (double[])first.X.Clone();
            point[j] += point[j] + options.InitialStep <= 1 ? options.InitialStep : -options.InitialStep;
            if (At(point) is not { } vertex) return Best(simplex);
            simplex.Add(vertex);
        }

        var maxIterations = 1000 + 200 * d;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            simplex = [.. simplex.OrderBy(v => v.Trial.Key)];
            if (Converged(simplex, options.Tolerance)) break;
            var worst = simplex[d];
            var centroid = new double[d];
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) centroid[j] += simplex[i].X[j] / d;

            var reflected = At(Step(centroid, worst.X, -Reflection));
            if (reflected is null) break;
            if (Better(reflected, simplex[0]))
            {
                var expanded = At(Step(centroid, worst.X, -Expansion));
                if (expanded is null)
                {
                    simplex[d] = reflected;
                    break;
                }
                simplex[d] = Better(expanded, reflected) ? expanded : reflected;
                continue;
            }
            if (Better(reflected, simplex[d - 1]))
            {
                simplex[d] = reflected;
                continue;
            }
            // Contract: outside (towards the reflected point) when it beat the worst, inside otherwise.
            var outside = Better(reflected, worst);
            var contracted = At(Step(centroid, worst.X, outside ? -Contraction : Contraction));
            if (contracted is null) break;
            if (outside ? !Better(reflected, contracted) : Better(contracted, worst))
            {
                simplex[d] = contracted;
                continue;
            }
            for (var i = 1; i <= d; i++)
            {
                var shrunk = At(Step(simplex[0].X, simplex[i].X, Shrinkage));
                if (shrunk is null) return Best(simplex);
                simplex[i] = shrunk;
            }
        }
        return Best(simplex);
    }

    /// <summary>from + coefficient·(to − from): the reflection, expansion and contraction points are all of this form.</summary>
    private static double[] Step(double[] from, double[] to, double coefficient) =>
        [.. from.Select((f, j) => f + coefficient * (to[j] - f))];

    private static bool Better(Vertex a, Vertex b) => a.Trial.Key.CompareTo(b.Trial.Key) < 0;

    private static Trial Best(List<Vertex> simplex) => simplex.MinBy(v => v.Trial.Key)!.Trial;

    /// <summary>Every vertex within <paramref name="tolerance"/> of the best, or all on the same (rounded) point.</summary>
    private static bool Converged(List<Vertex> simplex, double tolerance)
    {
        var best = simplex[0];
        if (simplex.All(v => ReferenceEquals(v.Trial, best.Trial))) return true;
        return simplex.All(v => v.X.Select((u, j) => Math.Abs(u - best.X[j])).Max() <= tolerance);
    }
}
