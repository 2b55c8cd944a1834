using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Audit;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab audit</c> and <c>audit verify</c>, and the CLI's own records of the verbs that change, export or run.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Room = """{"thermostat":{"$metadata":{}}}""";

    private static string Me => CliAudit.Actor();

    private void Ok(params string[] args)
    {
        var (exit, _, err) = _cli.Run(args);
        Assert.True(exit == 0, $"{string.Join(' ', args)}: exit {exit}: {err}");
    }

    private void Tamper(string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _cli.Db, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; " + sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Writes_AreRecordedAsTheLocalUser_ReadsAreNot()
    {
        _cli.LoadBuilding();
        Ok("twins", "create", "lab-1", "--model", "dtmi:twinlab:example:Room;1", "--properties", """{"name":"Lab 1","thermostat":{"$metadata":{}}}""");
        Ok("twins", "patch", "lab-1", "--set", "name=Secret Lab", "--branch", "main");
        Ok("twins", "get", "lab-1");
        Ok("query", "SELECT * FROM digitaltwins");
        var (exit, _, _) = _cli.Run("twins", "delete", "no-such-twin");
        Assert.Equal(1, exit);

        var records = _cli.Json("audit").AsArray().Select(r => r!.AsObject()).Reverse().ToList();
        Assert.Equal(["models import", "twins create", "twins patch", "twins delete"],
            records.Select(r => string.Join(' ', ((string)r["detail"]!).Split(' ').Skip(1).Take(2))));
        Assert.All(records, r =>
        {
            Assert.Equal(Me, (string)r["actor"]!);
            Assert.Equal("local", (string)r["address"]!);
            Assert.Equal(AuditAuthKinds.Cli, (string)r["auth"]!);
            Assert.Equal(AuditActions.Write, (string)r["action"]!);
        });
        Assert.Equal(["exit 0", "exit 0", "exit 0", "exit 1"], records.Select(r => (string)r["outcome"]!));
        Assert.Equal("twin:lab-1", (string)records[2]["resource"]!);
        // Option values may be personal data or secrets: only their names are kept, except the branch.
        Assert.Equal("twinlab twins patch lab-1 --set --branch main", (string)records[2]["detail"]!);
        Assert.DoesNotContain(records, r => ((string)r["detail"]!).Contains("Secret Lab"));
    }

    [Fact]
    public void Filters_SelectRecords_NewestFirst()
    {
        _cli.LoadBuilding();
        for (var i = 0; i < 5; i++)
            Ok("twins", "create", $"room-{i}", "--model", "dtmi:twinlab:example:Room;1", "--properties", Room);
        Assert.Equal(["twin:room-4", "twin:room-3"], _cli.Json("audit", "--resource", "twin:room-", "--limit", "2").AsArray().Select(r => (string)r!["resource"]!));
        Assert.Single(_cli.Json("audit", "--resource", "twin:room-2").AsArray());
        Assert.Equal(6, _cli.Json("audit", "--actor", Me, "--action", "write").AsArray().Count);
        Assert.Empty(_cli.Json("audit", "--actor", "api:key:nobody").AsArray());
        Assert.Empty(_cli.Json("audit", "--since", "2999-01-01T00:00:00Z").AsArray());
        Assert.Equal(6, _cli.Json("audit", "--until", "2999-01-01T00:00:00Z").AsArray().Count);
        var (exit, _, err) = _cli.Run("audit", "--action", "delete");
        Assert.Equal(1, exit);
        Assert.Contains("read, write, export, run, admin, denied", err);
        var table = _cli.Run("audit", "--limit", "1").Out;
        Assert.Contains("twin:room-4", table);
        Assert.Contains(Me, table);
    }

    [Fact]
    public void Verify_PrintsTheHead_AndNamesTheFirstEditedRecord()
    {
        _cli.LoadBuilding();
        for (var i = 0; i < 4; i++)
            Ok("twins", "create", $"room-{i}", "--model", "dtmi:twinlab:example:Room;1", "--properties", Room);
        var (exit, stdout, _) = _cli.Run("audit", "verify");
        Assert.Equal(0, exit);
        Assert.Contains("intact: 5 records", stdout);
        var head = _cli.Json("audit", "verify");
        Assert.True((bool)head["intact"]!);
        var anchor = $"{(long)head["headSequence"]!}:{(string)head["headHash"]!}";
        Assert.Equal(0, _cli.Run("audit", "verify", "--anchor", anchor).Exit);

        Tamper("UPDATE audit SET actor = 'someone-else' WHERE seq = 3;");
        (exit, _, var err) = _cli.Run("audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("broken at record 3", err);
        var json = JsonNode.Parse(_cli.Run("audit", "verify", "--json").Out)!;
        Assert.False((bool)json["intact"]!);
        Assert.Equal(3, (long)json["firstBadSequence"]!);
    }

    [Fact]
    public void Verify_WithAnAnchor_FindsRecordsDeletedFromTheEnd()
    {
        _cli.LoadBuilding();
        Ok("twins", "create", "room-1", "--model", "dtmi:twinlab:example:Room;1", "--properties", Room);
        var head = _cli.Json("audit", "verify");
        var anchor = $"{(long)head["headSequence"]!}:{(string)head["headHash"]!}";
        Tamper("DELETE FROM audit WHERE seq = 2;");
        Assert.Equal(0, _cli.Run("audit", "verify").Exit);
        var (exit, _, err) = _cli.Run("audit", "verify", "--anchor", anchor);
        Assert.Equal(1, exit);
        Assert.Contains("deleted from its end", err);
        Assert.Contains("SEQUENCE:HASH", _cli.Run("audit", "verify", "--anchor", "2:abc").Err);
    }

    [Fact]
    public void ConcurrentCliVerbs_KeepOneChain()
    {
        _cli.LoadBuilding();
        // Each verb opens its own connections, as separate processes do; a transaction holding the write lock chains each record.
        var threads = Enumerable.Range(0, 4).Select(w => new Thread(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                var (exit, _, err) = _cli.Run("export", "--out", Path.Combine(Path.GetDirectoryName(_cli.Db)!, $"export-{w}-{i}.json"));
                Assert.True(exit == 0, err);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var head = _cli.Json("audit", "verify");
        Assert.True((bool)head["intact"]!, (string?)head["problem"]);
        Assert.Equal(21, (long)head["records"]!);
        Assert.Equal(20, _cli.Json("audit", "--action", "export").AsArray().Count);
    }

    [Theory]
    [InlineData("twins patch", "", AuditActions.Write)]
    [InlineData("twins get", "", null)]
    [InlineData("run", "--out", AuditActions.Run)]
    [InlineData("results show", "--out", AuditActions.Export)]
    [InlineData("results show", "", null)]
    [InlineData("health recommend", "--report", AuditActions.Export)]
    [InlineData("export", "--deidentify", AuditActions.Export)]
    [InlineData("apikeys create", "", AuditActions.Admin)]
    [InlineData("apikeys list", "", null)]
    [InlineData("connections add", "", AuditActions.Admin)]
    [InlineData("branch merge", "", AuditActions.Write)]
    [InlineData("contact simulate", "", AuditActions.Run)]
    [InlineData("demo", "", AuditActions.Write)]
    [InlineData("audit verify", "", null)]
    public void ActionOf_ClassifiesVerbs(string verb, string option, string? expected) =>
        Assert.Equal(expected, CliAudit.ActionOf(verb.Split(' '), option.Length == 0 ? new HashSet<string>() : new HashSet<string> { option }));
}
