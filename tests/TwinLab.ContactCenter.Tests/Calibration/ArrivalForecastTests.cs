using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class ArrivalForecastTests
{
    private static ArrivalProfile Profile(int[][] counts) =>
        ArrivalProfile.FromCounts("Billing", Channel.Phone, 60, Synthetic.Monday, counts, 0.95);

    private static double Mean(int day, int hour) => Synthetic.WeeklyRates(60, 30)[day % 7 * 24 + hour];

    [Fact]
    public void Fit_PeriodicCountsWithLevelShift_ChoosesSeasonalNaive()
    {
        // Exactly weekly-periodic counts that double from week 5: last week's count is always right after the shift,
        // while any smoothing constant below 1 lags behind it.
        var counts = Enumerable.Range(0, 56)
            .Select(d => Enumerable.Range(0, 24).Select(h => (int)Math.Round(Mean(d, h)) * (d >= 28 ? 2 : 1)).ToArray()).ToArray();

        var forecast = ArrivalForecast.Fit(Profile(counts));

        Assert.Equal(ForecastMethod.SeasonalNaive, forecast.Method);
        var naive = forecast.BackTest.Single(e => e.Method == ForecastMethod.SeasonalNaive);
        Assert.Equal(0, naive.Mae);
        Assert.Equal(counts[49], forecast.Days[0].Counts.Select(c => (int)c).ToArray());
    }

    [Fact]
    public void Fit_StationaryPoissonCounts_ChoosesExponentialSmoothing()
    {
        // Noise around a fixed profile: last week's count carries its full Poisson noise, a smoothed level much less.
        var random = RandomStream.FromSeed(21);
        var counts = Enumerable.Range(0, 56)
            .Select(d => Enumerable.Range(0, 24).Select(h => Synthetic.Poisson(random, Mean(d, h))).ToArray()).ToArray();

        var forecast = ArrivalForecast.Fit(Profile(counts));

        Assert.Equal(ForecastMethod.ExponentialSmoothing, forecast.Method);
        Assert.InRange(forecast.SmoothingAlpha, 0, 0.5);
        var naive = forecast.BackTest.Single(e => e.Method == ForecastMethod.SeasonalNaive);
        var smoothing = forecast.BackTest.Single(e => e.Method == ForecastMethod.ExponentialSmoothing);
        Assert.True(smoothing.Rmse < 0.9 * naive.Rmse);
        // The naive method scored against its own in-sample error: MASE near 1 on stationary data.
        Assert.InRange(naive.Mase, 0.8, 1.2);
    }

    [Fact]
    public void Fit_Horizon_ForecastsTheDaysAfterTheLog()
    {
        var counts = Enumerable.Range(0, 21).Select(d => Enumerable.Range(0, 24).Select(h => d % 7 + h).ToArray()).ToArray();

        var forecast = ArrivalForecast.Fit(Profile(counts), horizonDays: 10);

        Assert.Equal(10, forecast.Days.Count);
        Assert.Equal(Synthetic.Monday.AddDays(21), forecast.Days[0].Date);
        Assert.All(forecast.Days, d => Assert.Equal(24, d.Counts.Length));
        // Day 21 is a Monday: every method forecasts Monday's (constant) counts.
        Assert.Equal(counts[0].Select(c => (double)c), forecast.Days[0].Counts);
    }

    [Fact]
    public void Fit_TwoWeeksExactly_ChoosesByFittedAlphaWithNote()
    {
        var counts = Enumerable.Range(0, 14).Select(_ => new int[24]).ToArray();

        var forecast = ArrivalForecast.Fit(Profile(counts));

        Assert.Empty(forecast.BackTest);
        Assert.NotNull(forecast.Note);
    }

    [Fact]
    public void Fit_FewerThanTwoWeeks_Throws()
    {
        var counts = Enumerable.Range(0, 13).Select(_ => new int[24]).ToArray();

        Assert.Throws<ArgumentException>(() => ArrivalForecast.Fit(Profile(counts)));
    }
}
