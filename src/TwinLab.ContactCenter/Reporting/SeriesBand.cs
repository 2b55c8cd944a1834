using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Statistics;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>One per-interval series across replications: mean and a percentile band of the finite values per interval.</summary>
/// <param name="Name">Series name (<c>service_level</c>, <c>arrivals</c> …).</param>
/// <param name="Times">Interval starts in hours from the run's start.</param>
/// <param name="Mean">Mean over the replications where the value is defined (NaN where none is).</param>
/// <param name="Low">Lower percentile.</param>
/// <param name="High">Upper percentile.</param>
internal sealed record SeriesBand(string Name, double[] Times, double[] Mean, double[] Low, double[] High)
{
    /// <summary>The band of <paramref name="name"/>; null when no replication has that series.</summary>
    public static SeriesBand? Of(IReadOnlyList<ContactCenterResult> runs, string name, double low, double high)
    {
        var series = runs.Select(r => r.Series.FirstOrDefault(s => s.Name == name)).OfType<TwinLab.Simulation.Experiments.TimeSeries>().ToList();
        if (series.Count == 0) return null;
        var n = series.Min(s => Math.Min(s.Times.Length, s.Values.Length));
        var mean = new double[n];
        var lows = new double[n];
        var highs = new double[n];
        for (var i = 0; i < n; i++)
        {
            var values = series.Select(s => s.Values[i]).Where(double.IsFinite).Order().ToArray();
            mean[i] = values.Length == 0 ? double.NaN : values.Average();
            lows[i] = Summaries.Percentile(values, low);
            highs[i] = Summaries.Percentile(values, high);
        }
        return new SeriesBand(name, series[0].Times[..n], mean, lows, highs);
    }
}
