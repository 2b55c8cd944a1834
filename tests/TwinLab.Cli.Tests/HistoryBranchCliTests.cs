using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary>History, time travel (--as-of), idempotent writes and branches through the <c>twinlab</c> command.</summary>
public sealed class HistoryBranchCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Room = "dtmi:twinlab:example:Room;1";

    private void Ok(params string[] args)
    {
        var (exit, _, err) = _cli.Run(args);
        Assert.True(exit == 0, $"twinlab {string.Join(' ', args)}: exit {exit}: {err}");
    }

    private void CreateRoom(string id, double setpoint = 21.0) =>
        Ok("twins", "create", id, "--model", Room, "--properties",
            $$$"""{"name":"{{{id}}}","usage":"office","capacity":6,"thermostat":{"$metadata":{},"setpoint":{{{setpoint}}}}}""");

    private JsonNode? Property(string twin, string property, params string[] options) =>
        _cli.Json(["twins", "get", twin, .. options])[property];

    private JsonArray History(params string[] options) => _cli.Json(["history", .. options]).AsArray();

    private static long Seq(JsonNode? e) => e!["sequence"]!.GetValue<long>();

    private static void AssertUserError((int Exit, string Out, string Err) result, string mentions)
    {
        Assert.Equal(1, result.Exit);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error: ", result.Err);
        Assert.Single(result.Err.TrimEnd().Split('\n'));
        Assert.Contains(mentions, result.Err);
    }

    [Fact]
    public void Branch_WritesOnEitherSide_NeverShowOnTheOther()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        Ok("branch", "create", "exp");

        Ok("--branch", "exp", "twins", "patch", "room-a", "--set", "occupancy=4");
        Assert.Equal(4, Property("room-a", "occupancy", "--branch", "exp")!.GetValue<int>());
        Assert.Null(Property("room-a", "occupancy"));

        Ok("twins", "patch", "room-a", "--set", "occupancy=7", "--set", "name=Main only");
        Assert.Equal(7, Property("room-a", "occupancy")!.GetValue<int>());
        Assert.Equal(4, Property("room-a", "occupancy", "--branch", "exp")!.GetValue<int>());
        Assert.Equal("room-a", Property("room-a", "name", "--branch", "exp")!.GetValue<string>());

        // Every verb honours --branch: twins created, relationships added, queries run on the branch stay there.
        Ok("--branch", "exp", "twins", "create", "ahu-x", "--model", "dtmi:twinlab:example:AirHandlingUnit;1");
        Ok("--branch", "exp", "rels", "add", "room-a", "s1", "-n", "servedBy", "-t", "ahu-x");
        Assert.Single(_cli.Json("rels", "list", "room-a", "--branch", "exp").AsArray());
        Assert.Empty(_cli.Json("rels", "list", "room-a").AsArray());
        Assert.Equal(1, _cli.Run("twins", "get", "ahu-x").Exit);
        Assert.Equal(["ahu-x", "room-a"], _cli.Json("twins", "list", "--branch", "exp").AsArray().Select(t => t!["$dtId"]!.GetValue<string>()));
        var count = _cli.Json("query", "SELECT COUNT() FROM DIGITALTWINS", "--branch", "exp").AsArray().Single()!["COUNT"]!.GetValue<int>();
        Assert.Equal(2, count);
        Assert.Equal(1, _cli.Json("query", "SELECT COUNT() FROM DIGITALTWINS").AsArray().Single()!["COUNT"]!.GetValue<int>());
    }

    [Fact]
    public void Branch_PersistsAcrossInvocations()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var created = _cli.Json("branch", "create", "what-if");
        Assert.Equal("main", created["parent"]!.GetValue<string>());
        var fork = created["forkSequence"]!.GetValue<long>();

        // Each Run opens a new TwinService on the same file.
        var listed = _cli.Json("branch", "list").AsArray();
        Assert.Equal(["main", "what-if"], listed.Select(b => b!["name"]!.GetValue<string>()));
        Assert.Equal(fork, listed[1]!["forkSequence"]!.GetValue<long>());
        Assert.Null(listed[0]!["parent"]);

        Ok("--branch", "what-if", "twins", "patch", "room-a", "--set", "occupancy=3");
        Ok("--branch", "what-if", "twins", "patch", "room-a", "--set", "/thermostat/setpoint=19");
        var twin = _cli.Json("twins", "get", "room-a", "--branch", "what-if");
        Assert.Equal(3, twin["occupancy"]!.GetValue<int>());
        Assert.Equal(19, twin["thermostat"]!["setpoint"]!.GetValue<double>());

        var (_, table, _) = _cli.Run("branch", "list");
        Assert.Contains("what-if", table);
        Assert.Contains("(2 rows)", table);
    }

    [Fact]
    public void BranchCreate_AtEarlierSequence_StartsFromThatState()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a", 20);
        var before = Seq(History().Last());
        Ok("twins", "patch", "room-a", "--set", "/thermostat/setpoint=25");
        CreateRoom("room-b");

        var created = _cli.Json("branch", "create", "past", "--at", before.ToString());
        Assert.Equal(before, created["forkSequence"]!.GetValue<long>());
        Assert.Equal(20, Property("room-a", "thermostat", "--branch", "past")!["setpoint"]!.GetValue<double>());
        Assert.Equal(1, _cli.Run("twins", "get", "room-b", "--branch", "past").Exit);
        Assert.Equal(25, Property("room-a", "thermostat")!["setpoint"]!.GetValue<double>());
    }

    [Fact]
    public void AsOf_BySequenceAndByTime_ReadsTheEarlierState()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a", 20);
        Ok("twins", "patch", "room-a", "--set", "/thermostat/setpoint=22");
        CreateRoom("room-b");
        var events = History("--twin", "room-a");
        Assert.Equal(2, events.Count);
        var createdAt = Seq(events[0]);
        var patchedAt = Seq(events[1]);

        Assert.Equal(20, Property("room-a", "thermostat", "--as-of", createdAt.ToString())!["setpoint"]!.GetValue<double>());
        Assert.Equal(22, Property("room-a", "thermostat", "--as-of", patchedAt.ToString())!["setpoint"]!.GetValue<double>());
        Assert.Equal(22, Property("room-a", "thermostat")!["setpoint"]!.GetValue<double>());

        // A time means the last sequence number committed at or before it.
        var createdTime = events[0]!["time"]!.GetValue<string>();
        var patchedTime = events[1]!["time"]!.GetValue<string>();
        Assert.Equal(20, Property("room-a", "thermostat", "--as-of", createdTime)!["setpoint"]!.GetValue<double>());
        Assert.Equal(22, Property("room-a", "thermostat", "--as-of", patchedTime)!["setpoint"]!.GetValue<double>());

        // Every read verb takes it.
        Assert.Single(_cli.Json("twins", "list", "--as-of", patchedTime).AsArray());
        Assert.Equal(2, _cli.Json("twins", "list").AsArray().Count);
        var rows = _cli.Json("query", "SELECT T.$dtId FROM DIGITALTWINS T WHERE T.thermostat.setpoint > 21", "--as-of", createdAt.ToString()).AsArray();
        Assert.Empty(rows);
        Assert.Empty(_cli.Json("models", "list", "--as-of", "0").AsArray());
        Assert.Equal(7, _cli.Json("models", "list", "--as-of", createdAt.ToString()).AsArray().Count);
        Assert.Equal(1, _cli.Run("models", "show", Room, "--as-of", "0").Exit);
        Assert.Equal(1, _cli.Run("twins", "get", "room-a", "--as-of", "1").Exit);
        Assert.Equal(1, _cli.Run("twins", "get", "room-a", "--as-of", "2000-01-01T00:00:00Z").Exit);
    }

    [Fact]
    public void AsOf_RelationshipsAndTelemetry()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        Ok("twins", "create", "ahu-1", "--model", "dtmi:twinlab:example:AirHandlingUnit;1");
        var added = Seq(History().Last()) + 1;
        Ok("rels", "add", "room-a", "s1", "-n", "servedBy", "-t", "ahu-1");
        Ok("rels", "delete", "room-a", "s1");
        Assert.Empty(_cli.Json("rels", "list", "room-a").AsArray());
        Assert.Single(_cli.Json("rels", "list", "room-a", "--as-of", added.ToString()).AsArray());
        Assert.Equal("ahu-1", _cli.Json("rels", "get", "room-a", "s1", "--as-of", added.ToString())["$targetId"]!.GetValue<string>());

        var first = _cli.Json("telemetry", "append", "room-a", "--data", """{"temperature":20}""", "--time", "2026-11-24T08:00:00Z");
        var firstSeq = first["sequence"]!["first"]!.GetValue<long>();
        Assert.Equal(firstSeq, first["sequence"]!["last"]!.GetValue<long>());
        var second = _cli.Json("telemetry", "append", "room-a", "--data", """{"temperature":21}""", "--time", "2026-11-24T09:00:00Z");
        Assert.Equal(firstSeq + 1, second["sequence"]!["first"]!.GetValue<long>());
        Assert.Equal(2, _cli.Json("telemetry", "read", "room-a").AsArray().Count);
        var then = _cli.Json("telemetry", "read", "room-a", "--as-of", firstSeq.ToString()).AsArray();
        Assert.Equal(20, then.Single()!["value"]!.GetValue<double>());
    }

    [Fact]
    public void History_FiltersByTwinBranchSinceAndLimit()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        CreateRoom("room-b");
        Ok("twins", "patch", "room-a", "--set", "occupancy=2", "--actor", "alice");
        Ok("branch", "create", "exp");
        Ok("--branch", "exp", "twins", "patch", "room-b", "--set", "occupancy=5");

        var all = History();
        Assert.Equal(4, all.Count); // models, room-a, room-b, patch: main only by default
        Assert.All(all, e => Assert.Equal("main", e!["branch"]!.GetValue<string>()));
        Assert.Equal("ModelsImported", all[0]!["type"]!.GetValue<string>());
        Assert.Equal(all.Select(Seq).Order(), all.Select(Seq));

        var roomA = History("--twin", "room-a");
        Assert.Equal(2, roomA.Count);
        Assert.All(roomA, e => Assert.Equal("room-a", e!["twin"]!.GetValue<string>()));
        Assert.Equal("alice", roomA[1]!["actor"]!.GetValue<string>());
        Assert.Equal("cli", roomA[0]!["actor"]!.GetValue<string>());
        Assert.Contains("room-a", roomA[1]!["description"]!.GetValue<string>());

        Assert.Equal(5, History("--all-branches").Count);
        var onExp = History("--branch", "exp");
        Assert.Equal("exp", onExp.Single()!["branch"]!.GetValue<string>());

        Assert.Equal(2, History("--limit", "2").Count);
        var since = History("--since", Seq(all[2]).ToString());
        Assert.Equal([Seq(all[2]), Seq(all[3])], since.Select(Seq));
        Assert.Equal(4, History("--since", all[0]!["time"]!.GetValue<string>()).Count);
        Assert.Equal(2, History("--as-of", Seq(all[1]).ToString()).Count);

        var (exit, table, _) = _cli.Run("history", "--twin", "room-a");
        Assert.Equal(0, exit);
        Assert.Contains("sequence", table);
        Assert.Contains("alice", table);
        Assert.Contains("(2 rows)", table);

        AssertUserError(_cli.Run("history", "--branch", "exp", "--all-branches"), "--all-branches");
    }

    [Fact]
    public void IdempotencyKey_SecondWrite_AcknowledgedNotApplied()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var first = _cli.Json("twins", "patch", "room-a", "--set", "occupancy=3", "--idempotency-key", "msg-42", "--actor", "ingest");
        Assert.Equal(3, first["occupancy"]!.GetValue<int>());

        var again = _cli.Json("twins", "patch", "room-a", "--set", "occupancy=9", "--idempotency-key", "msg-42", "--actor", "ingest");
        Assert.True(again["duplicate"]!.GetValue<bool>());
        var keyed = History().Where(e => e!["idempotencyKey"]?.GetValue<string>() == "msg-42").ToArray();
        var applied = Assert.Single(keyed);
        Assert.Equal(Seq(applied), again["firstSequence"]!.GetValue<long>());
        Assert.Equal(Seq(applied), again["lastSequence"]!.GetValue<long>());
        Assert.Equal("ingest", applied!["actor"]!.GetValue<string>());
        Assert.Equal(3, Property("room-a", "occupancy")!.GetValue<int>());

        var (exit, text, _) = _cli.Run("telemetry", "append", "room-a", "--data", """{"temperature":20}""", "--idempotency-key", "msg-42");
        Assert.Equal(0, exit);
        Assert.Contains("already applied", text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_cli.Json("telemetry", "read", "room-a").AsArray());
        Assert.Equal(keyed.Length, History().Count(e => e!["idempotencyKey"]?.GetValue<string>() == "msg-42"));
    }

    [Fact]
    public void Writes_JsonCarriesSequenceNumbers()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var last = Seq(History().Last());
        var deleted = _cli.Json("twins", "delete", "room-a");
        Assert.Equal("room-a", deleted["deleted"]!.GetValue<string>());
        Assert.Equal(last + 1, deleted["sequence"]!["first"]!.GetValue<long>());
        Assert.Equal(last + 1, deleted["sequence"]!["last"]!.GetValue<long>());
        Assert.Equal("TwinDeleted", History().Last()!["type"]!.GetValue<string>());
    }

    [Fact]
    public void BranchDiff_NamesChangedPropertyWithBothValues()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a", 21);
        CreateRoom("room-b");
        Ok("branch", "create", "exp");
        Ok("--branch", "exp", "twins", "patch", "room-a", "--set", "/thermostat/setpoint=23.5", "--set", "occupancy=4");
        Ok("--branch", "exp", "twins", "create", "room-c", "--model", Room, "--properties", """{"thermostat":{"$metadata":{}}}""");
        Ok("--branch", "exp", "telemetry", "append", "room-b", "--data", """{"temperature":20,"co2":500}""");

        var diff = _cli.Json("branch", "diff", "exp");
        Assert.Equal("exp", diff["branch"]!.GetValue<string>());
        Assert.Equal("main", diff["parent"]!.GetValue<string>());
        var twins = diff["twins"]!.AsArray();
        var roomA = twins.Single(t => t!["twin"]!.GetValue<string>() == "room-a")!;
        Assert.Equal("changed", roomA["kind"]!.GetValue<string>());
        var setpoint = roomA["properties"]!.AsArray().Single(p => p!["path"]!.GetValue<string>() == "thermostat/setpoint")!;
        Assert.Equal(23.5, setpoint["branch"]!.GetValue<double>());
        Assert.Equal(21, setpoint["parent"]!.GetValue<double>());
        var occupancy = roomA["properties"]!.AsArray().Single(p => p!["path"]!.GetValue<string>() == "occupancy")!;
        Assert.Equal(4, occupancy["branch"]!.GetValue<int>());
        Assert.Null(occupancy["parent"]);
        Assert.Equal("onlyInBranch", twins.Single(t => t!["twin"]!.GetValue<string>() == "room-c")!["kind"]!.GetValue<string>());
        Assert.DoesNotContain(twins, t => t!["twin"]!.GetValue<string>() == "room-b");
        Assert.Empty(diff["relationships"]!.AsArray());
        var telemetry = diff["telemetry"]!.AsArray();
        Assert.Equal(2, telemetry.Count);
        Assert.All(telemetry, t => Assert.Equal(1, t!["branchPoints"]!.GetValue<int>()));
        Assert.Empty(_cli.Json("telemetry", "read", "room-b").AsArray());

        var (exit, text, _) = _cli.Run("branch", "diff", "exp");
        Assert.Equal(0, exit);
        Assert.Contains("thermostat/setpoint", text);
        Assert.Contains("23.5", text);
        Assert.Contains("21", text);
        Assert.Contains("room-c", text);
        Assert.Contains("co2", text);
    }

    [Fact]
    public void BranchMerge_AppliesBranchChangesToMain()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a", 21);
        Ok("branch", "create", "exp");
        Ok("--branch", "exp", "twins", "patch", "room-a", "--set", "/thermostat/setpoint=23");
        Ok("--branch", "exp", "twins", "create", "room-c", "--model", Room, "--properties", """{"thermostat":{"$metadata":{}}}""");
        Ok("twins", "patch", "room-a", "--set", "occupancy=2"); // a different property: no conflict

        var merged = _cli.Json("branch", "merge", "exp");
        Assert.Equal("main", merged["parent"]!.GetValue<string>());
        Assert.Equal(2, merged["twins"]!.GetValue<int>());
        var twin = _cli.Json("twins", "get", "room-a");
        Assert.Equal(23, twin["thermostat"]!["setpoint"]!.GetValue<double>());
        Assert.Equal(2, twin["occupancy"]!.GetValue<int>());
        Assert.Equal(0, _cli.Run("twins", "get", "room-c").Exit);
        var mergeEvents = History().Where(e => Seq(e) >= merged["sequence"]!["first"]!.GetValue<long>()).ToArray();
        Assert.Equal(2, mergeEvents.Length);
        Assert.All(mergeEvents, e => Assert.Equal("merge:exp", e!["actor"]!.GetValue<string>()));
    }

    [Fact]
    public void BranchMerge_Twice_SecondMergeComparesWithTheFirstAndDoesNotConflict()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a", 20);
        Ok("branch", "create", "tuning");
        Ok("--branch", "tuning", "twins", "patch", "room-a", "--set", "/thermostat/setpoint=19");
        Ok("branch", "merge", "tuning");
        // Main moves on elsewhere; the branch changes the same property again.
        Ok("twins", "patch", "room-a", "--set", "occupancy=3");
        Ok("--branch", "tuning", "twins", "patch", "room-a", "--set", "/thermostat/setpoint=18.5");

        Ok("branch", "merge", "tuning");

        var twin = _cli.Json("twins", "get", "room-a");
        Assert.Equal(18.5, twin["thermostat"]!["setpoint"]!.GetValue<double>());
        Assert.Equal(3, twin["occupancy"]!.GetValue<int>());
    }

    [Fact]
    public void BranchMerge_Conflict_ExitsOneNamingThePropertyAndChangesNothing()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a", 21);
        Ok("branch", "create", "exp");
        Ok("--branch", "exp", "twins", "patch", "room-a", "--set", "/thermostat/setpoint=23");
        Ok("twins", "patch", "room-a", "--set", "/thermostat/setpoint=19");
        var before = _cli.Json("twins", "get", "room-a").ToJsonString();
        var events = History().Count;

        var result = _cli.Run("branch", "merge", "exp", "--json");
        AssertUserError(result, "thermostat/setpoint");
        Assert.Contains("conflict", result.Err);
        Assert.Contains("23", result.Err);
        Assert.Contains("19", result.Err);
        Assert.Equal(before, _cli.Json("twins", "get", "room-a").ToJsonString());
        Assert.Equal(events, History().Count);
    }

    [Fact]
    public void BranchDiscard_RemovesBranchAndItsWrites()
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        Ok("branch", "create", "tmp");
        Ok("--branch", "tmp", "twins", "patch", "room-a", "--set", "occupancy=1");
        Assert.Equal("tmp", _cli.Json("branch", "discard", "tmp")["discarded"]!.GetValue<string>());
        Assert.Equal(["main"], _cli.Json("branch", "list").AsArray().Select(b => b!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(History("--all-branches"), e => e!["branch"]!.GetValue<string>() == "tmp");
        AssertUserError(_cli.Run("twins", "get", "room-a", "--branch", "tmp"), "Branch 'tmp' not found");
        AssertUserError(_cli.Run("branch", "discard", "main"), "main");
        // The name is free again.
        Ok("branch", "create", "tmp");
        Assert.Null(Property("room-a", "occupancy", "--branch", "tmp"));
    }

    [Theory]
    [InlineData("twins", "patch", "room-a", "--set", "occupancy=1")]
    [InlineData("twins", "create", "room-z", "--model", Room)]
    [InlineData("twins", "delete", "room-a")]
    [InlineData("rels", "delete", "room-a", "r1")]
    [InlineData("telemetry", "append", "room-a", "--data", """{"temperature":20}""")]
    [InlineData("models", "delete", "dtmi:twinlab:example:MeetingRoom;1")]
    [InlineData("branch", "create", "b2")]
    [InlineData("branch", "merge", "b1")]
    [InlineData("branch", "discard", "b1")]
    public void AsOf_OnWriteVerb_ExitsOneAndChangesNothing(params string[] args)
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        Ok("branch", "create", "b1");
        var events = History("--all-branches").Count;
        AssertUserError(_cli.Run([.. args, "--as-of", "1"]), "--as-of");
        Assert.Equal(events, History("--all-branches").Count);
        Assert.Equal(2, _cli.Json("branch", "list").AsArray().Count);
        Assert.Null(Property("room-a", "occupancy"));
    }

    [Theory]
    [InlineData("twins", "get", "room-a")]
    [InlineData("twins", "list")]
    [InlineData("twins", "patch", "room-a", "--set", "occupancy=1")]
    [InlineData("rels", "list", "room-a")]
    [InlineData("telemetry", "read", "room-a")]
    [InlineData("query", "SELECT * FROM DIGITALTWINS")]
    [InlineData("models", "list")]
    [InlineData("history")]
    [InlineData("branch", "diff", "nope")]
    [InlineData("branch", "merge", "nope")]
    [InlineData("branch", "discard", "nope")]
    [InlineData("branch", "create", "x", "--from", "nope")]
    public void UnknownBranch_ExitsOneNamingIt(params string[] args)
    {
        _cli.LoadBuilding();
        CreateRoom("room-a");
        var onBranch = args[0] == "branch" ? args : ["--branch", "nope", .. args];
        AssertUserError(_cli.Run(onBranch), "Branch 'nope' not found");
    }

    [Theory]
    [InlineData("2026-13-45")]
    [InlineData("99999")]
    [InlineData("soon")]
    public void AsOf_Invalid_ExitsOne(string asOf)
    {
        _cli.LoadBuilding();
        AssertUserError(_cli.Run("models", "list", "--as-of", asOf), "--as-of");
    }

    [Theory]
    [InlineData("bad name!")]
    [InlineData("main")]
    public void BranchCreate_BadName_ExitsOne(string name)
    {
        AssertUserError(_cli.Run("branch", "create", name), name);
    }

    [Theory]
    [InlineData(new[] { "history" }, new[] { "--twin", "--since", "--limit", "--all-branches", "--branch", "--as-of" })]
    [InlineData(new[] { "branch" }, new[] { "create", "list", "diff", "discard", "merge" })]
    [InlineData(new[] { "branch", "create" }, new[] { "--from", "--at", "--json" })]
    [InlineData(new[] { "branch", "merge" }, new[] { "--actor", "--idempotency-key", "--json" })]
    [InlineData(new[] { "twins", "patch" }, new[] { "--branch", "--actor", "--idempotency-key" })]
    [InlineData(new[] { "twins", "get" }, new[] { "--branch", "--as-of" })]
    public void Help_ListsOptions(string[] verb, string[] expected)
    {
        var (exit, stdout, _) = _cli.Run([.. verb, "--help"]);
        Assert.Equal(0, exit);
        foreach (var option in expected) Assert.Contains(option, stdout);
    }
}
