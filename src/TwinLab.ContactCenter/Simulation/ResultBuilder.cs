using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>Turns a replication's tallies into its <see cref="ContactCenterResult"/>.</summary>
internal static class ResultBuilder
{
    public static ContactCenterResult Build(CompiledCenter center, QueueTally[] tallies, CenterTally time)
    {
        var total = default(QueueTally);
        var live = default(QueueTally);
        var queues = new ContactKpis[tallies.Length];
        for (var q = 0; q < tallies.Length; q++)
        {
            total.Add(tallies[q]);
            if (center.Queues[q].Channel != Data.Channel.Email) live.Add(tallies[q]);
            queues[q] = Kpis(center.Queues[q].Name, center.Queues[q].Channel, tallies[q]);
        }
        // Waits in seconds (phone, chat) and in hours (email) do not average into anything useful: the centre's
        // ASA and mean wait cover the live channels, unless it has none.
        var overall = Kpis("all", null, total);
        if (live.Offered > 0)
            overall = overall with
            {
                AverageSpeedOfAnswer = Ratio(live.AnswerWaitSum, live.Answered),
                MeanWait = Ratio(live.WaitSum, live.Offered),
            };
        return new ContactCenterResult(
            overall,
            queues,
            Ratio(time.BusyAgentSeconds, time.StaffedAgentSeconds),
            time.PaidAgentSeconds / 3600,
            time.CostSeconds / 3600,
            time.StaffedAgentSeconds / 3600,
            Series(center, time));
    }

    private static ContactKpis Kpis(string scope, Data.Channel? channel, in QueueTally t) => new(
        scope, channel, t.Offered, t.Handled, t.Abandoned, t.Repeats, t.Retrials, t.Deflected, t.CallbacksAccepted,
        ServiceLevel: Ratio(t.AnsweredWithinTarget, t.Offered - t.AbandonedWithinTarget),
        ServiceLevelOfOffered: Ratio(t.AnsweredWithinTarget, t.Offered),
        AverageSpeedOfAnswer: Ratio(t.AnswerWaitSum, t.Answered),
        AbandonmentRate: Ratio(t.Abandoned, t.Offered),
        WaitProbability: Ratio(t.Queued, t.Offered),
        MeanWait: Ratio(t.WaitSum, t.Offered),
        MeanHandle: Ratio(t.HandleSum, t.Handled),
        Satisfaction: Ratio(t.SatisfactionSum, t.SatisfactionCount));

    private static TimeSeries[] Series(CompiledCenter center, CenterTally time)
    {
        var n = time.Intervals;
        var times = new double[n];
        var serviceLevel = new double[n];
        var available = new double[n];
        var busy = new double[n];
        var queue = new double[n];
        for (var i = 0; i < n; i++)
        {
            var start = i * center.IntervalSeconds;
            var length = Math.Min(center.IntervalSeconds, center.HorizonSeconds - start);
            times[i] = start / 3600;
            serviceLevel[i] = Ratio(time.WithinTarget[i], time.TargetBase[i]);
            available[i] = time.StaffedArea[i] / length;
            busy[i] = time.BusyArea[i] / length;
            queue[i] = time.QueueArea[i] / length;
        }
        return
        [
            new TimeSeries("arrivals", times, time.Arrivals),
            new TimeSeries("service_level", times, serviceLevel),
            new TimeSeries("agents_available", times, available),
            new TimeSeries("agents_busy", times, busy),
            new TimeSeries("queue_length", times, queue),
        ];
    }

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : double.NaN;
}
