using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class ResolutionEstimateTests
{
    private static Interaction Row(int i, bool? resolved, bool? repeat, Outcome outcome = Outcome.Answered) =>
        new(i, new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero), Channel.Phone, "Billing", 10, outcome, "a", 100, resolved, repeat, null);

    [Fact]
    public void Estimate_KnownResolutionShare_WithinWilsonInterval()
    {
        var random = RandomStream.FromSeed(51);
        var log = Enumerable.Range(0, 2000).Select(i => Row(i, random.NextDouble() < 0.7, random.NextDouble() < 0.15)).ToList();

        var estimate = Assert.Single(ResolutionEstimate.Estimate(log));

        var fcr = estimate.FirstContactResolution!;
        Assert.InRange(0.7, fcr.Lower, fcr.Upper);
        Assert.InRange(0.15, estimate.RepeatRate!.Lower, estimate.RepeatRate.Upper);
        Assert.Equal(2000, fcr.Trials);
    }

    [Fact]
    public void Estimate_AbandonedAndUnrecorded_LeftOutOfTheShare()
    {
        Interaction[] log = [Row(1, true, null), Row(2, false, null), Row(3, null, null), Row(4, null, null, Outcome.Abandoned)];

        var estimate = Assert.Single(ResolutionEstimate.Estimate(log, defaultRepeatDelayHours: 48));

        Assert.Equal(2, estimate.FirstContactResolution!.Trials);
        Assert.Equal(0.5, estimate.FirstContactResolution.Estimate);
        Assert.Null(estimate.RepeatRate);
        Assert.Equal(48, estimate.RepeatDelayHours);
        Assert.Contains("default", estimate.Note);
    }

    [Fact]
    public void Estimate_NoResolutionRecorded_NullWithNote()
    {
        var estimate = Assert.Single(ResolutionEstimate.Estimate([Row(1, null, false)]));

        Assert.Null(estimate.FirstContactResolution);
        Assert.Contains("assumed 100%", estimate.Note);
    }

    [Fact]
    public void Wilson_NoSuccessesInTen_UpperIsZSquaredOverNPlusZSquared()
    {
        var z = ConfidenceIntervals.Z(0.95);

        var (lower, upper) = ConfidenceIntervals.Wilson(0, 10, 0.95);

        Assert.Equal(0, lower, 1e-12);
        Assert.Equal(z * z / (10 + z * z), upper, 1e-12);
    }

    [Fact]
    public void Poisson_ZeroCount_UpperIsMinusLogHalfAlpha()
    {
        var (lower, upper) = ConfidenceIntervals.Poisson(0, 1, 0.95);

        Assert.Equal(0, lower);
        Assert.Equal(-Math.Log(0.025), upper, 1e-6);
    }
}
