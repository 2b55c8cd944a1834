using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>Bootstrap intervals: percentile intervals and standard deviations of the refitted estimates.</summary>
/// <param name="Intervals">Percentile intervals of the natural values.</param>
/// <param name="StandardError">Standard deviation of the bootstrap estimates.</param>
/// <param name="Samples">Every replicate's estimates.</param>
internal sealed record BootstrapResult(Interval[] Intervals, double[] StandardError, BootstrapSamples Samples);

/// <summary>
/// The residual or parametric bootstrap of a regression (Efron and Tibshirani, An Introduction to the Bootstrap,
/// 1993, §9.5; Davison and Hinkley, 1997, §6.2.3): B data sets made from the fitted values and the estimated
/// errors, each refitted from the estimates; percentile intervals of the refits.
/// </summary>
/// <remarks>
/// Replicate b draws only from <see cref="RandomStream.For"/>(seed, stream, b) and stores its estimates at
/// position b, so the result is the same for any number of threads.
/// </remarks>
internal static class BootstrapRefits
{
    public static BootstrapResult Run(FitObjective objective, FitOutcome fit, double[] predictions, int stream, List<string> warnings)
    {
        var options = objective.Options;
        var transform = objective.Transform;
        var errors = Errors(objective, fit, predictions);
        var estimates = new double[options.BootstrapReplicates][];
        Parallel.For(0, estimates.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads(options) }, b =>
        {
            var random = RandomStream.For(options.Seed, stream, b);
            var y = new double[objective.N];
            for (var i = 0; i < y.Length; i++) y[i] = predictions[i] + objective.Sigma[i] * errors(i, random);
            try
            {
                var refit = new Fitter(objective.WithY(y)).Minimise(fit.Q, global: false);
                estimates[b] = double.IsFinite(refit.Value) ? transform.Natural(refit.Q) : Failed(transform.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                estimates[b] = Failed(transform.Count);
            }
        });

        var failed = estimates.Count(e => double.IsNaN(e[0]));
        if (failed > 0) warnings.Add($"{failed} of {estimates.Length} bootstrap refits failed and were left out of the intervals.");
        var tail = (1 - options.Confidence) / 2;
        var intervals = new Interval[transform.Count];
        var se = new double[transform.Count];
        for (var j = 0; j < transform.Count; j++)
        {
            var column = estimates.Select(e => e[j]).Where(v => !double.IsNaN(v)).Order().ToArray();
            intervals[j] = new Interval(Summaries.Percentile(column, tail), Summaries.Percentile(column, 1 - tail));
            se[j] = column.Length > 1 ? Summaries.MeanAndStdDev(column).StdDev : double.NaN;
        }
        return new BootstrapResult(intervals, se, new BootstrapSamples(options.Bootstrap, estimates, failed));
    }

    private static int Threads(CalibrationOptions options) => options.Threads > 0 ? options.Threads : Environment.ProcessorCount;

    private static double[] Failed(int count) => Enumerable.Repeat(double.NaN, count).ToArray();

    // The error of observation i in units of its σ: a resampled residual of its series, or a Gaussian draw.
    private static Func<int, RandomStream, double> Errors(FitObjective objective, FitOutcome fit, double[] predictions)
    {
        int n = objective.N, p = fit.Q.Length;
        var standardised = new double[n];
        for (var i = 0; i < n; i++) standardised[i] = (objective.Y[i] - predictions[i]) / objective.Sigma[i];
        var sums = objective.SeriesSums(standardised);
        if (objective.Options.Bootstrap == BootstrapKind.Parametric)
        {
            var scale = objective.IsLikelihood
                ? sums.Select((s, k) => Math.Sqrt(s / objective.SeriesSize[k])).ToArray()
                : Enumerable.Repeat(objective.Options.SigmaKnown ? 1 : Math.Sqrt(sums.Sum() / Math.Max(n - p, 1)), sums.Length).ToArray();
            return (i, random) => scale[objective.SeriesOf[i]] * random.NextGaussian();
        }
        // Residuals centred within their series and inflated by √(n/(n−p)) to undo the fit's shrinking of them
        // (Davison and Hinkley, 1997, eq. 6.9 without leverages).
        var inflation = Math.Sqrt((double)n / Math.Max(n - p, 1));
        var pools = objective.SeriesNames.Select((_, s) =>
        {
            var members = Enumerable.Range(0, n).Where(i => objective.SeriesOf[i] == s).Select(i => standardised[i]).ToArray();
            var mean = members.Average();
            return members.Select(e => (e - mean) * inflation).ToArray();
        }).ToArray();
        return (i, random) =>
        {
            var pool = pools[objective.SeriesOf[i]];
            return pool[random.NextInt(pool.Length)];
        };
    }
}
