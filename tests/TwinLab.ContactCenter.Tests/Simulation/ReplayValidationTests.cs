using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Tests.Synthetic;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using Xunit.Abstractions;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>
/// The twin's first duty: calibrated from a month's log, it must give back the month that was logged. The synthetic
/// month's log is the reference (offered contacts, repeats, abandonment, phone service level); the twin calibrated from
/// it is simulated over the same 31 days, starting on the same weekday.
/// </summary>
public sealed class ReplayValidationTests(ITestOutputHelper output)
{
    [Fact]
    public void CalibratedTwin_ReplaysTheLoggedMonth()
    {
        var month = SyntheticFixture.Month;
        var log = month.Interactions;
        var calibration = CenterCalibration.Calibrate(log, month.Truth.Roster);
        var start = DateOnly.FromDateTime(log[0].Arrival.UtcDateTime);
        var startDay = start.DayOfWeek.ToString().ToLowerInvariant();
        var scenario = new ContactCenterSimulator(calibration.Model).Prepare(("days", 31.0), ("start_day", startDay), ("satisfaction", ParameterValue.Of(false)));

        var runs = Enumerable.Range(0, 3).Select(r => scenario.Simulate(RandomStream.For(7, 0, r)).Overall).ToList();
        var offered = runs.Average(k => (double)k.Offered);
        var repeats = runs.Average(k => (double)k.Repeats);
        var abandonment = runs.Average(k => k.AbandonmentRate);

        var logAbandoned = log.Count(c => c.Outcome == Outcome.Abandoned) / (double)log.Count;
        var logRepeats = log.Count(c => c.RepeatContact == true);
        output.WriteLine($"offered {offered:0} vs logged {log.Count}; repeats {repeats:0} vs {logRepeats}; abandonment {abandonment:P2} vs {logAbandoned:P2}");

        foreach (var g in log.GroupBy(c => (c.Queue, c.Channel)))
        {
            var logSl = g.Count(c => c.Outcome == Outcome.Answered && c.WaitSeconds <= 20)
                / (double)g.Count(c => !(c.Outcome == Outcome.Abandoned && c.WaitSeconds <= 20));
            var queueRuns = Enumerable.Range(0, 3)
                .Select(r => scenario.Simulate(RandomStream.For(7, 0, r)).Queues.Single(k => k.Scope == g.Key.Queue && k.Channel == g.Key.Channel))
                .ToList();
            var sl = queueRuns.Average(k => k.ServiceLevel);
            output.WriteLine($"{g.Key.Queue}/{g.Key.Channel}: service level {sl:P1} vs logged {logSl:P1}");
            Assert.InRange(sl - logSl, -0.05, 0.05);
        }

        Assert.InRange(offered / log.Count, 0.97, 1.03);
        Assert.InRange(repeats / logRepeats, 0.85, 1.15);
        // The log's agents take breaks late when busy and lose whole days to absence; the twin spreads shrinkage over
        // intervals. Abandonment is the most sensitive KPI; it must stay within a quarter of the logged share.
        Assert.InRange(abandonment / logAbandoned, 0.75, 1.33);
    }
}
