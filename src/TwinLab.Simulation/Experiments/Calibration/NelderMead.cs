namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// Nelder–Mead simplex minimisation (Nelder and Mead, 1965) with the dimension-dependent coefficients of
/// Gao and Han (2012, "Implementing the Nelder–Mead simplex algorithm with adaptive parameters", Comput. Optim.
/// Appl. 51:259–277), which keep it working beyond a handful of parameters.
/// </summary>
/// <remarks>
/// Written here rather than using MathNet's NelderMeadSimplex because that one throws away the best point when it
/// runs out of evaluations, stops on the spread of function values alone (premature on flat valleys), and cannot
/// rank a point where the model is not finite; here such a point simply ranks worst.
/// </remarks>
internal static class NelderMead
{
    /// <summary>Minimises <paramref name="f"/> from a simplex around <paramref name="start"/>.</summary>
    public static SearchOutcome Minimise(Func<double[], double> f, double[] start, int maxEvaluations, double tolerance)
    {
        var n = start.Length;
        // With one parameter Gao and Han's shrink factor would be 0 (the simplex would collapse at once): use n ≥ 2.
        var size = Math.Max(n, 2);
        double alpha = 1, beta = 1 + 2.0 / size, gamma = 0.75 - 1 / (2.0 * size), delta = 1 - 1.0 / size;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        var evaluations = 0;
        double Eval(double[] x)
        {
            evaluations++;
            var v = f(x);
            return double.IsNaN(v) ? double.PositiveInfinity : v;
        }
        points[0] = (double[])start.Clone();
        values[0] = Eval(points[0]);
        for (var i = 0; i < n; i++)
        {
            points[i + 1] = (double[])start.Clone();
            // Steps relative to each coordinate's size, so parameters of any magnitude move.
            points[i + 1][i] += 0.25 * Math.Max(Math.Abs(start[i]), 1);
            values[i + 1] = Eval(points[i + 1]);
        }
        var iteration = 0;
        while (true)
        {
            Array.Sort(values, points);
            iteration++;
            if (Converged(points, values, tolerance))
                return new SearchOutcome(points[0], values[0], true, iteration, "simplex collapsed");
            if (evaluations >= maxEvaluations)
                return new SearchOutcome(points[0], values[0], false, iteration, $"stopped after {evaluations} evaluations");
            var centroid = new double[n];
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) centroid[j] += points[i][j] / n;
            double[] Along(double t) => centroid.Select((c, j) => c + t * (points[n][j] - c)).ToArray();

            var reflected = Along(-alpha);
            var fr = Eval(reflected);
            if (fr < values[0])
            {
                var expanded = Along(-alpha * beta);
                var fe = Eval(expanded);
                Replace(fe < fr ? expanded : reflected, Math.Min(fe, fr));
            }
            else if (fr < values[n - 1]) Replace(reflected, fr);
            else
            {
                var outside = fr < values[n];
                var contracted = Along(outside ? -alpha * gamma : gamma);
                var fc = Eval(contracted);
                if (fc <= (outside ? fr : values[n])) Replace(contracted, fc);
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        points[i] = points[i].Select((x, j) => points[0][j] + delta * (x - points[0][j])).ToArray();
                        values[i] = Eval(points[i]);
                    }
                }
            }
        }

        void Replace(double[] point, double value)
        {
            points[n] = point;
            values[n] = value;
        }
    }

    // Both the values and the vertices must agree: values alone stop early on a flat valley floor.
    private static bool Converged(double[][] points, double[] values, double tolerance)
    {
        if (!double.IsFinite(values[^1])) return false;
        if (values[^1] - values[0] > tolerance * (Math.Abs(values[0]) + tolerance)) return false;
        var size = Math.Sqrt(tolerance);
        for (var i = 1; i < points.Length; i++)
        for (var j = 0; j < points[0].Length; j++)
            if (Math.Abs(points[i][j] - points[0][j]) > size * (1 + Math.Abs(points[0][j]))) return false;
        return true;
    }
}
