using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

public sealed class IngestCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Sync(string name) => Path.Combine(_cli.Examples, "sync", name);

    /// <summary>The blood-pressure model and ward 3's four beds.</summary>
    private void LoadWard()
    {
        var source = TwinLab.Health.Models.HealthModels.Sources.Single(s => s.FileName == "Models/BloodPressureState.json");
        Ok(_cli.Run("models", "import", _cli.File("BloodPressureState.json", source.Text)));
        for (var bed = 1; bed <= 4; bed++)
            Ok(_cli.Run("twins", "create", $"bp-ward3-{bed:00}", "--model", "dtmi:twinlab:health:BloodPressureState;1"));
    }

    private static void Ok((int Exit, string Out, string Err) result) => Assert.True(result.Exit == 0, $"exit {result.Exit}: {result.Err}{result.Out}");

    [Fact]
    public void Ingest_Csv_ReportsCountsAndBadRowsWithFileAndLine_AndARerunAppliesNothingTwice()
    {
        LoadWard();

        var first = _cli.Run("ingest", Sync("ward3-bp.csv"), "--map", Sync("ward3-bp.yaml"));
        var again = _cli.Run("ingest", Sync("ward3-bp.csv"), "--map", Sync("ward3-bp.yaml"), "--errors", "1");

        Assert.Equal(1, first.Exit);
        var lines = first.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("ward3-bp.csv: 52 rows: 48 applied, 1 duplicate, 3 dead-lettered", lines[0]);
        Assert.Equal("ward3-bp.csv:11: rule 'bp': telemetry 'systolic': $['SYS(mmHg)'] is 'ERR', not a number", lines[1]);
        Assert.StartsWith("ward3-bp.csv:24: rule 'bp': ", lines[2]);
        Assert.Equal("ward3-bp.csv:32: rule 'bp': telemetry 'diastolic': $['DIA(mmHg)'] is missing in the payload", lines[3]);
        Assert.Contains("twinlab connections deadletters --source ingest:ward3-bp.csv", first.Out);
        Assert.Equal(1, again.Exit);
        Assert.StartsWith("ward3-bp.csv: 52 rows: 0 applied, 49 duplicates, 3 dead-lettered", again.Out);
        Assert.Contains("... and 2 more", again.Out);
        var readings = _cli.Json("telemetry", "read", "bp-ward3-01", "--name", "systolic", "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-27T00:00:00Z");
        Assert.Equal(12, readings.AsArray().Count);
    }

    [Fact]
    public void Ingest_Json_GivesTheCountsPerFile()
    {
        LoadWard();

        var (exit, stdout, _) = _cli.Run("ingest", Sync("ward3-monitors.ndjson"), "--map", Sync("ward3-monitors.yaml"), "--json");

        Assert.Equal(1, exit);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal(48, json["applied"]!.GetValue<long>());
        Assert.Equal(1, json["duplicates"]!.GetValue<long>());
        Assert.Equal(2, json["deadLettered"]!.GetValue<long>());
        var file = json["files"]![0]!;
        Assert.Equal("ingest:ward3-monitors.ndjson", file["source"]!.GetValue<string>());
        Assert.Equal("ward3-monitors.ndjson:18", file["errors"]![0]!["position"]!.GetValue<string>());
        Assert.StartsWith("the payload is not valid JSON", file["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Ingest_CleanFile_ExitsZero()
    {
        LoadWard();
        var csv = _cli.File("clean.csv", "Time,Bed,Monitor,SYS(mmHg),DIA(mmHg),Pulse(bpm),Note\n24/11/2026 06:00,01,UA-1,141,88,70,\n");

        var result = _cli.Run("ingest", csv, "--map", Sync("ward3-bp.yaml"));

        Ok(result);
        Assert.Equal("clean.csv: 1 row: 1 applied, 0 duplicates, 0 dead-lettered", result.Out.Trim());
    }

    [Fact]
    public void Ingest_BadMappingFile_NamesFileLineAndField()
    {
        var map = _cli.File("bad.yaml", "rules:\n  - twin: x\n    telemetry:\n      t: { path: $.t, from: degF, to: bar }\n");
        var csv = _cli.File("x.csv", "t\n1\n");

        var (exit, _, stderr) = _cli.Run("ingest", csv, "--map", map);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {map}:4:", stderr);
        Assert.Contains("rules[0].telemetry.t.to: 'bar' is a pressure unit; it cannot be converted from 'degreeFahrenheit' (temperature)", stderr);
    }

    [Theory]
    [InlineData(new[] { "ingest", "--map", "m.yaml" }, "Give the files to read")]
    [InlineData(new[] { "ingest", "x.csv", "--map", "m.yaml", "--once" }, "--once and --move-done go with --watch FOLDER")]
    [InlineData(new[] { "ingest", "nope.csv", "--map", "m.yaml" }, "nope.csv: no such file")]
    [InlineData(new[] { "ingest", "x.log", "--map", "m.yaml" }, "cannot tell the format from the extension '.log'")]
    public void Ingest_Misuse_IsAUserError(string[] args, string message)
    {
        _cli.File("m.yaml", "rules: [{ twin: x, telemetry: { t: $.t } }]");
        _cli.File("x.csv", "t\n1\n");
        _cli.File("x.log", "t\n1\n");
        var dir = Path.GetDirectoryName(_cli.Db)!;
        var resolved = args.Select(a => a.EndsWith(".yaml") || a.EndsWith(".csv") || a.EndsWith(".log") ? Path.Combine(dir, a) : a).ToArray();

        var (exit, _, stderr) = _cli.Run(resolved);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Watch_Once_ReadsTheFolder_MovesFinishedFiles_AndRemembersWhereItGot()
    {
        LoadWard();
        var inbox = Path.Combine(Path.GetDirectoryName(_cli.Db)!, "inbox");
        Directory.CreateDirectory(inbox);
        File.Copy(Sync("ward3-bp.csv"), Path.Combine(inbox, "2026-11-24.csv"));
        File.WriteAllText(Path.Combine(inbox, "notes.txt"), "not for us");

        var first = _cli.Run("ingest", "--watch", inbox, "--map", Sync("ward3-bp.yaml"), "--once", "--move-done");
        File.Copy(Sync("ward3-bp.csv"), Path.Combine(inbox, "2026-11-24-resent.csv"));
        var second = _cli.Run("ingest", "--watch", inbox, "--map", Sync("ward3-bp.yaml"), "--once", "--json");

        Assert.Equal(1, first.Exit);
        Assert.Contains("  2026-11-24.csv:11: rule 'bp': ", first.Out);
        Assert.Contains("52 rows: 48 applied, 1 duplicate, 3 dead-lettered; 1 file finished", first.Out);
        Assert.True(File.Exists(Path.Combine(inbox, "done", "2026-11-24.csv")));
        Assert.True(File.Exists(Path.Combine(inbox, "notes.txt")));
        var json = JsonNode.Parse(second.Out)!;
        Assert.Equal(0, json["applied"]!.GetValue<long>());
        Assert.Equal(49, json["duplicates"]!.GetValue<long>());
        Assert.True(File.Exists(Path.Combine(inbox, "2026-11-24-resent.csv")));
    }
}
