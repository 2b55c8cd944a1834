namespace TwinLab.ContactCenter.Calibration;

/// <summary>Rolling-origin evaluation of the two forecasters (Tashman, 2000; Hyndman and Koehler, 2006 for MASE).</summary>
internal static class BackTester
{
    /// <summary>
    /// For each origin o from <paramref name="firstOrigin"/> to the last day, fits on days before o and forecasts days
    /// o … o + horizon − 1 (cut at the end of the data); returns both methods' errors pooled over all forecasts.
    /// </summary>
    public static IReadOnlyList<BackTestError> Run(int[][] y, int firstOrigin, int horizon)
    {
        var naive = new Accumulator(ForecastMethod.SeasonalNaive);
        var smoothing = new Accumulator(ForecastMethod.ExponentialSmoothing);
        for (var origin = firstOrigin; origin < y.Length; origin++)
        {
            var scale = WeeklySmoothing.NaiveScale(y, origin);
            var levels = WeeklySmoothing.Levels(y, origin, WeeklySmoothing.FitAlpha(y, origin));
            for (var target = origin; target < Math.Min(y.Length, origin + horizon); target++)
            {
                var naiveForecast = WeeklySmoothing.SeasonalNaive(y, origin, target);
                var smoothForecast = levels[target % 7];
                for (var i = 0; i < y[target].Length; i++)
                {
                    naive.Add(y[target][i] - naiveForecast[i], scale);
                    smoothing.Add(y[target][i] - smoothForecast[i], scale);
                }
            }
        }
        return [naive.Result(), smoothing.Result()];
    }

    private sealed class Accumulator(ForecastMethod method)
    {
        private long _n;
        private double _absolute, _squared, _scaled;

        public void Add(double error, double scale)
        {
            _n++;
            _absolute += Math.Abs(error);
            _squared += error * error;
            // A zero scale makes MASE undefined (NaN), not infinite: the history was exactly periodic.
            _scaled += scale > 0 ? Math.Abs(error) / scale : double.NaN;
        }

        public BackTestError Result() =>
            new(method, (int)_n, _absolute / _n, Math.Sqrt(_squared / _n), _scaled / _n);
    }
}
