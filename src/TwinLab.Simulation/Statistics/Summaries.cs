using MathNet.Numerics.Distributions;

namespace TwinLab.Simulation.Statistics;

/// <summary>Descriptive statistics and confidence intervals for replication results.</summary>
public static class Summaries
{
    /// <summary>
    /// Summarises values: mean, standard deviation, percentiles and a Student-t confidence interval of the mean
    /// (mean ± t(1−α/2, n−1)·s/√n; the usual interval for independent replications, Law, Simulation Modeling
    /// and Analysis, 5th ed., §9.4.1). NaN values are excluded.
    /// </summary>
    public static KpiSummary Summarize(string name, ReadOnlySpan<double> values, double confidence = 0.95)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");
        var sorted = new double[values.Length];
        var n = 0;
        foreach (var v in values)
            if (!double.IsNaN(v)) sorted[n++] = v;
        if (n == 0) return new KpiSummary(name, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, confidence);
        var data = sorted.AsSpan(0, n);
        data.Sort();
        var (mean, sd) = MeanAndStdDev(data);
        var half = n > 1 ? TQuantile(confidence, n - 1) * sd / Math.Sqrt(n) : double.PositiveInfinity;
        if (sd == 0) half = 0;
        return new KpiSummary(name, n, mean, sd, data[0], data[^1],
            Percentile(data, 0.05), Percentile(data, 0.25), Percentile(data, 0.5), Percentile(data, 0.75), Percentile(data, 0.95),
            mean - half, mean + half, confidence);
    }

    /// <summary>Mean and sample standard deviation by Welford's update (numerically stable).</summary>
    public static (double Mean, double StdDev) MeanAndStdDev(ReadOnlySpan<double> values)
    {
        double mean = 0, m2 = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }
        return (values.Length == 0 ? double.NaN : mean, values.Length > 1 ? Math.Sqrt(m2 / (values.Length - 1)) : 0);
    }

    /// <summary>
    /// The p-quantile of sorted data by linear interpolation between order statistics (Hyndman and Fan, 1996,
    /// definition 7; the default of R and NumPy).
    /// </summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The two-sided Student-t critical value for a confidence level and degrees of freedom.</summary>
    public static double TQuantile(double confidence, int degreesOfFreedom) =>
        StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - (1 - confidence) / 2);
}
