using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Random;
using TwinLab.Sync.Drift;
using TwinLab.Sync.Drift.Expectations;

namespace TwinLab.Sync.Tests.Drift;

/// <summary>Expectations declared in YAML (no code), and a user's own predictor in code.</summary>
public sealed class ExpectationDriftTests
{
    private const string Yaml = """
        expectations:
          - name: room-temperature
            model: dtmi:twinlab:example:Room;1
            telemetry: temperature
            mean: { property: /thermostat/setpoint }
            sd: 0.5
            falseAlarmEvery: 10000     # hourly readings: about one false alarm a year
          - name: room-co2
            twins: ['room-1*']
            telemetry: co2
            mean: [450,450,450,450,450,450,450,500,650,800,850,850,800,800,850,850,750,600,500,450,450,450,450,450]
            range: [-150, 150]
            utcOffset: "+01:00"
        """;

    private static TwinService Building()
    {
        var service = new TwinService(new InMemoryTwinStore());
        var models = Directory.GetFiles(Path.Combine(DriftTestData.Examples, "building", "models"), "*.json")
            .Select(f => new DtdlSource(File.ReadAllText(f), Path.GetFileName(f)));
        service.Write(g =>
        {
            g.ImportModels(models);
            foreach (var id in new[] { "room-101", "room-201" })
                g.CreateOrReplaceTwin(id, JsonDocument.Parse("""
                    {"$metadata":{"$model":"dtmi:twinlab:example:Room;1"},"thermostat":{"$metadata":{},"setpoint":21.5}}
                    """).RootElement);
        });
        return service;
    }

    private static void Temperatures(TwinService service, string twin, DateTimeOffset from, int hours, ulong seed, double around, double sd)
    {
        var random = RandomStream.FromSeed(seed);
        for (var h = 0; h < hours; h++)
        {
            var value = Math.Round(around + sd * random.NextGaussian(), 2);
            service.Write(g => g.AppendTelemetry(twin, null, JsonSerializer.SerializeToElement(new { temperature = value }), from.AddHours(h)));
        }
    }

    [Fact]
    public void Monitor_TemperatureAroundTheSetpoint_InFitUntilTheRoomRunsWarm()
    {
        using var service = Building();
        var store = new DriftStore(service.Store);
        new ExpectationStore(store).Save(ExpectationsFile.Parse(Yaml, "rooms", "rooms.yaml"));
        var sink = new RecordingSink();
        var monitor = new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store), sink: sink);
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        Temperatures(service, "room-101", start, 24 * 14, seed: 3, around: 21.5, sd: 0.5);
        monitor.CatchUp();
        var fit = store.Load("room-101", null, "temperature")!;
        Assert.Equal((DriftState.InFit, "expectations", 24L * 14), (fit.State, fit.Predictor, fit.Readings));
        Assert.InRange(fit.ShareInside, 0.92, 0.98);
        Assert.Contains("room-temperature", fit.Basis);

        // A sticking valve: the room runs a degree warm.
        Temperatures(service, "room-101", start.AddDays(14), 24, seed: 4, around: 22.5, sd: 0.5);
        monitor.CatchUp();
        var drift = store.Load("room-101", null, "temperature")!;
        Assert.Equal(DriftState.Drifting, drift.State);
        Assert.InRange(drift.DetectedAt!.Value, start.AddDays(14), start.AddDays(14).AddHours(10));
        Assert.Single(sink.Events);
        // Another room with no readings has no series; a telemetry nobody declared is not judged.
        Assert.Null(store.Load("room-201", null, "temperature"));
    }

    [Fact]
    public void Monitor_SetpointRaised_ExpectationFollowsTheProperty()
    {
        using var service = Building();
        var store = new DriftStore(service.Store);
        new ExpectationStore(store).Save(ExpectationsFile.Parse(Yaml, "rooms", "rooms.yaml"));
        var monitor = new DriftMonitor(service, DriftPredictorCatalog.CreateDefault(store));
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        service.Write(g => g.UpdateTwin("room-101", JsonPatchDocument.Parse("""[{"op":"replace","path":"/thermostat/setpoint","value":23}]""")));

        Temperatures(service, "room-101", start, 48, seed: 8, around: 23, sd: 0.5);
        monitor.CatchUp();

        var series = store.Load("room-101", null, "temperature")!;
        Assert.Equal(DriftState.InFit, series.State);
        Assert.Equal(23, series.Last!.Expected);
    }

    [Fact]
    public void Monitor_UserPredictorInCode_JudgesItsTwinsAndRaisesDrift()
    {
        using var service = Building();
        var store = new DriftStore(service.Store);
        var sink = new RecordingSink();
        var catalog = DriftPredictorCatalog.CreateDefault(store).Add(new WarmUpPredictor());
        var monitor = new DriftMonitor(service, catalog, sink: sink);
        var start = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
        var random = RandomStream.FromSeed(12);
        for (var m = 0; m < 180; m += 5)
        {
            // The room warms as the user's model says for two hours, then the heating fails at 07:00.
            var expected = WarmUpPredictor.Expected(m);
            var value = (m < 60 ? expected : 16 + 0.01 * m) + 0.3 * random.NextGaussian();
            service.Write(g => g.AppendTelemetry("room-201", null, JsonSerializer.SerializeToElement(new { temperature = value }), start.AddMinutes(m)));
        }

        monitor.CatchUp();

        var series = store.Load("room-201", null, "temperature")!;
        Assert.Equal(("warm-up", DriftState.Drifting, "below"), (series.Predictor, series.State, series.Direction));
        Assert.InRange(series.DetectedAt!.Value, start.AddMinutes(60), start.AddMinutes(90));
        Assert.Equal("warm-up", Assert.Single(sink.Events).Predictor);
        Assert.Throws<ArgumentException>(() => catalog.Add(new WarmUpPredictor()));
    }

    /// <summary>A user's simulator as a predictor: room-201 warms from 16 °C towards 22 °C with a 40-minute time constant from 06:00.</summary>
    private sealed class WarmUpPredictor : IDriftPredictor
    {
        public string Name => "warm-up";

        public static double Expected(double minutes) => 22 - 6 * Math.Exp(-minutes / 40);

        public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) =>
            twin.Id == "room-201" && component is null && telemetry == "temperature";

        public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context) =>
            new NormalForecast(Expected(reading.Time.TimeOfDay.TotalMinutes - 360), 0.3);
    }

    [Fact]
    public void Parse_BadFiles_NameFileLineAndField()
    {
        (string Text, string Expected)[] cases =
        [
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 1\n    sd: 1\n    colour: red\n", "rooms.yaml:6:5: expectations[0].colour: unknown key"),
            ("expectations:\n  - twins: [a]\n    mean: 1\n    sd: 1\n", "rooms.yaml:2:5: expectations[0].telemetry: is missing"),
            ("expectations:\n  - telemetry: t\n    mean: 1\n    sd: 1\n", "expectations[0]: give 'model:' or 'twins:'"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: [1, 2, 3]\n    sd: 1\n", "rooms.yaml:4:11: expectations[0].mean: a profile needs 24 values"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 1\n    range: [5, 2]\n", "expectations[0].range: high must be above low"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 1\n", "expectations[0].sd: is missing"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 1\n    sd: x\n", "rooms.yaml:5:9: expectations[0].sd: 'x' is not a number"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 2\n    distribution: poisson\n    sd: 1\n", "leave out sd and range"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 2\n    distribution: negative-binomial\n", "expectations[0].dispersion: is missing"),
            ("expectations:\n  - telemetry: t\n    twins: [a]\n    mean: 2\n    sd: 1\n    utcOffset: Paris\n", "is not a UTC offset"),
            ("expectations: [\n", "rooms.yaml:2:1: not valid YAML"),
            ("rules: []\n", "rooms.yaml:1:1: rules: unknown key"),
        ];
        foreach (var (text, expected) in cases)
        {
            var e = Assert.Throws<DriftFileException>(() => ExpectationsFile.Parse(text, "rooms", "rooms.yaml"));
            Assert.Contains(expected, e.Message);
        }
    }

    [Fact]
    public void Parse_Example_ReadsEveryField()
    {
        var file = ExpectationsFile.Parse(Yaml, "rooms", "rooms.yaml");

        Assert.Equal(2, file.Expectations.Count);
        var co2 = file.Expectations[1];
        Assert.Equal(("room-co2", "co2", TimeSpan.FromHours(1)), (co2.Name, co2.Telemetry, co2.UtcOffset));
        Assert.Equal(150 / 1.959964, co2.Sd, 4);
        Assert.True(co2.MatchesId("room-101") && !co2.MatchesId("room-201"));
        Assert.IsType<PropertyMean>(file.Expectations[0].Mean);
    }
}
