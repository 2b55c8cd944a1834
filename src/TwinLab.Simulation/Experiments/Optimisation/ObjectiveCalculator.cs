using TwinLab.Simulation.Experiments.Compare;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// Estimates an objective and its confidence interval from replications, and the paired difference of two candidates.
/// </summary>
/// <remarks>
/// Each replication i gives a numerator y_i (and for a ratio a denominator x_i). A linear objective is estimated
/// by ȳ with the usual t interval. A ratio is estimated by R = ȳ / x̄ with the delta-method (ratio-estimator)
/// variance Var(y − R·x) / (n·x̄²) (Cochran, Sampling Techniques, 3rd ed., 1977, ch. 6). Both are written as
/// R ± t·s_z/√n with "influence" values z_i (y_i − ȳ, resp. (y_i − R·x_i)/x̄), so the paired difference of two
/// candidates is R_a − R_b ± t·s_(z_a − z_b)/√n: the paired-t interval of Law (5th ed., §10.2.1) for linear
/// objectives, and its delta-method analogue for ratios.
/// </remarks>
internal sealed class ObjectiveCalculator(CompiledExpression numerator, CompiledExpression? denominator, double confidence)
{
    /// <summary>The objective on a result's replications.</summary>
    public ObjectiveEstimate Estimate(ScenarioResult result)
    {
        var (y, x) = Terms(result);
        var keep = Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i]) && double.IsFinite(x[i])).ToArray();
        var (estimate, influence) = Sample(keep.Select(i => y[i]).ToArray(), keep.Select(i => x[i]).ToArray());
        var n = influence.Length;
        var half = PairedT.HalfWidth(n < 2 ? double.NaN : Summaries.MeanAndStdDev(influence).StdDev, n, confidence);
        if (double.IsNaN(estimate)) half = double.NaN;
        return new ObjectiveEstimate(estimate, estimate - half, estimate + half, confidence, n);
    }

    /// <summary>a − b over the replications both ran (same replication index, hence the same random numbers).</summary>
    public (double Difference, double CiLow, double CiHigh, int Pairs) Difference(ScenarioResult a, ScenarioResult b)
    {
        var (ya, xa) = Terms(a);
        var (yb, xb) = Terms(b);
        var pa = new List<int>();
        var pb = new List<int>();
        for (int i = 0, j = 0; i < a.Replications.Length && j < b.Replications.Length;)
        {
            if (a.Replications[i] < b.Replications[j]) i++;
            else if (a.Replications[i] > b.Replications[j]) j++;
            else
            {
                if (double.IsFinite(ya[i]) && double.IsFinite(xa[i]) && double.IsFinite(yb[j]) && double.IsFinite(xb[j]))
                {
                    pa.Add(i);
                    pb.Add(j);
                }
                i++;
                j++;
            }
        }
        var (ra, za) = Sample([.. pa.Select(i => ya[i])], [.. pa.Select(i => xa[i])]);
        var (rb, zb) = Sample([.. pb.Select(i => yb[i])], [.. pb.Select(i => xb[i])]);
        var n = pa.Count;
        var d = new double[n];
        for (var i = 0; i < n; i++) d[i] = za[i] - zb[i];
        var difference = ra - rb;
        var half = PairedT.HalfWidth(n < 2 ? double.NaN : Summaries.MeanAndStdDev(d).StdDev, n, confidence);
        return (difference, difference - half, difference + half, n);
    }

    private (double[] Y, double[] X) Terms(ScenarioResult result)
    {
        var n = result.Replications.Length;
        var y = new double[n];
        var x = new double[n];
        var fy = numerator.Fixed(result.Parameters);
        var fx = denominator?.Fixed(result.Parameters) ?? 1;
        for (var i = 0; i < n; i++)
        {
            y[i] = numerator.Replication(result, i, fy);
            x[i] = denominator?.Replication(result, i, fx) ?? 1;
        }
        return (y, x);
    }

    private (double Estimate, double[] Influence) Sample(double[] y, double[] x)
    {
        if (y.Length == 0) return (double.NaN, []);
        var yMean = Summaries.MeanAndStdDev(y).Mean;
        var z = new double[y.Length];
        if (denominator is null)
        {
            for (var i = 0; i < y.Length; i++) z[i] = y[i] - yMean;
            return (yMean, z);
        }
        var xMean = Summaries.MeanAndStdDev(x).Mean;
        if (xMean == 0) return (double.NaN, z);
        var r = yMean / xMean;
        for (var i = 0; i < y.Length; i++) z[i] = (y[i] - r * x[i]) / xMean;
        return (r, z);
    }
}
