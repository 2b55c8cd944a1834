using Microsoft.Data.Sqlite;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;
using static TwinLab.Storage.Tests.TestGraph;

namespace TwinLab.Storage.Tests;

/// <summary>
/// The rows an append writes, column by column: the hot path binds a value only when it differs from the row before
/// (native statements keep their bindings) and writes payloads through a reused buffer, so each row must still hold
/// exactly its own values.
/// </summary>
public sealed class SqliteAppendRowTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twinlab-rows-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    [Fact]
    public void Append_ValuesRepeatedAndChangedBetweenRowsAndWrites_EachRowHoldsItsOwn()
    {
        var first = new GraphChange[]
        {
            new TwinWritten(HandTwin("a", 1, T(1)), true),
            new TelemetryAppended([Point("a", "temperature", T(1), 1)]),
            new TelemetryAppended([Point("a", "temperature", T(2), 2), Point("b", "humidity", T(2), 3, "env"), Point("a", "humidity", T(2), 4)]),
            new RelationshipDeleted("a", "r1") { TargetId = "b" },
            new TwinDeleted("b"),
        };
        var second = new GraphChange[]
        {
            new TelemetryAppended([Point("c", "temperature", T(3), 5)]),
            new TelemetryAppended([Point("a", "temperature", T(4), 6), Point("b", "temperature", T(4), 7), Point("c", "temperature", T(4), 8)]),
        };
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.Append(BranchInfo.Main, first, 5, new WriteContext("alice", "k1") { ItemKeys = ["m1", "m2"] }, T(10));
            store.Append("what-if", second, 7, new WriteContext("bob") { ItemKeys = ["m3"] }, T(20));
            store.Append(BranchInfo.Main, [new TwinDeleted("a")], 8, new WriteContext("alice"), T(30));
        }

        var expected = first.Select(c => (c, "alice", "main", (string?)"k1", T(10)))
            .Concat(second.Select(c => (c, "bob", "what-if", (string?)null, T(20))))
            .Append((new TwinDeleted("a"), "alice", "main", null, T(30)))
            .Select((e, i) => (Seq: i + 1L, e.Item1, e.Item2, e.Item3, e.Item4, e.Item5)).ToList();
        var rows = Rows("SELECT seq, ts, actor, branch, idem_key, type, twin_id, other_twin, more_twins, payload FROM events ORDER BY seq;");
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (seq, change, actor, branch, key, time) in expected)
        {
            var row = rows[(int)seq - 1];
            var twins = GraphChangeJson.TwinsOf(change).ToList();
            Assert.Equal(seq, row[0]);
            Assert.Equal(time.UtcTicks, row[1]);
            Assert.Equal(actor, row[2]);
            Assert.Equal(branch, row[3]);
            Assert.Equal(key, row[4]);
            Assert.Equal(GraphChangeJson.TypeOf(change), row[5]);
            Assert.Equal(twins.ElementAtOrDefault(0), row[6]);
            Assert.Equal(twins.ElementAtOrDefault(1), row[7]);
            Assert.Equal(twins.Count > 2 ? System.Text.Json.JsonSerializer.Serialize(twins.Skip(2)) : null, row[8]);
            Assert.Equal(GraphChangeJson.Serialize(change), row[9]);
        }

        Assert.Equal<object?[]>(
            [["k1", 1L, 5L, "main"], ["m1", 1L, 5L, "main"], ["m2", 1L, 5L, "main"], ["m3", 6L, 7L, "what-if"]],
            Rows("SELECT idem_key, first_seq, last_seq, branch FROM writes ORDER BY idem_key;"));
        Assert.Equal<object?[]>(
            [
                ["a", null, "temperature", T(1).UtcTicks, "1", "main", 2L],
                ["a", null, "temperature", T(2).UtcTicks, "2", "main", 3L],
                ["b", "env", "humidity", T(2).UtcTicks, "3", "main", 3L],
                ["a", null, "humidity", T(2).UtcTicks, "4", "main", 3L],
                ["c", null, "temperature", T(3).UtcTicks, "5", "what-if", 6L],
                ["a", null, "temperature", T(4).UtcTicks, "6", "what-if", 7L],
                ["b", null, "temperature", T(4).UtcTicks, "7", "what-if", 7L],
                ["c", null, "temperature", T(4).UtcTicks, "8", "what-if", 7L],
            ],
            Rows("SELECT twin_id, component, name, ts, value, branch, seq FROM telemetry ORDER BY rowid;"));
    }

    [Fact]
    public void Append_KeyAlreadyRecorded_RollsBackAndTheNextWriteRecordsOnlyItsOwnKeys()
    {
        using var store = SqliteTwinStore.Open(_path);
        store.Append(BranchInfo.Main, [new TelemetryAppended([Point("a", "t", T(1), 1)])], 1, new WriteContext("x") { ItemKeys = ["dup"] }, T(1));

        var ex = Assert.Throws<SqliteException>(() => store.Append(BranchInfo.Main,
            [new TelemetryAppended([Point("a", "t", T(2), 2)])], 2, new WriteContext("x") { ItemKeys = ["new1", "dup"] }, T(2)));
        Assert.Equal(19, ex.SqliteErrorCode); // SQLITE_CONSTRAINT: writes.idem_key is the primary key
        Assert.Equal(1, store.LastSequence);

        var appended = store.Append(BranchInfo.Main, [new TelemetryAppended([Point("a", "t", T(3), 3)])], 2, new WriteContext("x") { ItemKeys = ["new2"] }, T(3));
        Assert.Equal(2, appended.FirstSequence);
        Assert.Equal(2, store.LastSequence);
        Assert.Equal<object?[]>([["dup", 1L, 1L], ["new2", 2L, 2L]], Rows("SELECT idem_key, first_seq, last_seq FROM writes ORDER BY idem_key;"));
        Assert.Equal<double>([1.0, 3.0], store.ReadTelemetry("a", "t", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(p => p.Value.GetDouble()));
    }

    [Fact]
    public void Append_AfterAPayloadLargerThanTheKeptBuffer_LaterPayloadsAreWrittenWhole()
    {
        var large = new RelationshipDeleted("a", new string('r', 300_000));
        var small = new TelemetryAppended([Point("a", "t", T(2), 2)]);
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.Append(BranchInfo.Main, [small, large, small], 3, WriteContext.Default, T(1));
            store.Append(BranchInfo.Main, [small], 4, WriteContext.Default, T(2));
        }
        Assert.Equal<object?[]>(
            [[GraphChangeJson.Serialize(small)], [GraphChangeJson.Serialize(large)], [GraphChangeJson.Serialize(small)], [GraphChangeJson.Serialize(small)]],
            Rows("SELECT payload FROM events ORDER BY seq;"));
    }

    private List<object?[]> Rows(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
