using MathNet.Numerics.LinearAlgebra;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>The outcome of one local search.</summary>
/// <param name="X">Where it ended.</param>
/// <param name="Value">Objective there.</param>
/// <param name="Converged">Whether a tolerance was met.</param>
/// <param name="Iterations">Iterations used.</param>
/// <param name="Message">How it stopped.</param>
internal readonly record struct SearchOutcome(double[] X, double Value, bool Converged, int Iterations, string Message);

/// <summary>
/// Levenberg–Marquardt minimisation of Σ r(x)² (Levenberg, 1944; Marquardt, 1963) with Marquardt's diagonal
/// scaling and Nielsen's damping update (Madsen, Nielsen and Tingleff, Methods for Non-Linear Least Squares
/// Problems, 2nd ed., 2004, Algorithm 3.16), and a forward-difference Jacobian.
/// </summary>
/// <remarks>
/// Written here rather than taken from MathNet's LevenbergMarquardtMinimizer because the search must treat a
/// non-finite residual as a rejected step (a model that blows up for some parameters), run on the unbounded
/// scale that <see cref="ParameterTransform"/> defines (MathNet applies its own bound transform), and hold one
/// parameter fixed for profile likelihoods; MathNet's matrices still do the linear algebra.
/// </remarks>
internal static class LevenbergMarquardt
{
    /// <summary>Minimises Σ r² from <paramref name="start"/>; <paramref name="residuals"/> returns false for a non-finite point.</summary>
    public static SearchOutcome Minimise(
        Func<double[], double[], bool> residuals, int m, double[] start, int maxIterations, double tolerance, double relativeStep)
    {
        var x = (double[])start.Clone();
        var r = new double[m];
        if (!residuals(x, r)) return new SearchOutcome(x, double.PositiveInfinity, false, 0, "the model is not finite at the start");
        var f = Squares(r);
        var (a, g) = Normal(residuals, x, r, relativeStep);
        var mu = 1e-3 * Math.Max(a.Diagonal().Maximum(), double.Epsilon);
        var nu = 2.0;
        var rn = new double[m];
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (f == 0 || g.InfinityNorm() <= 1e-14 * Math.Max(f, 1))
                return new SearchOutcome(x, f, true, iteration, "gradient vanished");
            var d = a.Diagonal().Map(v => Math.Max(v, 1e-12 * a.Diagonal().Maximum() + double.Epsilon));
            var h = Solve(a, d, mu, g);
            if (h is null)
            {
                (mu, nu) = (mu * nu, nu * 2);
                continue;
            }
            var xNorm = Math.Sqrt(x.Sum(v => v * v));
            if (h.L2Norm() <= tolerance * (xNorm + tolerance))
                return new SearchOutcome(x, f, true, iteration, "step became negligible");
            var xn = x.Select((v, j) => v + h[j]).ToArray();
            var fn = residuals(xn, rn) ? Squares(rn) : double.PositiveInfinity;
            var predicted = h.DotProduct(d.PointwiseMultiply(h) * mu - g);
            var rho = predicted > 0 ? (f - fn) / predicted : -1;
            if (rho > 0)
            {
                var actual = (f - fn) / Math.Max(f, double.Epsilon);
                var expected = predicted / Math.Max(f, double.Epsilon);
                (x, f) = (xn, fn);
                Array.Copy(rn, r, m);
                (a, g) = Normal(residuals, x, r, relativeStep);
                mu *= Math.Max(1.0 / 3, 1 - Math.Pow(2 * rho - 1, 3));
                nu = 2;
                if (actual <= tolerance && expected <= tolerance)
                    return new SearchOutcome(x, f, true, iteration, "objective stopped decreasing");
            }
            else
            {
                mu *= nu;
                nu *= 2;
                if (mu > 1e25) return new SearchOutcome(x, f, true, iteration, "no step improves the objective");
            }
        }
        return new SearchOutcome(x, f, false, maxIterations, $"stopped after {maxIterations} iterations");
    }

    private static double Squares(double[] r) => r.Sum(v => v * v);

    // JᵀJ and Jᵀr, the Gauss–Newton normal equations, with J by forward differences (backward where forward fails).
    private static (Matrix<double> A, Vector<double> G) Normal(Func<double[], double[], bool> residuals, double[] x, double[] r, double relativeStep)
    {
        var m = r.Length;
        var jacobian = Matrix<double>.Build.Dense(m, x.Length);
        var shifted = new double[m];
        for (var j = 0; j < x.Length; j++)
        {
            var h = relativeStep * Math.Max(Math.Abs(x[j]), 1);
            var probe = (double[])x.Clone();
            probe[j] = x[j] + h;
            if (!residuals(probe, shifted))
            {
                h = -h;
                probe[j] = x[j] + h;
                if (!residuals(probe, shifted)) continue; // no usable direction: the column stays zero
            }
            for (var i = 0; i < m; i++) jacobian[i, j] = (shifted[i] - r[i]) / h;
        }
        var rv = Vector<double>.Build.DenseOfArray(r);
        return (jacobian.TransposeThisAndMultiply(jacobian), jacobian.TransposeThisAndMultiply(rv));
    }

    // Solves (A + μD) h = −g by Cholesky; null when the damped matrix is not positive definite.
    private static Vector<double>? Solve(Matrix<double> a, Vector<double> d, double mu, Vector<double> g)
    {
        var damped = a.Clone();
        for (var j = 0; j < d.Count; j++) damped[j, j] += mu * d[j];
        try
        {
            var h = damped.Cholesky().Solve(-g);
            return h.All(double.IsFinite) ? h : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
