using ScottPlot;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Line and band drawing that copes with gaps (NaN) and steps.</summary>
internal static class Lines
{
    /// <summary>
    /// A mean line over a shaded band, split into runs of finite points so closed hours (no contacts, NaN) leave a gap
    /// instead of a line drawn across them. The legend entry goes on the first run.
    /// </summary>
    public static void Band(Plot plot, double[] xs, double[] means, double[]? lows, double[]? highs, Color colour, string legend, float width = 2)
    {
        var labelled = false;
        foreach (var run in Runs(xs, means, lows, highs))
        {
            if (lows is not null && highs is not null && run.Length > 1)
            {
                var fill = plot.Add.FillY(run.Select(j => xs[j]).ToArray(), run.Select(j => lows[j]).ToArray(), run.Select(j => highs[j]).ToArray());
                fill.FillColor = colour.WithAlpha(0.2);
                fill.LineWidth = 0;
            }
            var line = run.Length > 1
                ? plot.Add.ScatterLine(run.Select(j => xs[j]).ToArray(), run.Select(j => means[j]).ToArray(), colour)
                : plot.Add.Scatter(run.Select(j => xs[j]).ToArray(), run.Select(j => means[j]).ToArray(), colour);
            line.LineWidth = width;
            if (labelled) continue;
            line.LegendText = legend;
            labelled = true;
        }
    }

    /// <summary>Values held constant over each interval [i·length, (i+1)·length) as a staircase.</summary>
    public static void Steps(Plot plot, IReadOnlyList<double> values, double length, Color colour, string legend, float width)
    {
        var xs = new double[2 * values.Count];
        var ys = new double[2 * values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            xs[2 * i] = i * length;
            xs[2 * i + 1] = (i + 1) * length;
            ys[2 * i] = ys[2 * i + 1] = values[i];
        }
        var line = plot.Add.ScatterLine(xs, ys, colour);
        line.LineWidth = width;
        line.LegendText = legend;
    }

    // Maximal runs of consecutive indices where the mean (and the band ends, when given) are finite.
    private static IEnumerable<int[]> Runs(double[] xs, double[] means, double[]? lows, double[]? highs)
    {
        var run = new List<int>();
        for (var j = 0; j < means.Length; j++)
        {
            var ok = double.IsFinite(xs[j]) && double.IsFinite(means[j])
                && (lows is null || double.IsFinite(lows[j])) && (highs is null || double.IsFinite(highs[j]));
            if (ok)
            {
                run.Add(j);
                continue;
            }
            if (run.Count > 0) yield return [.. run];
            run.Clear();
        }
        if (run.Count > 0) yield return [.. run];
    }
}
