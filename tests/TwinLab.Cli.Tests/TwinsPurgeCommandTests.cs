using System.Text;
using Microsoft.Data.Sqlite;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab twins purge</c> on the example patient Maria (FHIR import, home readings, drift, calibration, a
/// branch), beside the example patient Aisha who must come through untouched.</summary>
public sealed class TwinsPurgeCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Maria's twin id, surname, birth date and a value only her branch holds: each long enough not to turn up in
    /// the file by chance ("4.91" alone once did, in an audit record's timestamp "…:54.91…").</summary>
    private static readonly string[] Traces = ["patient-maria", "Lopez", "1968-04-17", "4.9173"];

    private void Ok(params string[] args)
    {
        var (exit, _, err) = _cli.Run(args);
        Assert.True(exit == 0, $"twinlab {string.Join(' ', args)}: exit {exit}: {err}");
    }

    [Fact]
    public void Purge_Patient_LeavesNoTraceInReadsHistoryBranchesDocumentsOrBytes()
    {
        Ok("health", "import", Path.Combine(_cli.Examples, "health", "maria-fhir"));
        Ok("health", "import", Path.Combine(_cli.Examples, "health", "aisha.yaml"));
        Ok("drift", "auto-recalibrate", "patient-maria-bp", "on");
        Ok("telemetry", "append", "patient-maria-bp", "--file", Path.Combine(_cli.Examples, "drift", "maria-after.ndjson"));
        Ok("drift", "check");
        Ok("health", "calibrate", "maria");
        Ok("branch", "create", "plan");
        Ok("twins", "patch", "patient-maria", "--set", "potassium=4.9173", "--branch", "plan");
        Ok("twins", "patch", "patient-aisha", "--set", "potassium=4.4", "--branch", "plan");
        var aishaBefore = _cli.Json("twins", "get", "patient-aisha").ToJsonString();
        var before = Backup("before.db");
        Assert.All(Traces, t => Assert.True(Contains(before, t), $"the backup before the purge should hold '{t}'"));

        var refused = _cli.Run("twins", "purge", "patient-maria", "--cascade");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("Run again with --yes", refused.Err, StringComparison.Ordinal);
        var plan = _cli.Json("twins", "purge", "patient-maria", "--cascade", "--dry-run");
        Assert.Contains("patient-maria-bp", plan["twins"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(["maria"], plan["aliases"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(0, _cli.Run("twins", "get", "patient-maria").Exit);

        var purged = _cli.Json("twins", "purge", "patient-maria", "--cascade", "--yes", "--actor", "dpo");

        var twins = purged["twins"]!.AsArray().Select(t => (string)t!).ToArray();
        Assert.Contains("patient-maria-condition-1", twins);
        Assert.DoesNotContain("patient-aisha", twins);
        Assert.True((bool)purged["compacted"]!);
        var documents = purged["documents"]!.AsArray().Select(d => (string)d!).ToArray();
        Assert.Contains("health-profile/maria", documents);
        Assert.Contains("health-calibration/maria", documents);
        Assert.Contains(documents, d => d.StartsWith("drift/", StringComparison.Ordinal));

        Assert.Equal(1, _cli.Run("twins", "get", "patient-maria").Exit);
        Assert.Equal(1, _cli.Run("twins", "get", "patient-maria", "--as-of", "5").Exit);
        Assert.Equal(1, _cli.Run("twins", "get", "patient-maria", "--branch", "plan").Exit);
        var outputs = new[]
        {
            _cli.Run("twins", "list").Out, _cli.Run("twins", "list", "--branch", "plan").Out, _cli.Run("twins", "list", "--as-of", "5").Out,
            _cli.Run("query", "SELECT * FROM digitaltwins").Out, _cli.Run("history").Out, _cli.Run("history", "--twin", "patient-maria-bp").Out,
            _cli.Run("branch", "diff", "plan").Out, _cli.Run("health", "patients").Out, _cli.Run("drift", "status").Out,
        };
        foreach (var output in outputs)
            foreach (var trace in Traces)
                Assert.DoesNotContain(trace, output, StringComparison.Ordinal);
        Assert.Contains("patient-aisha", _cli.Run("branch", "diff", "plan").Out, StringComparison.Ordinal);
        Assert.Equal(aishaBefore, _cli.Json("twins", "get", "patient-aisha").ToJsonString());
        var history = _cli.Json("history");
        var record = history.AsArray()[^1]!;
        Assert.Equal("TwinsPurged", (string)record["type"]!);
        Assert.Equal("dpo", (string)record["actor"]!);

        var after = Backup("after.db");
        foreach (var file in new[] { _cli.Db, _cli.Db + "-wal", after })
            foreach (var trace in Traces)
                Assert.False(Contains(file, trace), $"{Path.GetFileName(file)} still holds '{trace}'");
        Assert.True(Contains(after, "Rahman"), "Aisha's data must survive in the backup");
    }

    [Fact]
    public void Purge_UnknownTwinOrBranchOption_ExitsOneAndChangesNothing()
    {
        Ok("health", "import", Path.Combine(_cli.Examples, "health", "aisha.yaml"));
        var last = _cli.Json("history").AsArray().Count;
        var unknown = _cli.Run("twins", "purge", "patient-nobody", "--yes");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("'patient-nobody' is on no branch and in no history", unknown.Err, StringComparison.Ordinal);
        var branch = _cli.Run("twins", "purge", "patient-aisha", "--yes", "--branch", "main");
        Assert.Equal(1, branch.Exit);
        Assert.Contains("every branch", branch.Err, StringComparison.Ordinal);
        Assert.Equal(last, _cli.Json("history").AsArray().Count);
    }

    private string Backup(string name)
    {
        var target = Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _cli.Db, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "VACUUM INTO $t;";
        cmd.Parameters.AddWithValue("$t", target);
        cmd.ExecuteNonQuery();
        return target;
    }

    private static bool Contains(string file, string text) =>
        File.Exists(file) && File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
