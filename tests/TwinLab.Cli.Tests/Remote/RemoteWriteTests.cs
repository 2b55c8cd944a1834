namespace TwinLab.Cli.Tests.Remote;

/// <summary>
/// Writes through <c>--server</c> print what the same writes print on a database file holding the same data: the same
/// twins and ETags, the same sequence numbers, the same refusals.
/// </summary>
public sealed class RemoteWriteTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _localDb;
    private readonly RemoteServer _server;

    public RemoteWriteTests()
    {
        var dir = Path.GetDirectoryName(_cli.Db)!;
        _localDb = Path.Combine(dir, "local.db");
        Directory.CreateDirectory(Path.Combine(dir, "served"));
        _server = new RemoteServer(Path.Combine(dir, "served", "served.db"));
    }

    public void Dispose()
    {
        _server.Dispose();
        _cli.Dispose();
    }

    [Fact]
    public void Writes_OverTheServer_PrintWhatTheyPrintOnAnEqualDatabaseFile()
    {
        var models = Path.Combine(_cli.Examples, "building", "models");
        var readings = _cli.File("readings.ndjson", """
            {"$ts": "2026-11-24T09:00:00Z", "temperature": 21.5, "co2": 480}
            {"$ts": "2026-11-24T09:15:00Z", "temperature": 21.9}

            {"$ts": "2026-11-24T09:30:00Z", "temperature": 22.4, "co2": 515}
            """);
        string[][] steps =
        [
            ["models", "import", models],
            ["!", "models", "import", models],
            ["twins", "create", "hq", "--model", "dtmi:twinlab:example:Building;1", "-p", "{\"name\": \"Headquarters\", \"yearBuilt\": 1998}"],
            ["twins", "create", "floor-1", "--model", "dtmi:twinlab:example:Floor;1"],
            ["twins", "create", "room-1", "--model", "dtmi:twinlab:example:Room;1", "-p", "{\"name\": \"Office 1\", \"thermostat\": {\"$metadata\": {}}}"],
            ["!", "twins", "create", "room-1", "--model", "dtmi:twinlab:example:Room;1"],
            ["rels", "add", "hq", "hq-floor-1", "-n", "hasFloor", "-t", "floor-1"],
            ["rels", "add", "floor-1", "floor-1-room-1", "-n", "hasRoom", "-t", "room-1", "--json"],
            ["!", "rels", "add", "hq", "bad", "-n", "noSuchRelationship", "-t", "floor-1"],
            ["twins", "patch", "hq", "--set", "name=HQ"],
            ["twins", "patch", "hq", "--set", "yearBuilt=2001", "--if-match", "W/\"7\""],
            ["!", "twins", "patch", "hq", "--set", "yearBuilt=2002", "--if-match", "W/\"3\""],
            ["!", "twins", "patch", "hq", "--set", "noSuchProperty=1"],
            ["twins", "replace", "floor-1", "--body", "{\"$metadata\": {\"$model\": \"dtmi:twinlab:example:Floor;1\"}, \"name\": \"First floor\"}"],
            ["telemetry", "append", "room-1", "--data", "{\"temperature\": 20.5, \"co2\": 450}", "--time", "2026-11-24T08:45:00Z"],
            ["telemetry", "append", "room-1", "--file", readings, "--json"],
            ["!", "telemetry", "append", "room-1", "--data", "{\"noSuchTelemetry\": 1}"],
            ["branch", "create", "retrofit"],
            ["twins", "patch", "room-1", "--set", "name=Meeting 1", "--branch", "retrofit"],
            ["telemetry", "append", "room-1", "--data", "{\"temperature\": 19.0}", "--time", "2026-11-24T10:00:00Z", "--branch", "retrofit"],
            ["branch", "merge", "retrofit"],
            ["branch", "merge", "retrofit", "--json"],
            ["branch", "create", "scratch", "--at", "5"],
            ["branch", "discard", "scratch", "--json"],
            ["!", "branch", "discard", "main"],
            ["rels", "delete", "hq", "hq-floor-1", "--json"],
            ["!", "twins", "delete", "floor-1"],
            ["rels", "delete", "floor-1", "floor-1-room-1"],
            ["twins", "delete", "floor-1", "--json"],
            ["models", "delete", "dtmi:twinlab:example:MeetingRoom;1"],
            ["!", "models", "delete", "dtmi:twinlab:example:Room;1"],
            ["twins", "list"],
            ["rels", "list", "hq"],
            ["telemetry", "read", "room-1"],
            ["branch", "diff", "retrofit"],
        ];
        foreach (var line in steps)
        {
            // "!" marks a step both must refuse.
            var refused = line[0] == "!";
            var step = refused ? line[1..] : line;
            var local = RemoteServer.Cli(["--db", _localDb, .. step]);
            var remote = _server.Remote(step);
            var what = string.Join(' ', step);
            Assert.True(local.Exit == remote.Exit, $"{what}: exit {local.Exit} locally ({local.Err.Trim()}), {remote.Exit} remotely ({remote.Err.Trim()})");
            Assert.True(local.Exit == (refused ? 1 : 0), $"{what}: exit {local.Exit}: {local.Err}");
            Assert.Equal(local.Out, remote.Out);
            if (remote.Exit == 1)
            {
                Assert.StartsWith("error: ", remote.Err);
                Assert.Single(remote.Err.TrimEnd().Split('\n'));
            }
        }
        // The server recorded the writes under the key's name.
        Assert.Contains("api:key:remote-cli", _server.Local("history", "--limit", "3").Out);
    }

    private static void Ok((int Exit, string Out, string Err) result) => Assert.True(result.Exit == 0, $"exit {result.Exit}: {result.Err}");

    [Fact]
    public void WriteOptions_TheServerCannotHonour_AreRefused()
    {
        var actor = _server.Remote("models", "import", Path.Combine(_cli.Examples, "building", "models"), "--actor", "alice");
        Assert.Equal(1, actor.Exit);
        Assert.Contains("--actor cannot be used with --server", actor.Err);
        var key = _server.Remote("models", "import", Path.Combine(_cli.Examples, "building", "models"), "--idempotency-key", "k1");
        Assert.Equal(1, key.Exit);
        Assert.Contains("--idempotency-key works with --server only for 'telemetry append'", key.Err);
        Ok(_server.Remote("models", "import", Path.Combine(_cli.Examples, "building", "models")));
        Ok(_server.Remote("twins", "create", "r", "--model", "dtmi:twinlab:example:Room;1", "-p", "{\"thermostat\": {\"$metadata\": {}}}"));

        // With --idempotency-key, telemetry sent twice is appended once.
        var first = _server.Remote("telemetry", "append", "r", "--data", "{\"temperature\": 20}", "--time", "2026-11-24T09:00:00Z", "--idempotency-key", "batch-7");
        Assert.True(first.Exit == 0, first.Err);
        var again = _server.Remote("telemetry", "append", "r", "--data", "{\"temperature\": 20}", "--time", "2026-11-24T09:00:00Z", "--idempotency-key", "batch-7");
        Assert.True(again.Exit == 0, again.Err);
        Assert.StartsWith("Already applied: idempotency key 'batch-7'", again.Out);
        Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(_server.Remote("telemetry", "read", "r", "--json").Out)!.AsArray());
    }
}
