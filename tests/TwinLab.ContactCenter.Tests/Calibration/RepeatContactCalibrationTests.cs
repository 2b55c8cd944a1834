using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Tests.Synthetic;

namespace TwinLab.ContactCenter.Tests.Calibration;

/// <summary>
/// The simulator sends unresolved contacts back by itself, so calibration must not count repeats in the arrival
/// process as well (they would be offered twice), and must switch the repeat loop off when the log cannot tell repeats
/// from fresh contacts.
/// </summary>
public sealed class RepeatContactCalibrationTests
{
    private static double ContactsPerWeek(CalibrationReport report, string queue) =>
        report.Model.Queues.Where(q => q.Queue == queue).Sum(q => q.ArrivalRatesPerHour.Sum() * report.Model.IntervalMinutes / 60.0);

    [Fact]
    public void Calibrate_LogMarksRepeats_ArrivalRatesCountFreshContactsOnly()
    {
        var month = SyntheticFixture.Month;
        var report = CenterCalibration.Calibrate(month.Interactions, month.Truth.Roster);
        var truthPerWeek = month.Truth.Queues.Where(q => q.Queue == "billing").Sum(q => q.ArrivalRatesPerHour.Sum() * month.Truth.IntervalMinutes / 60.0);

        // Fresh billing contacts per week: the truth's rates are those of new contacts (19% of the log's rows are repeats).
        Assert.InRange(ContactsPerWeek(report, "billing") / truthPerWeek, 0.95, 1.05);
        Assert.All(report.Model.Queues, q => Assert.InRange(q.FirstContactResolution, 0.7, 0.85));
        Assert.DoesNotContain(report.Warnings, w => w.Message.Contains("does not mark repeat", StringComparison.Ordinal));
    }

    [Fact]
    public void Calibrate_LogDoesNotMarkRepeats_RatesIncludeThemAndTheRepeatLoopIsOff()
    {
        var month = SyntheticFixture.Month;
        var unmarked = month.Interactions.Select(c => c with { RepeatContact = null }).ToList();
        var marked = CenterCalibration.Calibrate(month.Interactions, month.Truth.Roster);
        var report = CenterCalibration.Calibrate(unmarked, month.Truth.Roster);

        // Every row now counts as an arrival: about 1 / (1 − 0.19) times the fresh rate.
        Assert.InRange(ContactsPerWeek(report, "billing") / ContactsPerWeek(marked, "billing"), 1.15, 1.30);
        Assert.All(report.Model.Queues, q => Assert.Equal(1.0, q.FirstContactResolution));
        Assert.Contains(report.Warnings, w => w.Message.Contains("does not mark repeat contacts", StringComparison.Ordinal));
        // The resolution estimate itself is still reported.
        Assert.All(report.Queues, q => Assert.NotNull(q.Resolution.FirstContactResolution));
    }
}
