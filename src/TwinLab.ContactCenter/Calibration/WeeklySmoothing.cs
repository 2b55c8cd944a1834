namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// The two forecasters on a days × intervals count matrix, whose day d has weekday slot d mod 7.
/// Seasonal naive: ŷ(d, i) = y(d − 7, i). Exponential smoothing: each (weekday, interval) cell is its own weekly
/// series with level ℓ ← ℓ + α(y − ℓ), started at the first week's count, one α shared by all cells (Hyndman and
/// Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §8.1). Chosen over additive Holt–Winters with a
/// 7 × 48 (or 7 × 96) season because that needs the same per-cell states plus a trend nobody can estimate from a
/// few weeks; with α = 1 it is exactly the seasonal-naive forecast, so the fitted α says which regime the data are in.
/// </summary>
internal static class WeeklySmoothing
{
    /// <summary>The seasonal-naive forecast of day <paramref name="target"/> from the first <paramref name="length"/> days.</summary>
    public static double[] SeasonalNaive(int[][] y, int length, int target)
    {
        var source = target - 7 * ((target - length) / 7 + 1);
        return y[source].Select(c => (double)c).ToArray();
    }

    /// <summary>Each weekday slot's levels after smoothing the first <paramref name="length"/> days.</summary>
    public static double[][] Levels(int[][] y, int length, double alpha) => Run(y, length, alpha, out _);

    /// <summary>Sum of squared one-step errors over the days after the first week.</summary>
    public static double Sse(int[][] y, int length, double alpha)
    {
        Run(y, length, alpha, out var sse);
        return sse;
    }

    /// <summary>
    /// The α in [0, 1] minimising the one-step squared error (least squares, as in Hyndman and Athanasopoulos §8.1):
    /// a grid of 0.01 steps, then golden-section search within one step of the best grid point.
    /// </summary>
    public static double FitAlpha(int[][] y, int length)
    {
        var best = 1.0;
        var bestSse = double.PositiveInfinity;
        for (var k = 1; k <= 100; k++)
        {
            var sse = Sse(y, length, k / 100.0);
            // ≤ keeps the largest α on ties: α = 1 is the simpler seasonal-naive model.
            if (sse <= bestSse) (best, bestSse) = (k / 100.0, sse);
        }
        double lo = Math.Max(0, best - 0.01), hi = Math.Min(1, best + 0.01);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var it = 0; it < 30; it++)
        {
            double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
            if (Sse(y, length, a) < Sse(y, length, b)) hi = b;
            else lo = a;
        }
        var refined = (lo + hi) / 2;
        return Sse(y, length, refined) < bestSse ? refined : best;
    }

    /// <summary>In-sample mean absolute error of the seasonal-naive forecast: the MASE scale.</summary>
    public static double NaiveScale(int[][] y, int length)
    {
        double sum = 0;
        long n = 0;
        for (var d = 7; d < length; d++)
            for (var i = 0; i < y[d].Length; i++, n++) sum += Math.Abs(y[d][i] - y[d - 7][i]);
        return n == 0 ? double.NaN : sum / n;
    }

    private static double[][] Run(int[][] y, int length, double alpha, out double sse)
    {
        var levels = new double[7][];
        sse = 0;
        for (var d = 0; d < length; d++)
        {
            var slot = d % 7;
            if (d < 7)
            {
                levels[slot] = y[d].Select(c => (double)c).ToArray();
                continue;
            }
            var level = levels[slot];
            for (var i = 0; i < level.Length; i++)
            {
                var error = y[d][i] - level[i];
                sse += error * error;
                level[i] += alpha * error;
            }
        }
        return levels;
    }
}
