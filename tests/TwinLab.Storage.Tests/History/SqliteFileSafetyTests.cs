using System.Text;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Storage.Sqlite;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

/// <summary>
/// Files that are not TwinLab databases (random bytes, text, a corrupted TwinLab file, another application's SQLite
/// database): opening them fails with a <see cref="TwinLabException"/> that names the file, and the file is never written.
/// </summary>
public sealed class SqliteFileSafetyTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twinlab-foreign-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
    }

    /// <summary>Opens the file as the CLI does (store, then service) and expects a clear refusal.</summary>
    private TwinLabException AssertRefused()
    {
        var ex = Assert.Throws<TwinLabException>(() =>
        {
            var store = SqliteTwinStore.Open(_path);
            try
            {
                using var service = new TwinService(store, Clock());
                service.History(new EventFilter(Limit: 1));
            }
            finally
            {
                store.Dispose();
            }
        });
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(_path, ex.Message);
        return ex;
    }

    private void AssertUnchanged(byte[] original)
    {
        SqliteConnection.ClearAllPools();
        Assert.True(original.AsSpan().SequenceEqual(File.ReadAllBytes(_path)), "the file's bytes changed");
        Assert.False(File.Exists(_path + "-journal"));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(100, 11)]
    [InlineData(4096, 13)]
    [InlineData(65_536, 17)]
    public void Open_FileOfRandomBytes_ThrowsNamingThePathAndLeavesTheBytes(int length, int seed)
    {
        var bytes = RandomBytes(length, seed);
        File.WriteAllBytes(_path, bytes);
        var ex = AssertRefused();
        Assert.Contains("not a TwinLab database", ex.Message);
        AssertUnchanged(bytes);
        Assert.False(File.Exists(_path + "-wal"));
    }

    [Fact]
    public void Open_OneByteTextFile_ThrowsNamingThePathAndLeavesTheByte()
    {
        var bytes = "\n"u8.ToArray();
        File.WriteAllBytes(_path, bytes);
        AssertRefused();
        AssertUnchanged(bytes);
    }

    [Fact]
    public void Open_TextFileSuchAsAGraphJson_ThrowsNamingThePathAndLeavesTheBytes()
    {
        var text = "{\n  \"digitalTwins\": [ { \"$dtId\": \"p-ada\", \"$metadata\": { \"$model\": \"" + Patient + "\" }, \"systolic\": 150 } ],\n"
            + "  \"relationships\": []\n}\n" + string.Concat(Enumerable.Repeat("// padding so the file spans several pages\n", 300));
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(_path, bytes);
        AssertRefused();
        AssertUnchanged(bytes);
        Assert.False(File.Exists(_path + "-wal"));
    }

    [Fact]
    public void Open_SqliteHeaderFollowedByGarbage_ThrowsNamingThePathAndLeavesTheBytes()
    {
        var bytes = RandomBytes(3 * 4096, 23);
        Encoding.ASCII.GetBytes("SQLite format 3\0").CopyTo(bytes, 0);
        File.WriteAllBytes(_path, bytes);
        AssertRefused();
        AssertUnchanged(bytes);
    }

    /// <summary>A real TwinLab database, written through the service and closed cleanly.</summary>
    private void WriteTwinLabDatabase()
    {
        var clock = Clock();
        using (var service = new TwinService(SqliteTwinStore.Open(_path), clock))
        {
            Seed(service, clock);
            for (var i = 0; i < 200; i++)
                service.Do(clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/ward", $"\"{new string('w', 200)}-{i}\"")));
        }
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(_path + "-wal"), "a clean close checkpoints the WAL");
    }

    private long RootPage(string table)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = $n;";
        cmd.Parameters.AddWithValue("$n", table);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Open_TwinLabDatabaseWithEveryPageAfterTheFirstOverwritten_ThrowsNamingThePathAndLeavesTheBytes()
    {
        WriteTwinLabDatabase();
        var bytes = File.ReadAllBytes(_path);
        Assert.True(bytes.Length > 3 * 4096);
        RandomBytes(bytes.Length - 4096, 29).CopyTo(bytes, 4096);
        File.WriteAllBytes(_path, bytes);
        AssertRefused();
        AssertUnchanged(bytes);
    }

    [Fact]
    public void Open_TwinLabDatabaseWithCorruptEventsPage_ServiceStartThrowsTwinLabExceptionNamingThePath()
    {
        WriteTwinLabDatabase();
        var root = RootPage("events");
        var bytes = File.ReadAllBytes(_path);
        RandomBytes(4096, 31).CopyTo(bytes, (int)(root - 1) * 4096);
        File.WriteAllBytes(_path, bytes);
        AssertRefused();
        AssertUnchanged(bytes);
    }

    [Fact]
    public void Open_ForeignSqliteDatabaseWithData_ThrowsNamingThePathAndLeavesTheBytes()
    {
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE appointments (id INTEGER PRIMARY KEY, patient TEXT NOT NULL, at TEXT NOT NULL);
                INSERT INTO appointments (patient, at) VALUES ('Ada Lovelace', '2025-03-02T09:00'), ('Bob Dylan', '2025-03-02T09:30');
                """;
            cmd.ExecuteNonQuery();
        }
        var bytes = File.ReadAllBytes(_path);
        AssertRefused();
        AssertUnchanged(bytes);
    }

    [Fact]
    public void Open_Version2FileFromBeforeMergePoints_OpensAndKeepsItsData()
    {
        var clock = Clock();
        using (var service = new TwinService(SqliteTwinStore.Open(_path), clock))
        {
            Seed(service, clock);
            service.CreateBranch("sim");
            service.Do(clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "118")));
        }
        // The 'branches' table exactly as the first version-2 build (e028d75) created it.
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // Back to the version-2 layout: no merge points, no branch on idempotency keys, no stored last sequence.
            cmd.CommandText = """
                ALTER TABLE branches DROP COLUMN merged_parent_seq; ALTER TABLE branches DROP COLUMN merged_branch_seq;
                ALTER TABLE writes DROP COLUMN branch; DELETE FROM meta WHERE key = 'last_seq';
                UPDATE meta SET value = 2 WHERE key = 'schema_version';
                """;
            cmd.ExecuteNonQuery();
        }
        using var reopened = new TwinService(SqliteTwinStore.Open(_path), clock);
        Assert.Equal(["main", "sim"], reopened.Branches.Select(b => b.Name));
        Assert.Equal("118", reopened.SnapshotOf("sim").Prop("p-ada", "systolic"));
        reopened.Merge("sim");
        Assert.Equal("118", reopened.Snapshot.Prop("p-ada", "systolic"));
    }
}
