using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// A forecast of the interval counts of the days after the log, by the method that did best in a rolling-origin
/// back-test (Tashman, 2000): from each origin among the last days of the log, each method is fitted to the days
/// before it and forecasts the next days; errors are pooled over every forecast day × interval.
/// </summary>
/// <param name="Queue">Queue.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Method">The chosen method: the lower back-test MAE, seasonal naive on ties (it is the simpler one).
/// Ranking by MASE would be the same, as both methods are scored on the same points with the same scales.</param>
/// <param name="SmoothingAlpha">The smoothing constant fitted to the whole log (used when smoothing is chosen).</param>
/// <param name="BackTest">Each method's back-test error; empty when the log is too short to hold one out.</param>
/// <param name="Days">The forecast days following the log.</param>
/// <param name="Note">Why the choice was not back-tested, if it was not.</param>
public sealed record ArrivalForecast(
    string Queue, Channel Channel, ForecastMethod Method, double SmoothingAlpha,
    IReadOnlyList<BackTestError> BackTest, IReadOnlyList<ForecastDay> Days, string? Note)
{
    /// <summary>Days of history the forecasters need: one week to start the levels, one to fit α.</summary>
    public const int MinimumDays = 14;

    /// <summary>Forecasts the <paramref name="horizonDays"/> days after <paramref name="profile"/>'s window.</summary>
    /// <param name="profile">The observed counts.</param>
    /// <param name="horizonDays">Days to forecast, and the horizon of each back-test origin.</param>
    /// <param name="backTestDays">How many of the last days serve as origins.</param>
    /// <exception cref="ArgumentException">the profile has fewer than <see cref="MinimumDays"/> days.</exception>
    /// <exception cref="ArgumentOutOfRangeException">horizonDays or backTestDays is not positive.</exception>
    public static ArrivalForecast Fit(ArrivalProfile profile, int horizonDays = 7, int backTestDays = 21)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backTestDays);
        var y = profile.DailyCounts;
        var n = y.Length;
        if (n < MinimumDays)
            throw new ArgumentException($"Forecasting needs at least {MinimumDays} days of counts, got {n}.", nameof(profile));

        var firstOrigin = Math.Max(MinimumDays, n - backTestDays);
        var errors = firstOrigin < n ? BackTester.Run(y, firstOrigin, horizonDays) : [];
        ForecastMethod method;
        string? note = null;
        if (errors.Count == 0)
        {
            // Smoothing nests seasonal naive (α = 1), so the in-sample fit of α already arbitrates between them.
            method = ForecastMethod.ExponentialSmoothing;
            note = $"only {n} days: too few to back-test beyond the first {MinimumDays}; the fitted α chooses between smoothing and naive";
        }
        else
        {
            var naive = errors.Single(e => e.Method == ForecastMethod.SeasonalNaive);
            var smoothing = errors.Single(e => e.Method == ForecastMethod.ExponentialSmoothing);
            method = smoothing.Mae < naive.Mae * (1 - 1e-9) ? ForecastMethod.ExponentialSmoothing : ForecastMethod.SeasonalNaive;
        }

        var alpha = WeeklySmoothing.FitAlpha(y, n);
        var levels = WeeklySmoothing.Levels(y, n, alpha);
        var lastDay = profile.FirstDay.AddDays(n - 1);
        var days = Enumerable.Range(n, horizonDays).Select(t => new ForecastDay(
            lastDay.AddDays(t - n + 1),
            method == ForecastMethod.SeasonalNaive ? WeeklySmoothing.SeasonalNaive(y, n, t) : (double[])levels[t % 7].Clone())).ToList();
        return new ArrivalForecast(profile.Queue, profile.Channel, method, alpha, errors, days, note);
    }
}
