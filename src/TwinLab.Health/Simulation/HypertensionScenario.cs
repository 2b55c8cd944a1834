using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Simulation;

/// <summary>One prepared scenario of <see cref="HypertensionSimulator"/>: the noise-free trajectory, computed once.</summary>
/// <remarks>Immutable, so replications on several threads share it safely.</remarks>
internal sealed class HypertensionScenario(
    PatientPhysiology person, Regimen regimen, BpChange[] dailyMeans, NoiseModel noise, ReadingSchedule schedule, BpChange target)
    : IPreparedModel
{
    /// <summary>The person simulated.</summary>
    public PatientPhysiology Person { get; } = person;

    /// <summary>The regimen started on day 0.</summary>
    public Regimen Regimen { get; } = regimen;

    public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(random);
        cancellationToken.ThrowIfCancellationRequested();
        var simulated = HomeBpSimulator.SimulateReadings(dailyMeans, HypertensionSimulator.StartDay, noise, random, schedule);
        var days = dailyMeans.Length;
        var sumSys = new double[days];
        var sumDia = new double[days];
        var count = new int[days];
        var first = HypertensionSimulator.StartDay.DayNumber;
        foreach (var reading in simulated.Readings)
        {
            var d = reading.Day.DayNumber - first;
            sumSys[d] += reading.Systolic;
            sumDia[d] += reading.Diastolic;
            count[d]++;
        }

        // Rolling 7-day means of the readings: days to target, the last week, and a weekly series for report bands.
        double windowSys = 0, windowDia = 0;
        var windowCount = 0;
        var daysToTarget = double.NaN;
        var weeks = days / 7;
        var weekTimes = new double[weeks];
        var weekSys = new double[weeks];
        var weekDia = new double[weeks];
        var last = Person.UntreatedHome;
        for (var d = 0; d < days; d++)
        {
            windowSys += sumSys[d];
            windowDia += sumDia[d];
            windowCount += count[d];
            if (d >= 7)
            {
                windowSys -= sumSys[d - 7];
                windowDia -= sumDia[d - 7];
                windowCount -= count[d - 7];
            }
            if (d < 6) continue;
            var mean = windowCount > 0 ? new BpChange(windowSys / windowCount, windowDia / windowCount) : (BpChange?)null;
            if (double.IsNaN(daysToTarget) && mean is { } m && m.Systolic < target.Systolic && m.Diastolic < target.Diastolic)
                daysToTarget = d + 1;
            if ((d + 1) % 7 == 0)
            {
                last = mean ?? last; // a week without readings carries the previous week's value in the series
                var w = (d + 1) / 7 - 1;
                weekTimes[w] = d + 1;
                weekSys[w] = last.Systolic;
                weekDia[w] = last.Diastolic;
            }
        }
        var lastWeek = days >= 7 ? simulated.MeanOfReadings(days - 7, 7) : simulated.MeanOfReadings(0, days);
        var sys = lastWeek?.Systolic ?? double.NaN;
        var dia = lastWeek?.Diastolic ?? double.NaN;
        var reached = lastWeek is { } lw ? (lw.Systolic < target.Systolic && lw.Diastolic < target.Diastolic ? 1.0 : 0.0) : double.NaN;
        return new ReplicationOutcome(
            [sys, dia, reached, daysToTarget],
            [new TimeSeries("home_systolic_weekly_mean", weekTimes, weekSys), new TimeSeries("home_diastolic_weekly_mean", weekTimes, weekDia)]);
    }
}
