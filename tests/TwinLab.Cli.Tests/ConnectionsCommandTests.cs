using System.Globalization;
using System.Text;
using TwinLab.Core.Application;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.Connections;

namespace TwinLab.Cli.Tests;

public sealed class ConnectionsCommandTests : IDisposable
{
    private const string Mapping = """
        rules:
          - name: reading
            twin: $.device
            key: "{$.device}/{$.seq}"
            telemetry:
              temperature: $.t
              seq: $.seq
        """;

    private const string SensorModel = """
        {"@id":"dtmi:test:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[
          {"@type":"Telemetry","name":"temperature","schema":"double"},{"@type":"Telemetry","name":"seq","schema":"long"}]}
        """;

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string MapFile(string text = Mapping) => _cli.File("readings.yaml", text);

    private static void AssertUserError((int Exit, string Out, string Err) result, params string[] mentions)
    {
        Assert.True(result.Exit == 1, $"exit {result.Exit}: {result.Err}");
        Assert.StartsWith("error: ", result.Err);
        foreach (var m in mentions) Assert.Contains(m, result.Err);
    }

    private void Ok((int Exit, string Out, string Err) result) => Assert.True(result.Exit == 0, $"exit {result.Exit}: {result.Err}{result.Out}");

    [Fact]
    public void Add_List_Show_Pause_Resume_Remove()
    {
        var map = MapFile();
        var added = _cli.Run("connections", "add", "plant", "--type", "mqtt", "--broker", "mqtt://127.0.0.1:1883", "--topic", "plant/+/telemetry",
            "--topic", "site/#", "--map", map, "--password-env", "PLANT_PW");
        Ok(added);
        Assert.Contains("Added mqtt connection 'plant': mqtt://127.0.0.1:1883 plant/+/telemetry, site/# (client id twinlab-plant, QoS 1)", added.Out);
        Ok(_cli.Run("connections", "add", "lab", "--type", "http", "--map", map, "--paused"));
        var inbox = Path.Combine(Path.GetDirectoryName(_cli.Db)!, "inbox");
        Ok(_cli.Run("connections", "add", "drop", "--type", "folder", "--path", inbox, "--glob", "*.csv", "--map", map));

        var list = _cli.Run("connections", "list");
        Ok(list);
        var lines = list.Out.Split('\n');
        Assert.StartsWith("id     type    state", lines[0]);
        Assert.Contains("last error", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("plant  mqtt    not running"));
        Assert.Contains(lines, l => l.StartsWith("lab    http    paused"));
        Assert.Contains("(3 rows)", list.Out);

        var json = _cli.Json("connections", "list").AsArray();
        Assert.Equal(["drop", "lab", "plant"], json.Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(inbox, json[0]!["folder"]!["path"]!.GetValue<string>());
        Assert.Equal("PLANT_PW", json[2]!["mqtt"]!["passwordEnv"]!.GetValue<string>());
        Assert.Null(json[2]!["mapping"]);

        var show = _cli.Run("connections", "show", "plant");
        Ok(show);
        Assert.Contains("password:     from $PLANT_PW (read by the server)", show.Out);
        Assert.Contains("      seq: $.seq", show.Out);
        Assert.Equal(Mapping, _cli.Json("connections", "show", "plant")["mapping"]!.GetValue<string>());

        Ok(_cli.Run("connections", "pause", "plant"));
        Assert.True(_cli.Json("connections", "show", "plant")["paused"]!.GetValue<bool>());
        Ok(_cli.Run("connections", "resume", "plant"));
        Assert.Equal("not running", _cli.Json("connections", "show", "plant")["state"]!.GetValue<string>());

        var removed = _cli.Run("connections", "remove", "plant");
        Ok(removed);
        Assert.Contains("Removed connection 'plant'", removed.Out);
        AssertUserError(_cli.Run("connections", "show", "plant"), "Connection 'plant' not found");
        AssertUserError(_cli.Run("connections", "remove", "plant"), "not found");
    }

    [Fact]
    public void Add_Refusals_NameTheProblem_AndStoreNothing()
    {
        var map = MapFile();
        Ok(_cli.Run("connections", "add", "lab", "--type", "http", "--map", map));
        AssertUserError(_cli.Run("connections", "add", "lab", "--type", "http", "--map", map), "'lab' already exists");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "mqtt", "--topic", "a/#", "--map", map), "--broker is required");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "mqtt", "--broker", "mqtt://h", "--map", map), "--topic is required");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "http", "--broker", "mqtt://h", "--map", map), "--broker is only for --type mqtt");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "mqtt", "--broker", "mqtt://u:secret@h", "--topic", "a", "--map", map), "mqtt.broker", "password");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "mqtt", "--broker", "mqtt://h", "--topic", "a/#/b", "--map", map), "mqtt.topics[0]");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "http", "--map", Path.Combine(Path.GetDirectoryName(_cli.Db)!, "missing.yaml")), "--map", "missing.yaml");
        var bad = _cli.File("bad.yaml", "rules:\n  - twin: $.device\n    telemetry:\n      t: { frm: $.t }\n");
        AssertUserError(_cli.Run("connections", "add", "p", "--type", "http", "--map", bad), "bad.yaml:4:", "frm");
        var parse = _cli.Run("connections", "add", "p", "--type", "ftp", "--map", map);
        Assert.NotEqual(0, parse.Exit);
        Assert.Equal(["lab"], _cli.Json("connections", "list").AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_ShowsTheRunningServersStatus_AndReplayIsHandedToTheServer()
    {
        Ok(_cli.Run("connections", "add", "lab", "--type", "http", "--map", MapFile()));
        using var service = new TwinService(SqliteTwinStore.Open(_cli.Db));
        service.Write(g => g.ImportModels([new TwinLab.Core.Models.DtdlSource(SensorModel, "sensor.json")]));
        await using var manager = new ConnectionManager(service, new ConnectionManagerOptions { PollInterval = TimeSpan.FromMilliseconds(100), Host = "test server" });
        await manager.StartAsync();
        var reading = Encoding.UTF8.GetBytes("""{"device":"sensor-1","seq":4,"t":21.5}""");
        await manager.SubmitAsync("lab", [reading], null, CancellationToken.None);
        await manager.RefreshAsync();

        var list = _cli.Run("connections", "list");
        Ok(list);
        var row = list.Out.Split('\n').Single(l => l.StartsWith("lab "));
        Assert.Contains("running", row);
        Assert.Contains("sensor-1", row); // the last error: no such twin
        var shown = _cli.Json("connections", "show", "lab");
        Assert.Equal(1, shown["status"]!["deadLettered"]!.GetValue<long>());
        Assert.Equal(1, shown["deadLetters"]!.GetValue<int>());

        var letters = _cli.Json("connections", "deadletters", "--source", "lab").AsArray();
        var id = Assert.Single(letters)!["id"]!.GetValue<string>();
        var detail = _cli.Run("connections", "deadletters", "show", id);
        Ok(detail);
        Assert.Contains("""{"device":"sensor-1","seq":4,"t":21.5}""", detail.Out);

        var failed = _cli.Run("connections", "deadletters", "replay", id);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("failed again, kept", failed.Out);

        service.Write(g =>
        {
            using var body = System.Text.Json.JsonDocument.Parse("""{"$metadata":{"$model":"dtmi:test:Sensor;1"}}""");
            g.CreateOrReplaceTwin("sensor-1", body.RootElement);
        });
        var replayed = _cli.Run("connections", "deadletters", "replay", id);
        Ok(replayed);
        Assert.Contains($"Replayed {id}: applied", replayed.Out);
        Assert.Single(service.ReadTelemetry("sensor-1", "seq", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Empty(_cli.Json("connections", "deadletters").AsArray());
    }

    [Fact]
    public async Task DeadLetters_WithoutAServer_AreReplayedAndDeletedByTheCli()
    {
        Ok(_cli.Run("connections", "add", "lab", "--type", "http", "--map", MapFile()));
        using (var service = new TwinService(SqliteTwinStore.Open(_cli.Db)))
        {
            service.Write(g => g.ImportModels([new TwinLab.Core.Models.DtdlSource(SensorModel, "sensor.json")]));
            await using var manager = new ConnectionManager(service);
            await manager.StartAsync();
            byte[][] lines = [.. Enumerable.Range(0, 3).Select(i => Encoding.UTF8.GetBytes(
                string.Create(CultureInfo.InvariantCulture, $$"""{"device":"sensor-{{i}}","seq":{{i}},"t":20}""")))];
            await manager.SubmitAsync("lab", [.. lines.Select(l => (ReadOnlyMemory<byte>)l)], null, CancellationToken.None);
        }
        var list = _cli.Run("connections", "deadletters");
        Ok(list);
        Assert.Contains("(3 rows)", list.Out);
        var ids = _cli.Json("connections", "deadletters").AsArray().Select(l => l!["id"]!.GetValue<string>()).ToList();

        Ok(_cli.Run("twins", "create", "sensor-0", "--model", "dtmi:test:Sensor;1"));
        var (exit, stdout, _) = _cli.Run("connections", "deadletters", "replay", ids[0], ids[1], ids[2], "--json");
        Assert.Equal(1, exit); // two of them failed again
        var replayed = System.Text.Json.Nodes.JsonNode.Parse(stdout)!.AsArray();
        Assert.Single(replayed, r => r!["status"]!.GetValue<string>() == "Applied");
        Assert.Equal(2, replayed.Count(r => r!["status"]!.GetValue<string>() == "DeadLettered"));
        Assert.Equal(2, _cli.Json("connections", "deadletters").AsArray().Count);

        var rest = _cli.Json("connections", "deadletters").AsArray().Select(l => l!["id"]!.GetValue<string>()).ToArray();
        Ok(_cli.Run(["connections", "deadletters", "delete", .. rest]));
        Assert.Empty(_cli.Json("connections", "deadletters").AsArray());
        AssertUserError(_cli.Run("connections", "deadletters", "delete", rest[0]), "not found");

        // A removed connection's letters stay and say why they cannot be replayed.
        using (var service = new TwinService(SqliteTwinStore.Open(_cli.Db)))
        {
            await using var manager = new ConnectionManager(service);
            await manager.StartAsync();
            await manager.SubmitAsync("lab", [Encoding.UTF8.GetBytes("""{"device":"ghost","seq":1,"t":1}""")], null, CancellationToken.None);
        }
        Ok(_cli.Run("connections", "remove", "lab"));
        var ghost = Assert.Single(_cli.Json("connections", "deadletters", "--source", "lab").AsArray())!["id"]!.GetValue<string>();
        AssertUserError(_cli.Run("connections", "deadletters", "replay", ghost), "not a connection");
    }
}
