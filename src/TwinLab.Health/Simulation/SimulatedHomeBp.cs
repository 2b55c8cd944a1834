using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Simulation;

/// <summary>What <see cref="HomeBpSimulator.Simulate"/> produced: the noisy readings and the noise-free truth behind them.</summary>
/// <param name="FirstDay">The first simulated day.</param>
/// <param name="DailyMeans">The noise-free mean home BP of each day from <see cref="FirstDay"/> (what the readings scatter around).</param>
/// <param name="Readings">The simulated readings in time order (Setting Home, Source <c>simulated</c>), missed ones left out.</param>
public sealed record SimulatedHomeBp(DateOnly FirstDay, IReadOnlyList<BpChange> DailyMeans, IReadOnlyList<BpReading> Readings)
{
    /// <summary>Number of simulated days.</summary>
    public int Days => DailyMeans.Count;

    /// <summary>
    /// The mean of the readings taken on days <paramref name="fromDay"/> to <paramref name="fromDay"/> + <paramref name="days"/> − 1
    /// (day indices from <see cref="FirstDay"/>); null when none was taken.
    /// </summary>
    public BpChange? MeanOfReadings(int fromDay, int days)
    {
        var first = FirstDay.AddDays(fromDay);
        var last = FirstDay.AddDays(fromDay + days - 1);
        double sys = 0, dia = 0;
        var n = 0;
        foreach (var reading in Readings)
        {
            var day = reading.Day;
            if (day < first || day > last) continue;
            sys += reading.Systolic;
            dia += reading.Diastolic;
            n++;
        }
        return n == 0 ? null : new BpChange(sys / n, dia / n);
    }
}
