namespace TwinLab.Cli.Tests.Remote;

/// <summary>The building example served over HTTPS, with a branch that differs from main.</summary>
public sealed class BuildingServerFixture : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-remote-").FullName;

    public BuildingServerFixture()
    {
        var db = Path.Combine(_dir, "building.db");
        using var harness = new CliHarness();
        RemoteServer.LoadBuilding(db, harness.Examples);
        Examples = harness.Examples;
        foreach (var args in new[]
        {
            new[] { "branch", "create", "what-if" },
            ["twins", "patch", "room-001", "--set", "name=\"Boardroom\"", "--branch", "what-if"],
            ["telemetry", "append", "room-001", "--data", "{\"temperature\": 19.5}", "--time", "2026-11-25T08:00:00Z", "--branch", "what-if"],
        })
        {
            var (exit, _, err) = RemoteServer.Cli(["--db", db, .. args]);
            Assert.True(exit == 0, $"{string.Join(' ', args)}: {err}");
        }
        Server = new RemoteServer(db);
    }

    public RemoteServer Server { get; }

    public string Examples { get; }

    public void Dispose()
    {
        Server.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Reads through <c>--server</c> print exactly what the same verb prints on the database file the server serves: text
/// and <c>--json</c>, on main and on a branch, now and as of an earlier point.
/// </summary>
public sealed class RemoteReadTests(BuildingServerFixture fixture) : IClassFixture<BuildingServerFixture>
{
    private RemoteServer Server => fixture.Server;

    public static TheoryData<string> Reads => new()
    {
        "models list",
        "models list --json",
        "models show dtmi:twinlab:example:MeetingRoom;1",
        "models show dtmi:twinlab:example:Room;1 --json",
        "twins list",
        "twins list --json",
        "twins list --model dtmi:twinlab:example:Room;1",
        "twins get room-001 --json",
        "twins get room-001 --branch what-if",
        "twins get room-001 --as-of ROOM_CREATED",
        "twins list --as-of ROOM_CREATED --json",
        "rels list floor-0",
        "rels list room-001 --incoming --json",
        "rels get floor-0 floor-0-has-room-001",
        "query SELECT_ROOMS",
        "query SELECT_ROOMS --json --branch what-if",
        "telemetry read room-001 --name temperature --from 2026-11-24T06:00:00Z --to 2026-11-24T08:00:00Z",
        "telemetry read room-001 --json --to 2026-11-24T01:00:00Z",
        "telemetry read room-001 --bucket 6h",
        "telemetry read room-001 --bucket 1d --json --branch what-if",
        "history",
        "history --json --twin room-001",
        "history --all-branches --since 3 --limit 5",
        "history --branch what-if --json",
        "history --as-of 2",
        "branch list",
        "branch diff what-if",
        "branch diff what-if --json",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public void Read_OverTheServer_PrintsWhatTheDatabaseFilePrints(string verb)
    {
        var args = verb.Split(' ').Select(a => a switch
        {
            "SELECT_ROOMS" => "SELECT T.$dtId, T.name FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:example:Room;1')",
            // The point in history where room-001 was created: the state before the rest of the building was loaded.
            "ROOM_CREATED" => System.Text.Json.Nodes.JsonNode.Parse(Server.Local("history", "--twin", "room-001", "--limit", "1", "--json").Out)![0]!["sequence"]!.ToString(),
            _ => a,
        }).ToArray();
        var local = Server.Local(args);
        var remote = Server.Remote(args);
        Assert.True(local.Exit == 0, $"local: {local.Err}");
        Assert.True(remote.Exit == 0, $"remote: {remote.Err}");
        Assert.False(string.IsNullOrWhiteSpace(local.Out));
        Assert.Equal(local.Out, remote.Out);
    }

    [Fact]
    public void ReadErrors_OverTheServer_AreOneLineWithExitOne()
    {
        var missing = Server.Remote("twins", "get", "no-such-twin");
        Assert.Equal(1, missing.Exit);
        Assert.Equal("error: Twin 'no-such-twin' not found.", missing.Err.Trim());
        var branch = Server.Remote("twins", "list", "--branch", "nope");
        Assert.Equal(1, branch.Exit);
        Assert.Contains("Branch 'nope' not found", branch.Err);
        var query = Server.Remote("query", "SELECT FROM");
        Assert.Equal(1, query.Exit);
        Assert.StartsWith("error: ", query.Err);
        Assert.Empty(query.Out);
    }

    [Fact]
    public void LocalOnlyVerbs_WithServer_SayTheyWorkOnADatabaseFile()
    {
        foreach (var (verb, arguments) in new[] { ("serve", ""), ("demo", ""), ("apikeys create", "x"), ("apikeys list", ""), ("connections show", "x"), ("endpoints list", "") })
        {
            var (exit, stdout, stderr) = Server.Remote([.. verb.Split(' '), .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
            Assert.True(exit == 1, $"{verb}: exit {exit}");
            Assert.Equal($"error: '{verb}' works on a local database only (--db FILE); it cannot be used with --server ({Server.Url}).", stderr.Trim());
            Assert.Empty(stdout);
        }
    }

    [Fact]
    public void ResultsOfARemoteRun_ShowAsOnTheDatabaseFile()
    {
        var scenario = Path.Combine(Server.Directory, "mmc.yaml");
        File.WriteAllText(scenario, """
            name: M/M/2 remote
            simulator: mmc
            horizon: 0
            seed: 11
            replications: 8
            parameters: { arrival_rate: 1.6, service_rate: 1.0, servers: 2, customers: 2000, warmup: 200 }
            """);
        var outDir = Path.Combine(Server.Directory, "out");
        var run = Server.Remote("run", scenario, "--out", outDir);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("M/M/2 remote — montecarlo with simulator 'mmc'", run.Out);
        Assert.Contains("progress: 8/8 replications (100 %)", run.Err);
        Assert.True(File.Exists(Path.Combine(outDir, "results.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        var id = run.Out.Split('\n')[1].Split(' ')[1].TrimEnd(':');

        Assert.Equal(Server.Local("results", "list").Out, Server.Remote("results", "list").Out);
        Assert.Equal(Server.Local("results", "show", id).Out, Server.Remote("results", "show", id).Out);
        Assert.Equal(Server.Local("results", "show", id, "--json").Out, Server.Remote("results", "show", id, "--json").Out);

        var bad = Path.Combine(Server.Directory, "bad.yaml");
        File.WriteAllText(bad, "name: x\nsimulator: mcc\nhorizon: 0\n");
        var refused = Server.Remote("run", bad);
        Assert.Equal(1, refused.Exit);
        Assert.Contains(bad + ":2:", refused.Err);
        Assert.Contains("no simulator 'mcc'", refused.Err);
    }
}
