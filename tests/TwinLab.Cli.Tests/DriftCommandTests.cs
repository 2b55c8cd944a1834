using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TwinLab.Health.Synthetic;
using TwinLab.Simulation.Random;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab drift</c> on the example patient Maria: readings arrive, the drift is found and re-calibrated.</summary>
public sealed class DriftCommandTests : IDisposable
{
    private const string State = "patient-maria-bp";

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>The shipped example readings (examples/drift/maria-after.ndjson): Maria's next 60 days of twice-daily home
    /// readings from her true response (seed 31), 15/9 mmHg higher from day 30 — as if she had stopped her medication.</summary>
    public static string ExampleReadings()
    {
        var maria = ExamplePatients.Maria;
        var first = ExamplePatients.LastDay.AddDays(1);
        var sb = new StringBuilder();
        foreach (var r in SyntheticReadings.TwiceDaily(maria.Physiology, maria.Medication, first, 60, maria.MeanPulse, TimeSpan.Zero, RandomStream.FromSeed(31)))
        {
            var up = r.Day.DayNumber - first.DayNumber >= 30 ? 1 : 0;
            sb.Append(CultureInfo.InvariantCulture, $$"""{"$ts":"{{r.Time:yyyy-MM-dd'T'HH:mm:ssK}}","systolic":{{r.Systolic + 15 * up}},"diastolic":{{r.Diastolic + 9 * up}},"pulse":{{r.Pulse}},"setting":"home","source":"omron"}""").Append('\n');
        }
        return sb.ToString();
    }

    private string Example(string name) => Path.Combine(_cli.Examples, "drift", name);

    /// <summary>Set TWINLAB_REGENERATE_EXAMPLES=1 and run this test to rewrite examples/drift/maria-after.ndjson.</summary>
    [Fact]
    public void ExampleReadings_Shipped_AreTheGeneratorsOutput()
    {
        var text = ExampleReadings();
        if (Environment.GetEnvironmentVariable("TWINLAB_REGENERATE_EXAMPLES") == "1")
            File.WriteAllText(Path.Combine(FindSourceExamples(), "drift", "maria-after.ndjson"), text);
        Assert.True(text == File.ReadAllText(Example("maria-after.ndjson")),
            "examples/drift/maria-after.ndjson differs from the generator's output; regenerate with TWINLAB_REGENERATE_EXAMPLES=1");
    }

    private static string FindSourceExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) return Path.Combine(dir.FullName, "examples");
        throw new InvalidOperationException("TwinLab.sln not found above the test binaries");
    }

    [Fact]
    public void Check_ShiftedReadings_DriftFoundRecalibratedAndShownByStatus()
    {
        Assert.Equal(0, _cli.Run("health", "import", Path.Combine(_cli.Examples, "health", "maria-fhir")).Exit);
        Assert.Equal(0, _cli.Run("drift", "auto-recalibrate", State, "on").Exit);
        Assert.Equal(0, _cli.Run("telemetry", "append", State, "--file", Example("maria-after.ndjson")).Exit);

        var before = _cli.Run("drift", "status");
        Assert.Equal(0, before.Exit);
        Assert.Contains("telemetry messages are not judged yet: run 'twinlab drift check'", before.Out);

        var (exit, stdout, stderr) = _cli.Run("drift", "check");

        Assert.True(exit == 0, stderr);
        // 117 readings (60 days twice daily, less the missed ones), systolic and diastolic each.
        Assert.Contains("Judged 234 readings.", stdout);
        Assert.Contains($"drift: {State} diastolic above its predictions since", stdout);
        Assert.Contains($"re-calibrated: {State} systolic in fit again — re-calibrated from", stdout);
        Assert.Contains("hypertension", stdout);

        var status = _cli.Run("drift", "status", State);
        Assert.Equal(0, status.Exit);
        Assert.Contains($"{State}: automatic re-calibration on", status.Out);
        Assert.Contains("systolic (hypertension): in fit", status.Out);
        Assert.Contains("(re-calibrated)", status.Out);
        Assert.DoesNotContain("not judged yet", status.Out);

        var json = _cli.Json("drift", "status");
        var series = json["value"]!.AsArray().Select(s => s!).ToList();
        Assert.Equal(["diastolic", "systolic"], series.Select(s => s["telemetry"]!.GetValue<string>()));
        Assert.All(series, s =>
        {
            Assert.Equal("in-fit", s["state"]!.GetValue<string>());
            Assert.True(s["lastRecalibration"]!["automatic"]!.GetValue<bool>());
            Assert.InRange(s["shareInside"]!.GetValue<double>(), 0.85, 1.0);
        });
        Assert.Equal(0, json["unjudgedMessages"]!.GetValue<int>());
        // The re-calibration is stored where 'health predict' reuses it: it no longer calibrates afresh.
        var predict = _cli.Json("health", "predict", "maria", "--regimen", "amlodipine 5mg + lisinopril 10mg");
        Assert.True(predict["reusedStoredCalibration"]!.GetValue<bool>());
    }

    [Fact]
    public void ExpectationsAndReset_BadFileRefusedWithItsLine_GoodOneStoredAndListed()
    {
        var bad = _cli.File("rooms.yaml", "expectations:\n  - model: dtmi:twinlab:example:Room;1\n    telemetry: temperature\n    mean: 21\n    sd: -1\n");
        var refused = _cli.Run("drift", "expectations", "set", bad);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("rooms.yaml:5:9: expectations[0].sd: -1 must be positive", refused.Err);
        Assert.Equal(1, _cli.Run("drift", "expectations", "set", "no-such.yaml").Exit);

        var set = _cli.Run("drift", "expectations", "set", Example("rooms.yaml"));
        Assert.True(set.Exit == 0, set.Err);
        Assert.Contains("Stored expectations 'rooms' (2: room-temperature, office-co2)", set.Out);
        Assert.Contains("rooms.yaml: 2 expectations", _cli.Run("drift", "expectations", "list").Out);
        Assert.Contains("mean: { property: /thermostat/setpoint }", _cli.Run("drift", "expectations", "show", "rooms").Out);

        Assert.Equal(1, _cli.Run("drift", "reset", "room-101").Exit);
        Assert.Equal(1, _cli.Run("drift", "auto-recalibrate", "room-101", "on").Exit);
        Assert.Equal(1, _cli.Run("drift", "status", "room-101").Exit);
        Assert.Equal(0, _cli.Run("drift", "expectations", "remove", "rooms").Exit);
        Assert.Equal(1, _cli.Run("drift", "expectations", "remove", "rooms").Exit);
    }
}
