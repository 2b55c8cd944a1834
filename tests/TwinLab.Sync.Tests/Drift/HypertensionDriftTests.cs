using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Health.Twin;
using TwinLab.Sync.Drift;
using TwinLab.Sync.Drift.Hypertension;
using Xunit.Abstractions;

namespace TwinLab.Sync.Tests.Drift;

/// <summary>Maria's hypertension twin (examples/health/maria-fhir) judged against new home readings drawn with fixed seeds.</summary>
public sealed class HypertensionDriftTests(ITestOutputHelper output)
{
    private const string State = "patient-maria-bp";
    private static readonly DateOnly FirstNewDay = new(2026, 11, 21);

    [Fact]
    public void Predict_ReadingsLikeHerTwinSays_ResidualsStandardNormalIndependentAndNoDrift()
    {
        using var service = new TwinService(new InMemoryTwinStore());
        DriftTestData.ImportMaria(service);
        var store = new DriftStore(service.Store);
        var recorder = new RecordingPredictor(new HypertensionPredictor());
        var sink = new RecordingSink();
        var monitor = new DriftMonitor(service, new DriftPredictorCatalog(store).Add(recorder), sink: sink);
        var readings = DriftTestData.MariaReadings(240, seed: 11);
        DriftTestData.Append(service, State, readings);

        var judged = monitor.CatchUp();

        Assert.Equal(2 * readings.Count, judged);
        Assert.Empty(sink.Events);
        foreach (var telemetry in new[] { "systolic", "diastolic" })
        {
            var z = recorder.Residuals(telemetry);
            var mean = z.Average();
            var sd = Math.Sqrt(z.Sum(v => (v - mean) * (v - mean)) / (z.Length - 1));
            var lag1 = Enumerable.Range(1, z.Length - 1).Sum(i => (z[i] - mean) * (z[i - 1] - mean)) / z.Sum(v => (v - mean) * (v - mean));
            output.WriteLine($"{telemetry}: n {z.Length}, mean {mean:0.000}, sd {sd:0.000}, lag-1 {lag1:0.000}");
            // The CUSUM's false-alarm rate assumes independent standard normal residuals: the twin must give them.
            Assert.InRange(mean, -0.25, 0.25);
            Assert.InRange(sd, 0.85, 1.15);
            // Without the same-day conditioning, morning and evening residuals correlate at about 0.4 here.
            Assert.InRange(lag1, -0.12, 0.12);
            var series = store.Load(State, null, telemetry)!;
            Assert.Equal(DriftState.InFit, series.State);
            Assert.Equal("hypertension", series.Predictor);
            Assert.InRange(series.ShareInside, 0.91, 0.99);
            Assert.True(series.Statistic < series.Threshold);
        }
    }

    [Fact]
    public void Monitor_SystolicUp15FromDay30_DriftDetectedWithinEightDaysWithTheChangePoint()
    {
        using var service = new TwinService(new InMemoryTwinStore());
        DriftTestData.ImportMaria(service);
        var store = new DriftStore(service.Store);
        var sink = new RecordingSink();
        var monitor = new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store), sink: sink);
        var readings = DriftTestData.MariaReadings(50, seed: 23, shiftFromDay: 30, shift: 15);
        DriftTestData.Append(service, State, readings);

        monitor.CatchUp();

        var shiftStart = new DateTimeOffset(FirstNewDay.AddDays(30).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var telemetry in new[] { "systolic", "diastolic" })
        {
            var series = store.Load(State, null, telemetry)!;
            Assert.Equal(DriftState.Drifting, series.State);
            Assert.Equal("above", series.Direction);
            // Page's estimate of the change point: the start of the run that crossed.
            Assert.InRange(series.Since!.Value, shiftStart.AddDays(-2), shiftStart.AddDays(2));
            var delay = readings.Count(r => r.Time >= shiftStart && r.Time <= series.DetectedAt!.Value);
            output.WriteLine($"{telemetry}: since {series.Since:yyyy-MM-dd HH:mm}, detected {series.DetectedAt:yyyy-MM-dd HH:mm} after {delay} shifted readings");
            Assert.InRange(delay, 1, 16);
            var e = Assert.Single(sink.Events, e => e.Telemetry == telemetry);
            Assert.Equal(("detected", DriftState.Drifting, "hypertension"), (e.Reason, e.State, e.Predictor));
            Assert.Equal(series.Since, e.Since);
            Assert.True(e.Statistic > e.Threshold);
            Assert.Single(series.Episodes);
        }
    }

    [Fact]
    public void Covers_StateTwinWithoutAPatient_NotJudged()
    {
        using var service = new TwinService(new InMemoryTwinStore());
        DriftTestData.ImportMaria(service);
        service.Write(g => g.CreateOrReplaceTwin("cuff-ward3-01", System.Text.Json.JsonDocument.Parse(
            """{"$metadata":{"$model":"dtmi:twinlab:health:BloodPressureState;1"}}""").RootElement));
        var store = new DriftStore(service.Store);
        DriftTestData.Append(service, "cuff-ward3-01", DriftTestData.MariaReadings(3, seed: 1));
        DriftTestData.Append(service, State, DriftTestData.MariaReadings(3, seed: 1));

        new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store)).CatchUp();

        Assert.Empty(store.List("cuff-ward3-01"));
        Assert.Equal(2, store.List(State).Count);
    }

    [Fact]
    public void AutoRecalibration_AfterDrift_WaitsForAWeekThenRefitsAndTheTwinFitsAgain()
    {
        using var service = new TwinService(new InMemoryTwinStore());
        var before = DriftTestData.ImportMaria(service);
        var store = new DriftStore(service.Store);
        store.SaveSettings(State, new DriftSettings { AutoRecalibrate = true });
        var sink = new RecordingSink();
        var monitor = new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store), sink: sink);
        var readings = DriftTestData.MariaReadings(110, seed: 31, shiftFromDay: 30, shift: 15);
        var shiftStart = new DateTimeOffset(FirstNewDay.AddDays(30).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // Day by day: drift is found within days, but the re-calibration waits for 7 days of readings since the change.
        var sawWaiting = false;
        foreach (var day in readings.GroupBy(r => r.Day))
        {
            DriftTestData.Append(service, State, day);
            monitor.CatchUp();
            foreach (var drifting in store.List(State).Where(s => s.State == DriftState.Drifting))
            {
                output.WriteLine($"{day.Key}: {drifting.Telemetry} drifting since {drifting.Since:yyyy-MM-dd}; {drifting.RecalibrationPending}");
                Assert.Contains("waiting for home readings on 7 days since the drift was detected", drifting.RecalibrationPending);
                Assert.Null(drifting.LastRecalibration);
                Assert.True(day.Key < DateOnly.FromDateTime(drifting.DetectedAt!.Value.UtcDateTime).AddDays(7));
                sawWaiting = true;
            }
        }
        Assert.True(sawWaiting);

        foreach (var telemetry in new[] { "systolic", "diastolic" })
        {
            var series = store.Load(State, null, telemetry)!;
            output.WriteLine($"{telemetry}: {series.State}, {series.Readings} readings since re-calibration, inside {series.ShareInside:P0}, statistic {series.Statistic:0.0}; {series.LastRecalibration?.Summary}");
            foreach (var ep in series.Episodes) output.WriteLine($"  episode {ep.Direction} since {ep.Since:yyyy-MM-dd} detected {ep.DetectedAt:yyyy-MM-dd} ended {ep.Ended:yyyy-MM-dd} by {ep.EndedBy}");
            foreach (var r in series.Recent.TakeLast(8)) output.WriteLine($"  {r.Time:yyyy-MM-dd HH:mm} {r.Value} {r.Expected:0.0} {r.Z:0.00}");
            Assert.Equal(DriftState.InFit, series.State);
            Assert.NotNull(series.LastRecalibration);
            Assert.True(series.LastRecalibration!.Automatic);
            Assert.Contains("re-calibrated from", series.LastRecalibration.Summary);
            Assert.Equal("re-calibrated", Assert.Single(series.Episodes).EndedBy);
            // In fit again for the seventy days after: no new episode, readings well inside.
            Assert.True(series.Readings > 100, $"{series.Readings} readings judged since the re-calibration");
            Assert.InRange(series.ShareInside, 0.88, 1.0);
        }
        Assert.Contains(sink.Events, e => e.Reason == "re-calibrated" && e.Recalibration is { Automatic: true });

        // Stored where the health verbs find it: the profile has the new readings, and the calibration fits that profile.
        var profile = new HealthTwinStore(service).LoadProfile("maria")!;
        Assert.True(profile.Readings.Count > before.Readings.Count);
        var calibration = HealthCalibrationStore.Load(service, profile, BranchInfo.Main);
        Assert.NotNull(calibration);
        Assert.True(calibration!.FirstDay >= FirstNewDay.AddDays(28));
    }
}
