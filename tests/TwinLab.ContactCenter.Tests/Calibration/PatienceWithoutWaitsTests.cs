using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Tests.Synthetic;

namespace TwinLab.ContactCenter.Tests.Calibration;

/// <summary>Logs that record the speed of answer only for answered calls (the 10-column 'Call Center' layout) still
/// have abandonment: it must reach the model, with a warning that the patience estimate is rough.</summary>
public sealed class PatienceWithoutWaitsTests
{
    [Fact]
    public void Calibrate_AbandonedRowsWithoutWaits_KeepAbandonmentAndWarn()
    {
        var month = SyntheticFixture.Month;
        var log = month.Interactions.Select(c => c.Outcome == Outcome.Abandoned ? c with { WaitSeconds = double.NaN } : c).ToList();

        var report = CenterCalibration.Calibrate(log, month.Truth.Roster);

        var phone = report.Queues.Single(q => q.Queue == "billing" && q.Channel == Channel.Phone);
        Assert.True(phone.Patience.Abandonments > 100, $"{phone.Patience.Abandonments} abandonments kept");
        Assert.NotNull(phone.Model.PatienceSeconds);
        Assert.Contains(report.Warnings, w => w.Subject == "billing/Phone" && w.Message.Contains("no recorded wait", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Warnings, w => w.Message.Contains("no abandonments", StringComparison.Ordinal) && w.Subject.EndsWith("Phone", StringComparison.Ordinal));
    }
}
