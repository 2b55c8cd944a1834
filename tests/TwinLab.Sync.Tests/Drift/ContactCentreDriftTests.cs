using System.Text.Json;
using MathNet.Numerics.Distributions;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Random;
using TwinLab.Sync.Drift;
using TwinLab.Sync.Drift.ContactCentre;
using Xunit.Abstractions;

namespace TwinLab.Sync.Tests.Drift;

/// <summary>The synthetic contact centre's queues (examples/contact-center) judged against arrivals per 30-minute interval.</summary>
public sealed class ContactCentreDriftTests(ITestOutputHelper output)
{
    private const string Queue = "queue-billing-phone";
    private static readonly DateTimeOffset Monday = new(2025, 4, 7, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Arrivals per interval drawn from the queue's rates × <paramref name="factor"/> from <paramref name="factorFrom"/> on.</summary>
    private static List<(DateTimeOffset Start, int Count)> Arrivals(double[] ratesPerHour, DateTimeOffset from, int days, ulong seed,
        DateTimeOffset? factorFrom = null, double factor = 1)
    {
        var random = RandomStream.FromSeed(seed).AsSystemRandom();
        var minutes = 7 * 24 * 60 / ratesPerHour.Length;
        var result = new List<(DateTimeOffset, int)>();
        for (var t = from; t < from.AddDays(days); t = t.AddMinutes(minutes))
        {
            var cell = ((((int)t.DayOfWeek + 6) % 7) * 24 * 60 + t.Hour * 60 + t.Minute) / minutes;
            var mean = ratesPerHour[cell] * minutes / 60.0 * (t >= (factorFrom ?? DateTimeOffset.MaxValue) ? factor : 1);
            result.Add((t, mean > 0 ? Poisson.Sample(random, mean) : 0));
        }
        return result;
    }

    private static void Append(TwinService service, IEnumerable<(DateTimeOffset Start, int Count)> arrivals)
    {
        foreach (var (start, count) in arrivals)
            service.Write(g => g.AppendTelemetry(Queue, null, JsonSerializer.SerializeToElement(new { offered = count }), start));
    }

    private static (TwinService Service, double[] Rates) Centre()
    {
        var service = new TwinService(new InMemoryTwinStore());
        new ContactCenterTwin(service).WriteGraph(SyntheticContactCentre.Truth());
        return (service, RatesOf(service));
    }

    private static double[] RatesOf(TwinService service)
    {
        Assert.True(service.Snapshot.GetTwin(Queue).Properties.TryGetValue("arrivalRatesPerHour", out var rates));
        return [.. rates.Value.EnumerateArray().Select(v => v.GetDouble())];
    }

    [Fact]
    public void Monitor_ArrivalsAsForecast_StayInFitWithCountsInsideTheirIntervals()
    {
        var (service, rates) = Centre();
        using var _ = service;
        var store = new DriftStore(service.Store);
        var sink = new RecordingSink();
        Append(service, Arrivals(rates, Monday, 21, seed: 5));

        new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store), sink: sink).CatchUp();

        var series = store.Load(Queue, null, ArrivalsPredictor.Telemetry)!;
        output.WriteLine($"{series.Readings} intervals judged, {series.ShareInside:P1} inside, statistic {series.Statistic:0.00}/{series.Threshold:0.00}");
        Assert.Equal("contact-centre", series.Predictor);
        Assert.Equal(DriftState.InFit, series.State);
        Assert.Empty(sink.Events);
        // Closed intervals (expected and found empty) say nothing and are skipped: 21 days of 12 or 8 open hours.
        Assert.InRange(series.Readings, 21 * 16, 21 * 24 + 10);
        Assert.InRange(series.ShareInside, 0.95, 1.0);
        Assert.InRange(series.FalseAlarmEvery, 9_900, 10_100);
    }

    [Fact]
    public void Monitor_SurgeOf40Percent_DriftWithinHalfADayOfOpenIntervals()
    {
        var (service, rates) = Centre();
        using var _ = service;
        var store = new DriftStore(service.Store);
        var sink = new RecordingSink();
        var surge = Monday.AddDays(14).AddHours(8);
        var arrivals = Arrivals(rates, Monday, 16, seed: 6, factorFrom: surge, factor: 1.4);
        Append(service, arrivals);

        new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store), sink: sink).CatchUp();

        var series = store.Load(Queue, null, ArrivalsPredictor.Telemetry)!;
        Assert.Equal(DriftState.Drifting, series.State);
        Assert.Equal("above", series.Direction);
        var delay = arrivals.Count(a => a.Start >= surge && a.Start <= series.DetectedAt!.Value);
        output.WriteLine($"surge at {surge:u}; since {series.Since:u}, detected {series.DetectedAt:u} after {delay} intervals");
        Assert.InRange(delay, 1, 12);
        // Page's change point: the run may start on the quiet day before (closed intervals are skipped, so nights do not empty it).
        Assert.InRange(series.Since!.Value, surge.AddDays(-1), surge.AddHours(4));
        var e = Assert.Single(sink.Events);
        Assert.Equal((Queue, "offered", "detected"), (e.TwinId, e.Telemetry, e.Reason));
    }

    [Fact]
    public void AutoRecalibration_AfterSurge_RefitsTheLevelOnTheTwinAndFitsAgain()
    {
        var (service, rates) = Centre();
        using var _ = service;
        var store = new DriftStore(service.Store);
        store.SaveSettings(Queue, new DriftSettings { AutoRecalibrate = true });
        var sink = new RecordingSink();
        var surge = Monday.AddDays(7).AddHours(8);
        Append(service, Arrivals(rates, Monday, 21, seed: 7, factorFrom: surge, factor: 1.4));

        new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store), sink: sink).CatchUp();

        var series = store.Load(Queue, null, ArrivalsPredictor.Telemetry)!;
        output.WriteLine(series.LastRecalibration?.Summary);
        Assert.Equal(DriftState.InFit, series.State);
        Assert.Contains("scaled by θ = 1.", series.LastRecalibration!.Summary);
        Assert.Equal("re-calibrated", Assert.Single(series.Episodes).EndedBy);
        Assert.True(series.Readings > 150, $"{series.Readings} intervals judged since the re-fit");
        var refitted = RatesOf(service);
        var ratio = refitted.Sum() / rates.Sum();
        Assert.InRange(ratio, 1.25, 1.55);
        Assert.Contains(sink.Events, e => e.Reason == "re-calibrated");
        // The re-fit is a write on main by the drift monitor, so history shows it.
        Assert.Contains(service.History(new Core.History.EventFilter(TwinId: Queue)), e => e.Actor == "drift");
    }
}
