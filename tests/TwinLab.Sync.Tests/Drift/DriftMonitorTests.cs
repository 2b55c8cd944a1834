using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.Drift;

namespace TwinLab.Sync.Tests.Drift;

/// <summary>The monitor's plumbing: live evaluation, restart, overflow, reset, failing predictors. A tiny model and a
/// user predictor that expects 10 ± 1 keep the statistics simple.</summary>
public sealed class DriftMonitorTests : IDisposable
{
    private const string Model = """
        {"@id":"dtmi:test:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Telemetry","name":"level","schema":"double"},{"@type":"Telemetry","name":"label","schema":"string"}]}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-drift-").FullName;
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private string Db => Path.Combine(_dir, "twin.db");

    private static TwinService Open(string db)
    {
        var service = new TwinService(SqliteTwinStore.Open(db));
        if (!service.Snapshot.Twins.ContainsKey("s1"))
            service.Write(g =>
            {
                g.ImportModels([new DtdlSource(Model)]);
                g.CreateOrReplaceTwin("s1", JsonDocument.Parse("""{"$metadata":{"$model":"dtmi:test:Sensor;1"}}""").RootElement);
            });
        return service;
    }

    private static DriftMonitor Monitor(TwinService service, IDriftEventSink? sink = null, DriftMonitorOptions? options = null, IDriftPredictor? predictor = null) =>
        new(service, new DriftPredictorCatalog(new DriftStore(service.Store)).Add(predictor ?? new TenPlusMinusOne()), options, sink);

    /// <summary>Readings i in [from, to): 10 (in fit) before <paramref name="shiftFrom"/>, 13 from it on; one write each.</summary>
    private static void Levels(TwinService service, int from, int to, int shiftFrom = int.MaxValue)
    {
        for (var i = from; i < to; i++)
        {
            var value = (i >= shiftFrom ? 13 : 10) + (i % 3 - 1) * 0.5;
            service.Write(g => g.AppendTelemetry("s1", null, JsonSerializer.SerializeToElement(new { level = value, label = "x" }), Start.AddMinutes(i)));
        }
    }

    [Fact]
    public async Task Start_LiveWrites_JudgedOnTheLoopAndEventsPublished()
    {
        using var service = Open(Db);
        var sink = new RecordingSink();
        await using var monitor = Monitor(service, sink);
        monitor.Start();

        Levels(service, 0, 30, shiftFrom: 20);
        await monitor.FlushAsync();

        var series = monitor.Store.Load("s1", null, "level")!;
        Assert.Equal((30L, DriftState.Drifting, "above"), (series.Readings, series.State, series.Direction));
        Assert.Equal(Start.AddMinutes(20), series.Since);
        Assert.Null(monitor.Store.Load("s1", null, "label"));
        var e = Assert.Single(sink.Events);
        Assert.Equal(("s1", "level", "detected"), (e.TwinId, e.Telemetry, e.Reason));
        Assert.Equal(service.LastSequence, monitor.Store.Cursor);
    }

    [Fact]
    public async Task Restart_ReadingsWrittenWhileStopped_JudgedOnceFromTheLog()
    {
        using (var service = Open(Db))
        {
            await using var monitor = Monitor(service);
            monitor.Start();
            Levels(service, 0, 10);
            await monitor.FlushAsync();
        }
        using (var service = Open(Db))
            Levels(service, 10, 25, shiftFrom: 20);

        using (var service = Open(Db))
        {
            var sink = new RecordingSink();
            await using var monitor = Monitor(service, sink);
            monitor.Start();
            Levels(service, 25, 27, shiftFrom: 20);
            await monitor.FlushAsync();

            var series = monitor.Store.Load("s1", null, "level")!;
            Assert.Equal(27, series.TotalReadings);
            Assert.Equal(DriftState.Drifting, series.State);
            Assert.Equal(Start.AddMinutes(20), series.Since);
            Assert.Single(sink.Events);
            // Catching up again finds nothing new: nothing is judged twice.
            await monitor.DisposeAsync();
            Assert.Equal(0, Monitor(service).CatchUp());
            Assert.Equal(27, monitor.Store.Load("s1", null, "level")!.TotalReadings);
        }
    }

    [Fact]
    public async Task Start_IntakeOutrunsTheQueue_DroppedWritesReadBackFromTheLog()
    {
        using var service = Open(Db);
        await using var monitor = Monitor(service, options: new DriftMonitorOptions { Capacity = 2, CatchUpPage = 7 });
        monitor.Start();

        Levels(service, 0, 60);
        await monitor.FlushAsync();

        Assert.Equal(60, monitor.Store.Load("s1", null, "level")!.TotalReadings);
    }

    [Fact]
    public async Task ResetAsync_WhileDrifting_EndsTheEpisodeAndStartsAfresh()
    {
        using var service = Open(Db);
        var sink = new RecordingSink();
        await using var monitor = Monitor(service, sink);
        monitor.Start();
        Levels(service, 0, 30, shiftFrom: 20);
        await monitor.FlushAsync();

        var reset = await monitor.ResetAsync("s1");

        var series = Assert.Single(reset);
        Assert.Equal((DriftState.InFit, 0L, 0.0, 30L), (series.State, series.Readings, series.Statistic, series.TotalReadings));
        Assert.Equal("reset", Assert.Single(monitor.Store.Load("s1", null, "level")!.Episodes).EndedBy);
        Assert.Equal(["detected", "reset"], sink.Events.Select(e => e.Reason));
    }

    [Fact]
    public async Task ResetOnLoopAsync_OnlyWhileRunning_StoppedMonitorRefusesAndChangesNothing()
    {
        using var service = Open(Db);
        var sink = new RecordingSink();
        await using var monitor = Monitor(service, sink);
        monitor.Start();
        Levels(service, 0, 30, shiftFrom: 20);
        await monitor.FlushAsync();
        await monitor.StopAsync();

        // A server that lost its lease must not reset beside the holder's monitor: refused, the episode goes on.
        Assert.Null(await monitor.ResetOnLoopAsync("s1"));
        var stored = monitor.Store.Load("s1", null, "level")!;
        Assert.Equal(DriftState.Drifting, stored.State);
        Assert.Null(Assert.Single(stored.Episodes).EndedBy);

        monitor.Start();
        var reset = Assert.Single((await monitor.ResetOnLoopAsync("s1"))!);
        Assert.Equal(DriftState.InFit, reset.State);
        Assert.Equal(["detected", "reset"], sink.Events.Select(e => e.Reason));
    }

    [Fact]
    public void CatchUp_PredictorThrows_ErrorKeptOnTheSeriesAndOthersGoOn()
    {
        using var service = Open(Db);
        var monitor = Monitor(service, predictor: new Failing());
        Levels(service, 0, 5);

        Assert.Equal(0, monitor.CatchUp());

        var series = monitor.Store.Load("s1", null, "level")!;
        Assert.Contains("no calibration stored for s1", series.LastError);
        Assert.Equal(0, series.Readings);
        Assert.Equal(service.LastSequence, monitor.Store.Cursor);
    }

    [Fact]
    public void Uniform_SameReading_SameNumberInTheOpenUnitInterval()
    {
        var a = DriftMonitor.Uniform("q/offered", Start);

        Assert.Equal(a, DriftMonitor.Uniform("q/offered", Start));
        Assert.NotEqual(a, DriftMonitor.Uniform("q/offered", Start.AddMinutes(30)));
        Assert.InRange(a, double.Epsilon, 1 - 1e-16);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private sealed class TenPlusMinusOne : IDriftPredictor
    {
        public string Name => "ten";

        public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) => telemetry == "level";

        public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context) => new NormalForecast(10, 1);
    }

    private sealed class Failing : IDriftPredictor
    {
        public string Name => "failing";

        public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) => telemetry == "level";

        public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context) =>
            throw new InvalidOperationException($"no calibration stored for {reading.TwinId}");
    }
}
