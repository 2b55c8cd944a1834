using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Compare;

/// <summary>
/// Compares alternatives with a baseline: every scenario runs the same replications, by default with common
/// random numbers, and each KPI's paired difference is reported with its confidence interval, p-value and
/// whether it is significant and better.
/// </summary>
public static class ScenarioComparison
{
    /// <summary>Runs the baseline and the alternatives and compares each alternative with the baseline.</summary>
    /// <param name="context">Simulator, options and cancellation; on cancellation the finished scenarios are compared.</param>
    /// <param name="baseline">The scenario the others are measured against.</param>
    /// <param name="alternatives">The scenarios to compare.</param>
    /// <param name="replications">Replications per scenario.</param>
    /// <param name="confidence">Confidence level of the intervals.</param>
    /// <param name="commonRandomNumbers">Give every scenario the same random streams (stream index 0), which
    /// usually narrows the intervals of differences a lot; false gives each scenario its own streams.</param>
    public static ComparisonResult Run(
        ExperimentContext context,
        ScenarioSpec baseline,
        IReadOnlyList<ScenarioSpec> alternatives,
        int replications,
        double confidence = 0.95,
        bool commonRandomNumbers = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(alternatives);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");

        context.Plan((long)replications * (alternatives.Count + 1));
        var baseResult = context.Run(baseline, 0, replications, commonRandomNumbers ? 0 : null);
        var results = new List<ScenarioResult>(alternatives.Count);
        var deltas = new List<KpiDelta>();
        for (var a = 0; a < alternatives.Count && !context.IsCancelled; a++)
        {
            var result = context.Run(alternatives[a], a + 1, replications, commonRandomNumbers ? 0 : null);
            results.Add(result);
            for (var k = 0; k < context.Info.Kpis.Count; k++)
                deltas.Add(Delta(context.Info.Kpis[k], k, a, baseResult, result, confidence, alternatives.Count));
        }
        return new ComparisonResult(baseResult, results, deltas, confidence, commonRandomNumbers);
    }

    private static KpiDelta Delta(
        KpiSpec kpi, int k, int alternativeIndex, ScenarioResult baseline, ScenarioResult alternative, double confidence, int family)
    {
        var (b, a) = PairedT.Pair(baseline.Replications, baseline.Values[k], alternative.Replications, alternative.Values[k]);
        var n = a.Length;
        var differences = new double[n];
        for (var i = 0; i < n; i++) differences[i] = a[i] - b[i];
        var (mean, sd) = n == 0 ? (double.NaN, double.NaN) : Summaries.MeanAndStdDev(differences);
        var baseMean = n == 0 ? double.NaN : Summaries.MeanAndStdDev(b).Mean;
        var altMean = n == 0 ? double.NaN : Summaries.MeanAndStdDev(a).Mean;
        // Bonferroni: k simultaneous intervals each at 1 − α/k (Law, 5th ed., §10.3).
        var bonferroniConfidence = 1 - (1 - confidence) / family;
        var half = PairedT.HalfWidth(sd, n, confidence);
        var bonferroniHalf = PairedT.HalfWidth(sd, n, bonferroniConfidence);
        var p = PairedT.PValue(mean, sd, n);
        return new KpiDelta(
            alternativeIndex, alternative.Name, kpi.Name, kpi.Direction, n, baseMean, altMean, mean, sd,
            new DeltaInterval(mean - half, mean + half, confidence),
            new DeltaInterval(mean - bonferroniHalf, mean + bonferroniHalf, bonferroniConfidence),
            baseMean == 0 ? double.NaN : 100 * mean / Math.Abs(baseMean),
            p, Math.Min(1, p * family));
    }
}
