using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class CenterCalibrationTests
{
    private static readonly Distribution OfferedWait = Distribution.Exponential(1.0 / 60);

    /// <summary>Known truth: Billing phone (lognormal handle, exponential patience mean 120 s), Sales chat (gamma handle,
    /// patience mean 300 s), Support email (no abandonment); eight weeks of piecewise Poisson arrivals.</summary>
    private static List<Interaction> Centre(int days, ulong seed, double surveyedShare = 0.3)
    {
        var random = RandomStream.FromSeed(seed);
        var log = new List<Interaction>();
        void Queue(string name, Channel channel, double peak, Distribution handle, Distribution? patience, int split)
        {
            var stream = random.Split(split);
            foreach (var t in Synthetic.Arrivals(Synthetic.WeeklyRates(30, peak), 30, days, stream))
                log.Add(Synthetic.Contact(log.Count + 1, t, channel, name, stream, handle, patience, OfferedWait, surveyedShare: surveyedShare));
        }
        Queue("Billing", Channel.Phone, 40, Distribution.LogNormal(5.3, 0.5), Distribution.Exponential(1.0 / 120), 1);
        Queue("Sales", Channel.Chat, 15, Distribution.GammaWithScale(3, 150), Distribution.Exponential(1.0 / 300), 2);
        Queue("Support", Channel.Email, 5, Distribution.LogNormal(6, 0.4), null, 3);
        return [.. log.OrderBy(c => c.Arrival)];
    }

    [Fact]
    public void Calibrate_EightWeeksOfKnownTruth_ModelMatchesTruth()
    {
        var report = CenterCalibration.Calibrate(Centre(56, 71), Synthetic.Roster("Billing", "Sales", "Support"));

        Assert.Equal(["Billing", "Sales", "Support"], report.Model.Queues.Select(q => q.Queue));
        Assert.All(report.Model.Queues, q => Assert.Equal(report.Model.IntervalsPerWeek, q.ArrivalRatesPerHour.Length));
        var billing = report.Queues[0];
        Assert.Equal(DurationFamily.LogNormal, billing.HandleTime!.Family);
        Assert.InRange(120, billing.Patience.Exponential!.Lower, billing.Patience.Exponential.Upper);
        Assert.InRange(0.7, billing.Resolution.FirstContactResolution!.Lower, billing.Resolution.FirstContactResolution.Upper);
        Assert.Equal(DurationFamily.Gamma, report.Queues[1].HandleTime!.Family);
        Assert.Null(report.Queues[2].Model.PatienceSeconds);
        Assert.NotNull(report.Queues[0].Forecast);
        Assert.Equal(3 * report.Model.IntervalsPerWeek, report.Intervals.Count);
        Assert.Same(report.Satisfaction, report.Model.Satisfaction);
        Assert.InRange(report.Satisfaction!.HoldOutRSquared, 0.3, 1);
        // Plenty of data: only the standing note about the repeat delay.
        Assert.Equal(["log"], report.Warnings.Select(w => w.Subject));
    }

    [Fact]
    public void Calibrate_ThinData_WarnsWhatTheDataCannotSupport()
    {
        // Three days, almost no waiting on chat (nobody abandons), no survey, and a roster missing the Sales skill.
        var log = Centre(3, 72, surveyedShare: 0).Select(c => c.Channel == Channel.Chat && c.Outcome == Outcome.Abandoned
            ? c with { Outcome = Outcome.Answered, HandleSeconds = 400, Agent = "a1" } : c).ToList();

        var report = CenterCalibration.Calibrate(log, Synthetic.Roster("Billing", "Support", "Retention"));

        string[] expected = ["rows (fewer than", "no forecast", "no abandonments", "no satisfaction model", "no agent has the skill 'Sales'", "skill 'Retention' has no contacts"];
        Assert.All(expected, text => Assert.Contains(report.Warnings, w => w.Message.Contains(text, StringComparison.Ordinal)));
        Assert.Null(report.Model.Satisfaction);
        Assert.Null(report.Queues.Single(q => q.Queue == "Sales").Model.PatienceSeconds);
        Assert.Contains(report.Warnings, w => w.Subject == "Sales/Chat");
    }

    [Fact]
    public void Calibrate_FewHandleTimes_BorrowsTheChannelPool()
    {
        var log = Centre(14, 73);
        var start = log[^1].Arrival;
        log.AddRange(Enumerable.Range(0, 5).Select(i => new Interaction(log.Count + 1 + i, start, Channel.Phone, "Retention", 20,
            Outcome.Answered, "a", 200 + 10 * i, true, false, null)));

        var report = CenterCalibration.Calibrate(log, Synthetic.Roster("Billing", "Sales", "Support", "Retention"));

        var retention = report.Queues.Single(q => q.Queue == "Retention");
        Assert.Equal("*", retention.HandleTime!.Queue);
        Assert.Contains(report.Warnings, w => w.Subject == "Retention/Phone" && w.Message.Contains("pool", StringComparison.Ordinal));
    }

    [Fact]
    public void ToMarkdown_Report_HasEverySection()
    {
        var report = CenterCalibration.Calibrate(Centre(21, 74), Synthetic.Roster("Billing", "Sales", "Support"));

        var text = report.ToMarkdown();

        Assert.Contains("## What the data could not support", text);
        Assert.Contains("## Queues", text);
        Assert.Contains("## Satisfaction model", text);
        Assert.Contains("## Fitted versus observed arrivals per interval", text);
    }

    [Fact]
    public void Calibrate_EmptyLog_Throws()
    {
        Assert.Throws<ArgumentException>(() => CenterCalibration.Calibrate([], Synthetic.Roster("Billing")));
    }
}
