using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Calibration;

/// <summary>Logs of known truth for the calibration tests.</summary>
internal static class Synthetic
{
    /// <summary>A Monday: day 0 of every synthetic log.</summary>
    public static readonly DateOnly Monday = new(2024, 1, 1);

    /// <summary>
    /// Rates per hour over a week, Monday first: zero before 08:00 and from 20:00, a sine bump peaking at 14:00 in
    /// between; weekdays at full height, Saturday at half, Sunday at a fifth.
    /// </summary>
    public static double[] WeeklyRates(int intervalMinutes, double peakPerHour)
    {
        var perDay = 24 * 60 / intervalMinutes;
        double[] dayFactor = [1, 1, 1, 1, 1, 0.5, 0.2];
        var rates = new double[7 * perDay];
        for (var w = 0; w < 7; w++)
            for (var i = 0; i < perDay; i++)
            {
                var hour = (i + 0.5) * intervalMinutes / 60.0;
                var shape = hour is >= 8 and < 20 ? Math.Sin(Math.PI * (hour - 8) / 12) : 0;
                rates[w * perDay + i] = peakPerHour * dayFactor[w] * shape;
            }
        return rates;
    }

    /// <summary>Arrival times of the cyclic piecewise Poisson process with these weekly rates over <paramref name="days"/> days.</summary>
    public static List<DateTimeOffset> Arrivals(double[] weeklyRates, int intervalMinutes, int days, RandomStream random)
    {
        var process = PiecewisePoissonProcess.EqualIntervals(intervalMinutes / 60.0, weeklyRates, cyclic: true);
        var start = new DateTimeOffset(Monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var times = new List<DateTimeOffset>();
        for (var t = process.NextArrival(0, random); t < days * 24.0; t = process.NextArrival(t, random))
            times.Add(start.AddHours(t));
        return times;
    }

    /// <summary>A Poisson count: exponential gaps of a unit-rate process counted up to <paramref name="mean"/>.</summary>
    public static int Poisson(RandomStream random, double mean)
    {
        var count = 0;
        for (var t = random.NextExponential(1); t <= mean; t += random.NextExponential(1)) count++;
        return count;
    }

    /// <summary>
    /// One contact: the customer would wait <paramref name="offeredWait"/> before an agent is free and abandons if
    /// patience runs out first; answered contacts get a handle time, a resolution flag and a score from the linear truth
    /// 4.5 − 0.1·wait min − 0.05·handle min + 0.6·resolved − 0.3·(chat) + noise.
    /// </summary>
    public static Interaction Contact(
        int row, DateTimeOffset arrival, Channel channel, string queue, RandomStream random,
        Distribution handle, Distribution? patience, Distribution offeredWait, double resolvedShare = 0.7, double surveyedShare = 0.3)
    {
        var offered = offeredWait.Sample(random);
        var limit = patience?.Sample(random) ?? double.PositiveInfinity;
        if (limit < offered)
            return new Interaction(row, arrival, channel, queue, limit, Outcome.Abandoned, null, null, null, null, null);
        var seconds = handle.Sample(random);
        var resolved = random.NextDouble() < resolvedShare;
        double? score = random.NextDouble() < surveyedShare
            ? 4.5 - 0.1 * offered / 60 - 0.05 * seconds / 60 + 0.6 * (resolved ? 1 : 0) - 0.3 * (channel == Channel.Chat ? 1 : 0) + 0.3 * random.NextGaussian()
            : null;
        return new Interaction(row, arrival, channel, queue, offered, Outcome.Answered, "a1", seconds, resolved, random.NextDouble() < 0.1, score);
    }

    /// <summary>A roster with one agent per queue name.</summary>
    public static Roster Roster(params string[] queues) =>
        new([.. queues.Select(q => new Agent($"agent-{q}", [new AgentSkill(q)], [], 20))], 0.3);
}
