using System.Text;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Storage.Sqlite;
using TwinLab.Storage.Tests.History;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.Erasure;

/// <summary>After a purge, the SQLite file, its WAL and any backup made from it hold no byte of the purged twin.</summary>
public sealed class SqlitePurgeBytesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-purge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>What must not survive: the id, the name, and distinctive property and telemetry values.</summary>
    private static readonly string[] Traces = ["p-ada", "Ada Lovelace", "71.2587", "1635", "oncology-ada"];

    [Fact]
    public void Purge_LeavesNoByteOfTheTwinInTheFileTheWalOrABackup()
    {
        var db = Path.Combine(_dir, "clinic.db");
        var clock = Clinic.Clock();
        using var s = new TwinService(SqliteTwinStore.Open(db), clock) { SnapshotInterval = 5 };
        Seed(s, clock);
        for (var i = 0; i < 40; i++)
        {
            s.Do(clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(71.2587 + i), Start.AddMinutes(i)), "monitor-7");
            s.Do(clock, BranchInfo.Main, g => g.AppendTelemetry("p-bob", null, Vitals(60 + i), Start.AddMinutes(i)), "monitor-7");
        }
        s.Do(clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/target", """{"systolic": 1635, "diastolic": 90}""")), "nurse-joy");
        s.CreateBranch("plan");
        s.Do(clock, "plan", g => g.UpdateTwin("p-ada", Set("/ward", "\"oncology-ada\"")), "planner");
        s.WaitForSnapshot();
        var before = Path.Combine(_dir, "before.db");
        VacuumInto(db, before);
        Assert.All(Traces, t => Assert.True(Contains(before, t), $"the backup before the purge should hold '{t}' (else this test proves nothing)"));
        Assert.True(Contains(db + "-wal", "p-ada") || Contains(db, "p-ada"));

        var outcome = s.Purge(["p-ada"], actor: "dpo");

        Assert.True(outcome.Report.Compacted);
        var copy = Path.Combine(_dir, "copy.db");
        File.Copy(db, copy);
        var after = Path.Combine(_dir, "after.db");
        VacuumInto(db, after);
        foreach (var file in new[] { db, db + "-wal", db + "-shm", copy, after })
            foreach (var trace in Traces)
                Assert.False(Contains(file, trace), $"{Path.GetFileName(file)} still holds '{trace}'");
        // The others are intact, in the live file and in the backup.
        Assert.Equal(["c-cuddy", "c-house", "p-bob"], s.Snapshot.Twins.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(40, s.ReadTelemetry("p-bob", "heartRate", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        using var restored = new TwinService(SqliteTwinStore.Open(after), clock);
        AssertSameState(s.Snapshot, restored.Snapshot, "backup after the purge");
        Assert.Equal(nameof(Core.Twins.TwinsPurged), restored.History(new EventFilter())[^1].Type);
    }

    private static void VacuumInto(string db, string target)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "VACUUM INTO $t;";
        cmd.Parameters.AddWithValue("$t", target);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Whether the file's raw bytes hold <paramref name="text"/> in UTF-8 (a missing file holds nothing).</summary>
    internal static bool Contains(string file, string text)
    {
        if (!File.Exists(file)) return false;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.GetBuffer().AsSpan(0, (int)memory.Length).IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }
}
