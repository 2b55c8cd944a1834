using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Room = "dtmi:twinlab:example:Room;1";

    private void CreateRoom(string id, double setpoint = 21.0)
    {
        var (exit, _, err) = _cli.Run("twins", "create", id, "--model", Room, "--properties",
            $$$"""{"name":"{{{id}}}","usage":"office","capacity":6,"thermostat":{"$metadata":{},"setpoint":{{{setpoint}}}}}""");
        Assert.True(exit == 0, err);
    }

    [Fact]
    public void ModelsImport_SampleBuilding_ListsEveryInterface()
    {
        var imported = _cli.Json("models", "import", Path.Combine(_cli.Examples, "building", "models")).AsArray();
        Assert.Equal(7, imported.Count);
        var listed = _cli.Json("models", "list").AsArray();
        Assert.Contains(listed, m => m!["id"]!.GetValue<string>() == "dtmi:twinlab:example:MeetingRoom;1"
            && m["extends"]!.AsArray().Single()!.GetValue<string>() == Room);
    }

    [Fact]
    public void ModelsShow_DerivedModel_ShowsInheritedContents()
    {
        _cli.LoadBuilding();
        var (exit, stdout, _) = _cli.Run("models", "show", "dtmi:twinlab:example:MeetingRoom;1");
        Assert.Equal(0, exit);
        Assert.Contains("bookable", stdout);
        Assert.Contains("servedBy", stdout);
        Assert.Contains("dtmi:twinlab:example:Space;1", stdout);
    }

    [Fact]
    public void ModelsImport_Twice_FailsWithModelExistsAndKeepsFirst()
    {
        _cli.LoadBuilding();
        var (exit, stdout, stderr) = _cli.Run("models", "import", Path.Combine(_cli.Examples, "building", "models"));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("already", stderr);
        Assert.Equal(7, _cli.Json("models", "list").AsArray().Count);
    }

    [Fact]
    public void ModelsDelete_UsedByTwinOrModel_RefusedUntilUnused()
    {
        _cli.LoadBuilding();
        Assert.Equal(0, _cli.Run("twins", "create", "meet-1", "--model", "dtmi:twinlab:example:MeetingRoom;1", "--properties", """{"thermostat":{"$metadata":{}}}""").Exit);
        var (exit, _, err) = _cli.Run("models", "delete", Room);
        Assert.Equal(1, exit);
        Assert.Contains("dtmi:twinlab:example:MeetingRoom;1", err);

        (exit, _, err) = _cli.Run("models", "delete", "dtmi:twinlab:example:MeetingRoom;1");
        Assert.Equal(1, exit);
        Assert.Contains("meet-1", err);

        Assert.Equal(0, _cli.Run("twins", "delete", "meet-1").Exit);
        Assert.Equal(0, _cli.Run("models", "delete", "dtmi:twinlab:example:MeetingRoom;1").Exit);
        Assert.Equal(6, _cli.Json("models", "list").AsArray().Count);
    }

    [Fact]
    public void TwinsCreateGetPatch_RoundTrip_PersistsAcrossInvocations()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var twin = _cli.Json("twins", "get", "room-a");
        Assert.Equal(Room, twin["$metadata"]!["$model"]!.GetValue<string>());
        var etag = twin["$etag"]!.GetValue<string>();

        var patched = _cli.Json("twins", "patch", "room-a", "--set", "occupancy=4", "--set", "/thermostat/setpoint=22.5", "--if-match", etag);
        Assert.Equal(4, patched["occupancy"]!.GetValue<int>());
        Assert.Equal(22.5, patched["thermostat"]!["setpoint"]!.GetValue<double>());
        Assert.NotEqual(etag, patched["$etag"]!.GetValue<string>());
        Assert.NotNull(patched["$metadata"]!["occupancy"]!["lastUpdateTime"]);
    }

    [Fact]
    public void TwinsPatch_StaleETag_FailsAndChangesNothing()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var before = _cli.Json("twins", "get", "room-a").ToJsonString();
        var (exit, stdout, stderr) = _cli.Run("twins", "patch", "room-a", "--set", "occupancy=4", "--if-match", "W/\"999\"");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains("W/\"999\"", stderr);
        Assert.Equal(before, _cli.Json("twins", "get", "room-a").ToJsonString());
    }

    [Fact]
    public void TwinsPatch_OneBadOperation_AppliesNone()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var patch = _cli.File("patch.json", """[{"op":"add","path":"/occupancy","value":3},{"op":"replace","path":"/usage","value":"garage"}]""");
        var (exit, _, stderr) = _cli.Run("twins", "patch", "room-a", "--patch", "@" + patch);
        Assert.Equal(1, exit);
        Assert.Contains("garage", stderr);
        Assert.Null(_cli.Json("twins", "get", "room-a")["occupancy"]);
    }

    [Fact]
    public void TwinsReplaceAndDelete_WithRelationships_DeleteRefusedUntilRelationshipRemoved()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var body = _cli.File("ahu.json", """{"$metadata":{"$model":"dtmi:twinlab:example:AirHandlingUnit;1"},"status":"running","settings":{"fan":0.4}}""");
        Assert.Equal(0, _cli.Run("twins", "replace", "ahu-1", "--body", "@" + body).Exit);
        Assert.Equal(0, _cli.Run("rels", "add", "room-a", "r1", "--name", "servedBy", "--target", "ahu-1", "--properties", """{"since":"2024-01-31"}""").Exit);

        var (exit, _, err) = _cli.Run("twins", "delete", "ahu-1");
        Assert.Equal(1, exit);
        Assert.Contains("incoming", err);

        var incoming = _cli.Json("rels", "list", "ahu-1", "--incoming").AsArray();
        Assert.Equal("room-a", incoming.Single()!["$sourceId"]!.GetValue<string>());
        Assert.Equal("2024-01-31", _cli.Json("rels", "get", "room-a", "r1")["since"]!.GetValue<string>());

        Assert.Equal(0, _cli.Run("rels", "delete", "room-a", "r1").Exit);
        Assert.Equal(0, _cli.Run("twins", "delete", "ahu-1").Exit);
        Assert.Equal(1, _cli.Run("twins", "get", "ahu-1").Exit);
    }

    [Fact]
    public void RelsAdd_SecondServedBy_ViolatesMaxMultiplicity()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        foreach (var ahu in new[] { "ahu-1", "ahu-2" })
            Assert.Equal(0, _cli.Run("twins", "create", ahu, "--model", "dtmi:twinlab:example:AirHandlingUnit;1").Exit);
        Assert.Equal(0, _cli.Run("rels", "add", "room-a", "s1", "-n", "servedBy", "-t", "ahu-1").Exit);
        var (exit, _, err) = _cli.Run("rels", "add", "room-a", "s2", "-n", "servedBy", "-t", "ahu-2");
        Assert.Equal(1, exit);
        Assert.Contains("at most 1", err);
        Assert.Single(_cli.Json("rels", "list", "room-a").AsArray());
    }

    [Fact]
    public void TwinsList_ByBaseModel_IncludesDerivedTwins()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        Assert.Equal(0, _cli.Run("twins", "create", "meet-1", "--model", "dtmi:twinlab:example:MeetingRoom;1", "--properties",
            """{"bookable":true,"equipment":["display"],"thermostat":{"$metadata":{}}}""").Exit);
        var rooms = _cli.Json("twins", "list", "--model", Room).AsArray();
        Assert.Equal(["meet-1", "room-a"], rooms.Select(t => t!["$dtId"]!.GetValue<string>()));
        var (_, table, _) = _cli.Run("twins", "list");
        Assert.Contains("(2 rows)", table);
    }

    [Fact]
    public void Telemetry_AppendFileAndRead_RawAndDownsampled()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var lines = string.Join('\n', Enumerable.Range(0, 8).Select(i => $$"""{"$ts":"2026-11-24T{{8 + i / 4:00}}:{{i % 4 * 15:00}}:00Z","temperature":{{20 + i}}}"""));
        var file = _cli.File("t.ndjson", lines);
        var appended = _cli.Json("telemetry", "append", "room-a", "--file", file);
        Assert.Equal(8, appended["points"]!.GetValue<int>());

        var raw = _cli.Json("telemetry", "read", "room-a", "--from", "2026-11-24T08:30:00Z", "--to", "2026-11-24T09:15:00Z").AsArray();
        Assert.Equal([22.0, 23.0, 24.0], raw.Select(p => p!["value"]!.GetValue<double>()));

        var buckets = _cli.Json("telemetry", "read", "room-a", "--name", "temperature", "--bucket", "1h").AsArray();
        Assert.Equal(2, buckets.Count);
        Assert.Equal(20.0, buckets[0]!["min"]!.GetValue<double>());
        Assert.Equal(23.0, buckets[0]!["max"]!.GetValue<double>());
        Assert.Equal(21.5, buckets[0]!["mean"]!.GetValue<double>());
        Assert.Equal(25.5, buckets[1]!["mean"]!.GetValue<double>());
    }

    [Fact]
    public void TelemetryAppend_BadLine_NamesFileAndLineAndStoresNothing()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var file = _cli.File("bad.ndjson", "{\"temperature\":20}\n{\"temperature\":\"warm\"}\n");
        var (exit, _, err) = _cli.Run("telemetry", "append", "room-a", "--file", file);
        Assert.Equal(1, exit);
        Assert.Contains("temperature", err);
        Assert.Empty(_cli.Json("telemetry", "read", "room-a").AsArray());

        file = _cli.File("broken.ndjson", "{\"temperature\":20}\n{\"temperature\": 21,\n");
        (exit, _, err) = _cli.Run("telemetry", "append", "room-a", "--file", file);
        Assert.Equal(1, exit);
        Assert.Contains("broken.ndjson:2", err);
    }

    [Fact]
    public void Query_WhereOnComponentProperty_ReturnsMatchingTwins()
    {
        _cli.LoadBuilding();
        CreateRoom("cool", 19.5);
        CreateRoom("warm", 23.5);
        var rows = _cli.Json("query", "SELECT T.$dtId FROM DIGITALTWINS T WHERE T.thermostat.setpoint > 21").AsArray();
        Assert.Equal("warm", rows.Single()!["$dtId"]!.GetValue<string>());
        var count = _cli.Json("query", "SELECT COUNT() FROM DIGITALTWINS");
        Assert.Equal(2, count.AsArray().Single()!["COUNT"]!.GetValue<int>());
    }

    [Fact]
    public void Query_SyntaxError_ExitsOneWithPosition()
    {
        var (exit, stdout, stderr) = _cli.Run("query", "SELECT * FORM DIGITALTWINS");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("position", stderr);
    }

    [Theory]
    [InlineData("twins", "get", "nope")]
    [InlineData("twins", "create", "x", "--model", "dtmi:nope:Nothing;1")]
    [InlineData("twins", "create", "x", "--model", Room, "--properties", "{not json")]
    [InlineData("twins", "patch", "x", "--set", "a=1")]
    [InlineData("rels", "get", "a", "b")]
    [InlineData("models", "show", "dtmi:nope:Nothing;1")]
    [InlineData("models", "import", "/no/such/folder")]
    [InlineData("telemetry", "read", "x", "--bucket", "5q")]
    public void UserErrors_ExitOneWithOneLineOnStderr(params string[] args)
    {
        _cli.LoadBuilding();
        var (exit, stdout, stderr) = _cli.Run(args);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public void PropertiesOption_InvalidJson_NamesLineAndPosition()
    {
        _cli.LoadBuilding();
        var (_, _, stderr) = _cli.Run("twins", "create", "x", "--model", Room, "--properties", "{\"name\": 12,}x");
        Assert.Contains("--properties", stderr);
        Assert.Contains("line 1", stderr);
    }

    [Theory]
    [InlineData("models", "--if-match")]
    [InlineData("twins", "--set")]
    [InlineData("rels", "--incoming")]
    [InlineData("telemetry", "--bucket")]
    public void Help_ListsEveryOption(string verb, string option)
    {
        var sub = verb switch { "models" => "import", "twins" => "patch", "rels" => "list", _ => "read" };
        var (exit, stdout, _) = _cli.Run(verb, sub, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--db", stdout);
        Assert.Contains("--json", stdout);
        if (verb != "models") Assert.Contains(option, stdout);
    }
}
