using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class ArrivalProfileTests
{
    private static List<Interaction> Log(double[] rates, int intervalMinutes, int days, ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        return Synthetic.Arrivals(rates, intervalMinutes, days, random)
            .Select((t, i) => new Interaction(i + 1, t, Channel.Phone, "Billing", 0, Outcome.Answered, "a", 200, true, false, null))
            .ToList();
    }

    [Fact]
    public void Estimate_EightWeeksOfKnownProfile_RatesRecoveredWithinPoissonIntervals()
    {
        var truth = Synthetic.WeeklyRates(30, 40);
        var profile = Assert.Single(ArrivalProfile.Estimate(Log(truth, 30, 56, 11), 30, firstDay: Synthetic.Monday, lastDay: Synthetic.Monday.AddDays(55)));

        Assert.Equal(336, profile.ArrivalRatesPerHour.Length);
        Assert.All(profile.Cells, c => Assert.Equal(8, c.DaysObserved));
        // 95% intervals: about 95% of the cells with arrivals must cover the true mean count (rate × ½ h).
        var busy = profile.Cells.Select((c, k) => (Cell: c, Truth: truth[k] / 2)).Where(x => x.Truth > 0).ToList();
        var covered = busy.Count(x => x.Cell.Lower <= x.Truth && x.Truth <= x.Cell.Upper);
        Assert.InRange((double)covered / busy.Count, 0.9, 1.0);
        Assert.InRange(profile.ArrivalRatesPerHour.Sum() / truth.Sum(), 0.98, 1.02);
    }

    [Fact]
    public void Estimate_PoissonArrivals_NotOverDispersed()
    {
        var profile = Assert.Single(ArrivalProfile.Estimate(Log(Synthetic.WeeklyRates(60, 30), 60, 56, 12), 60));

        Assert.False(profile.Dispersion.OverDispersed);
        Assert.InRange(profile.Dispersion.Index, 0.85, 1.15);
    }

    [Fact]
    public void Estimate_DailyVolumeSwings_FlagsOverDispersion()
    {
        // Each day's rates are scaled by a gamma factor (mean 1, CV 0.3): a Poisson mixture, over-dispersed by design.
        var random = RandomStream.FromSeed(13);
        var factor = TwinLab.Simulation.Random.Distributions.Distribution.GammaWithScale(1 / 0.09, 0.09);
        var weekly = Synthetic.WeeklyRates(60, 30);
        var counts = Enumerable.Range(0, 56).Select(d =>
        {
            var f = factor.Sample(random);
            return Enumerable.Range(0, 24).Select(i => Synthetic.Poisson(random, weekly[d % 7 * 24 + i] * f)).ToArray();
        }).ToArray();

        var profile = ArrivalProfile.FromCounts("Billing", Channel.Phone, 60, Synthetic.Monday, counts, 0.95);

        Assert.True(profile.Dispersion.OverDispersed);
        Assert.True(profile.Dispersion.Index > 1.5);
    }

    [Fact]
    public void Estimate_OneArrivalOnTuesday_LandsAtItsWeekIndex()
    {
        var tuesday = new DateTimeOffset(2024, 1, 2, 10, 15, 0, TimeSpan.FromHours(2));
        var log = new[] { new Interaction(1, tuesday, Channel.Chat, "Sales", 0, Outcome.Answered, "a", 60, true, false, null) };

        var profile = Assert.Single(ArrivalProfile.Estimate(log, 30, firstDay: Synthetic.Monday, lastDay: Synthetic.Monday.AddDays(6)));

        // Wall-clock 10:15 on Tuesday (the offset is ignored): interval 20 of day 1; one arrival per half hour = 2 per hour.
        Assert.Equal(2, profile.ArrivalRatesPerHour[48 + 20]);
        Assert.Equal(2, profile.ArrivalRatesPerHour.Sum());
        Assert.Empty(profile.ImputedDays);
    }

    [Fact]
    public void Estimate_WeekdaysOnly_ImputesWeekendFromObservedDays()
    {
        var log = Log(Synthetic.WeeklyRates(60, 30), 60, 5, 14);

        var profile = Assert.Single(ArrivalProfile.Estimate(log, 60));

        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], profile.ImputedDays);
        var monday = profile.ArrivalRatesPerHour.AsSpan(0, 24).ToArray();
        var saturday = profile.ArrivalRatesPerHour.AsSpan(5 * 24, 24).ToArray();
        Assert.Equal(monday.Sum(), saturday.Sum(), 0.2 * monday.Sum());
    }

    [Fact]
    public void Estimate_IntervalNotDividingDay_Throws()
    {
        var log = Log(Synthetic.WeeklyRates(60, 30), 60, 2, 15);

        Assert.Throws<ArgumentOutOfRangeException>(() => ArrivalProfile.Estimate(log, 7));
    }
}
