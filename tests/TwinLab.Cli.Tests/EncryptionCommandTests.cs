using System.Text;
using Microsoft.Data.Sqlite;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab encryption</c> on the example patient Maria: nothing of hers in plaintext, reads unchanged with the
/// key, refused without it, rotation, and the purge shredding her key.</summary>
public sealed class EncryptionCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Key(string name) => Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);

    private void Ok(params string[] args)
    {
        var (exit, _, err) = _cli.Run(args);
        Assert.True(exit == 0, $"twinlab {string.Join(' ', args)}: exit {exit}: {err}");
    }

    [Fact]
    public void Encryption_Patient_NoPlaintextAtRest_ReadsWithKey_RefusedWithout_Rotates()
    {
        var key = Key("master.key");
        Ok("encryption", "new-key", key);
        Assert.Equal(1, _cli.Run("encryption", "new-key", key).Exit);
        Ok("encryption", "enable", "--model", "dtmi:twinlab:health:Patient;1", "--model", "dtmi:twinlab:health:BloodPressureState;1", "--key-file", key);
        Ok("health", "import", Path.Combine(_cli.Examples, "health", "maria-fhir"), "--key-file", key);
        Ok("telemetry", "append", "patient-maria-bp", "--file", Path.Combine(_cli.Examples, "drift", "maria-after.ndjson"), "--key-file", key);

        foreach (var secret in new[] { "Lopez", "1968-04-17", "\"systolic\":139" })
            Assert.False(Contains(_cli.Db, secret), $"'{secret}' is stored in plaintext");
        Assert.Equal(0L, Count("SELECT count(*) FROM telemetry WHERE typeof(value) = 'text' AND twin_id = 'patient-maria-bp'"));
        Assert.True(Count("SELECT count(*) FROM telemetry WHERE typeof(value) = 'blob'") > 100);
        var twin = _cli.Json("twins", "get", "patient-maria", "--key-file", key);
        Assert.Equal("1968-04-17", (string)twin["birthDate"]!);
        Assert.Contains("systolic", _cli.Run("telemetry", "read", "patient-maria-bp", "--key-file", key).Out, StringComparison.Ordinal);
        var status = _cli.Json("encryption", "status", "--key-file", key);
        Assert.Equal(2, (int)status["twins"]!);

        var without = _cli.Run("twins", "get", "patient-maria");
        Assert.Equal(1, without.Exit);
        Assert.Contains("encrypted at rest", without.Err, StringComparison.Ordinal);
        var wrongKey = Key("wrong.key");
        Ok("encryption", "new-key", wrongKey);
        var wrong = _cli.Run("twins", "get", "patient-maria", "--key-file", wrongKey);
        Assert.Equal(1, wrong.Exit);
        Assert.Contains($"key file '{wrongKey}'", wrong.Err, StringComparison.Ordinal);

        var next = Key("next.key");
        Ok("encryption", "new-key", next);
        var rotated = _cli.Json("encryption", "rotate", "--new-key-file", next, "--key-file", key);
        Assert.Equal(3, (int)rotated["rewrapped"]!); // two twins and the documents
        Assert.Equal(1, _cli.Run("twins", "get", "patient-maria", "--key-file", key).Exit);
        Assert.Equal("1968-04-17", (string)_cli.Json("twins", "get", "patient-maria", "--key-file", next)["birthDate"]!);

        Ok("twins", "purge", "patient-maria", "--cascade", "--yes", "--key-file", next);
        Assert.Equal(0, (int)_cli.Json("encryption", "status", "--key-file", next)["twins"]!);
    }

    private long Count(string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _cli.Db, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static bool Contains(string file, string text) =>
        File.Exists(file) && File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
