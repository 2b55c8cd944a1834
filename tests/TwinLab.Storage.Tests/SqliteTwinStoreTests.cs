using Microsoft.Data.Sqlite;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;
using static TwinLab.Storage.Tests.TestGraph;

namespace TwinLab.Storage.Tests;

/// <summary>The store contract plus SQLite specifics, each test on its own temporary file.</summary>
public sealed class SqliteTwinStoreTests : TwinStoreContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twinlab-test-{Guid.NewGuid():N}.db");

    protected override ITwinStore CreateStore() => SqliteTwinStore.Open(_path);

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
    }

    private SqliteConnection RawConnection()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private object? Scalar(string sql)
    {
        using var c = RawConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    /// <summary>The frames of the WAL's current generation: those whose salts match the header's (a WAL that starts over
    /// keeps its file and writes over the old frames with new salts).</summary>
    private int CurrentWalFrames()
    {
        using var wal = new FileStream(_path + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[32];
        if (wal.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return 0;
        var pageSize = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
        var salts = header.AsSpan(16, 8).ToArray();
        var frame = new byte[24];
        var frames = 0;
        for (long at = 32; at + 24 + pageSize <= wal.Length; at += 24 + pageSize)
        {
            wal.Position = at;
            wal.ReadExactly(frame);
            if (!frame.AsSpan(8, 8).SequenceEqual(salts)) break;
            frames++;
        }
        return frames;
    }

    [Fact]
    public void Append_ManyCommits_TheWalIsCheckpointedInTheBackgroundAndStartsOver()
    {
        const int n = 400;
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.CheckpointFrames = 64;
            for (var i = 0; i < n; i++)
                store.Commit([new TwinWritten(HandTwin($"t{i % 50}", i + 1, T(1)), i < 50)], i + 1);
            // Every commit writes a few pages: SQLite's own checkpoint (far above this) would have let the WAL hold them all.
            // The background checkpointer copies them back and lets the next commit start the WAL over.
            var frames = int.MaxValue;
            for (var attempt = 0; attempt < 200 && frames >= 64; attempt++)
            {
                Thread.Sleep(50);
                store.Commit([new TwinWritten(HandTwin("t0", n + attempt + 1, T(2)), false)], n + attempt + 1);
                frames = CurrentWalFrames();
            }
            Assert.True(frames < 64, $"the WAL still holds {frames} frames");
        }
        using (var store = SqliteTwinStore.Open(_path))
        {
            Assert.Equal(50, store.Load().Twins.Count);
            Assert.Equal(n, store.ReadEvents(new EventFilter(BranchInfo.Main, UpToSequence: n)).Count);
        }
    }

    /// <summary>Everything stored, as text, to prove a failed commit changed nothing.</summary>
    private string Dump()
    {
        using var c = RawConnection();
        var sb = new System.Text.StringBuilder();
        foreach (var table in new[] { "meta", "models", "events", "writes", "snapshots", "telemetry" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2;";
            using var r = cmd.ExecuteReader();
            sb.Append(table).Append(':').AppendLine();
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++) sb.Append(r.IsDBNull(i) ? "NULL" : r.GetValue(i)).Append('|');
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    private static IReadOnlyList<GraphChange> SeedChanges() =>
    [
        new TwinWritten(HandTwin("a", 1, T(1)), true),
        new TwinWritten(HandTwin("b", 2, T(1)), true),
        new RelationshipWritten(HandRelationship("a", "r1", "b", 3), true),
        new TelemetryAppended([Point("a", "temperature", T(1), 1)]),
    ];

    [Fact]
    public void Open_creates_the_file_and_schema_in_wal_mode()
    {
        Assert.False(File.Exists(_path));
        using (var store = SqliteTwinStore.Open(_path))
        {
            Assert.Equal(_path, store.Path);
            Assert.True(File.Exists(_path));
        }
        Assert.Equal("wal", Scalar("PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteTwinStore.SchemaVersion, Convert.ToInt64(Scalar("SELECT value FROM meta WHERE key = 'schema_version';")));
        Assert.Equal(0L, Convert.ToInt64(Scalar("SELECT value FROM meta WHERE key = 'version';")));
        foreach (var table in new[] { "meta", "models", "events", "writes", "branches", "snapshots", "telemetry" })
            Assert.Equal(1L, Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        foreach (var index in new[] { "telemetry_twin_name_ts", "events_branch_seq" })
            Assert.Equal(1L, Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}';"));
        // Main's state is folded from the log: no per-twin tables.
        foreach (var table in new[] { "twins", "relationships" })
            Assert.Equal(0L, Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        // Opening again keeps the data and does not re-create anything.
        using (var store = SqliteTwinStore.Open(_path))
            store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
        using (var store = SqliteTwinStore.Open(_path))
            Assert.Single(store.Load().Twins);
    }

    [Fact]
    public void Load_AfterASnapshot_FoldsOnlyTheEventsAfterIt()
    {
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true), new TwinWritten(HandTwin("b", 2, T(1)), true)], 2);
            store.SaveSnapshot(BranchInfo.Main, 2, store.Load());
            store.Commit([new TwinDeleted("a"), new TwinWritten(HandTwin("c", 4, T(2)), true)], 4);
        }
        // The snapshot alone would still hold "a": deleting its row from the log proves the tail is folded on top of it.
        Scalar("DELETE FROM events WHERE seq <= 2;");
        using (var store = SqliteTwinStore.Open(_path))
        {
            var s = store.Load();
            Assert.Equal(["b", "c"], s.Twins.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(4, s.Version);
        }
    }

    [Fact]
    public void Load_AfterALongTail_SavesASnapshotSoTheNextStartIsQuick()
    {
        const int n = 501;
        using (var store = SqliteTwinStore.Open(_path))
            store.Commit(Enumerable.Range(0, n).Select(i => (GraphChange)new TwinWritten(HandTwin($"t{i % 100}", i + 1, T(1)), i < 100)).ToArray(), n);
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.LoadSnapshotThreshold = 1000;
            store.Load();
        }
        Assert.Equal(0L, Scalar("SELECT count(*) FROM snapshots;"));
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.LoadSnapshotThreshold = 500;
            Assert.Equal(100, store.Load().Twins.Count);
        }
        Assert.Equal((long)n, Scalar("SELECT seq FROM snapshots WHERE branch = 'main';"));
        using (var store = SqliteTwinStore.Open(_path))
        {
            var s = store.Load();
            Assert.Equal(100, s.Twins.Count);
            Assert.Equal($"W/\"{n}\"", s.Twins["t0"].ETag);
        }
    }

    [Fact]
    public void Open_SchemaVersion3File_DropsTheRowTablesAndKeepsTheStateFromTheLog()
    {
        using (var store = SqliteTwinStore.Open(_path)) store.Commit(SeedChanges(), 3);
        // What a version-3 file looked like: main's twins and relationships also kept row by row.
        Scalar("""
            CREATE TABLE twins (id TEXT NOT NULL PRIMARY KEY, model_id TEXT NOT NULL, json TEXT NOT NULL);
            CREATE TABLE relationships (source_id TEXT NOT NULL, id TEXT NOT NULL, target_id TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (source_id, id));
            UPDATE meta SET value = 3 WHERE key = 'schema_version';
            """);
        using (var store = SqliteTwinStore.Open(_path))
        {
            var s = store.Load();
            Assert.Equal(["a", "b"], s.Twins.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(1, s.RelationshipCount);
            Assert.Equal(3, s.Version);
        }
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('twins', 'relationships');"));
        Assert.Equal((long)SqliteTwinStore.SchemaVersion, Convert.ToInt64(Scalar("SELECT value FROM meta WHERE key = 'schema_version';")));
    }

    [Fact]
    public void ReadEvents_ByTwin_FindsEveryTwinOfAMultiTwinEventAndForgetsDiscardedBranches()
    {
        using var store = SqliteTwinStore.Open(_path);
        store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
        store.Append("lab", [new TelemetryAppended([Point("a", "x", T(2), 1), Point("b", "x", T(2), 2), Point("c", "x", T(2), 3)])], 2,
            WriteContext.Default, T(2));
        store.SaveBranch(new BranchInfo("lab", BranchInfo.Main, 1, T(1)));

        // Indexed lazily on the first read by twin; the third twin of the telemetry batch is found too.
        Assert.Equal([1L, 2L], store.ReadEvents(new EventFilter(TwinId: "a")).Select(e => e.Sequence));
        Assert.Equal([2L], store.ReadEvents(new EventFilter(TwinId: "c")).Select(e => e.Sequence));
        store.Commit([new TwinDeleted("a")], 3);
        Assert.Equal([1L, 2L, 3L], store.ReadEvents(new EventFilter(TwinId: "a")).Select(e => e.Sequence));

        store.DeleteBranch("lab");
        Assert.Equal([1L, 3L], store.ReadEvents(new EventFilter(TwinId: "a")).Select(e => e.Sequence));
        Assert.Empty(store.ReadEvents(new EventFilter(TwinId: "c")));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM event_twins WHERE twin_id IN ('b', 'c');"));
    }

    [Fact]
    public void Open_SchemaVersion1File_KeepsTheTwinsThatLivedOnlyInItsTables()
    {
        // A file from before the event log: main's state only in twins/relationships, its version counter at 7.
        var a = TwinJson.ToJson(HandTwin("a", 6, T(1)));
        var b = TwinJson.ToJson(HandTwin("b", 7, T(1)));
        var r = TwinJson.ToJson(HandRelationship("a", "r1", "b", 5));
        using (var c = RawConnection())
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $$"""
                CREATE TABLE meta (key TEXT NOT NULL PRIMARY KEY, value) WITHOUT ROWID;
                CREATE TABLE models (id TEXT NOT NULL PRIMARY KEY, definition TEXT NOT NULL, source_file TEXT, upload_time INTEGER NOT NULL,
                    decommissioned INTEGER NOT NULL DEFAULT 0, parent_id TEXT, context TEXT);
                CREATE TABLE twins (id TEXT NOT NULL PRIMARY KEY, model_id TEXT NOT NULL, json TEXT NOT NULL);
                CREATE TABLE relationships (source_id TEXT NOT NULL, id TEXT NOT NULL, target_id TEXT NOT NULL, name TEXT NOT NULL,
                    json TEXT NOT NULL, PRIMARY KEY (source_id, id));
                CREATE TABLE telemetry (twin_id TEXT NOT NULL, component TEXT, name TEXT NOT NULL, ts INTEGER NOT NULL, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema_version', 1), ('version', 7);
                INSERT INTO twins VALUES ('a', 'dtmi:test:Any;1', $a), ('b', 'dtmi:test:Any;1', $b);
                INSERT INTO relationships VALUES ('a', 'r1', 'b', 'rel', $r);
                """;
            cmd.Parameters.AddWithValue("$a", a);
            cmd.Parameters.AddWithValue("$b", b);
            cmd.Parameters.AddWithValue("$r", r);
            cmd.ExecuteNonQuery();
        }

        using (var store = SqliteTwinStore.Open(_path))
        {
            var s = store.Load();
            Assert.Equal(["a", "b"], s.Twins.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(1, s.RelationshipCount);
            Assert.Equal(7, s.Version);
            Assert.Equal(a, TwinJson.ToJson(s.Twins["a"]));
            // A write after the upgrade survives a restart: the fold starts at the snapshot's log position.
            store.Commit([new TwinWritten(HandTwin("c", 8, T(2)), true)], 8);
        }
        using (var store = SqliteTwinStore.Open(_path))
            Assert.Equal(["a", "b", "c"], store.Load().Twins.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Telemetry_timestamps_are_stored_as_utc_ticks()
    {
        using (var store = SqliteTwinStore.Open(_path))
            store.Commit([new TelemetryAppended([Point("a", "x", T(1).ToOffset(TimeSpan.FromHours(-5)), 1)])], 1);
        Assert.Equal(T(1).UtcTicks, Scalar("SELECT ts FROM telemetry;"));
        Assert.Equal("1", Scalar("SELECT value FROM telemetry;"));
    }

    [Fact]
    public void A_commit_that_violates_a_constraint_rolls_back_entirely()
    {
        using (var store = SqliteTwinStore.Open(_path)) store.Commit(SeedChanges(), 3);
        var before = Dump();

        using (var store = SqliteTwinStore.Open(_path))
        {
            // events.actor is NOT NULL: the log row of the first change is refused.
            var ex = Assert.Throws<SqliteException>(() => store.Append(BranchInfo.Main,
            [
                new TwinWritten(HandTwin("c", 4, T(2)), true),
                new TwinDeleted("b"),
                new TelemetryAppended([Point("a", "temperature", T(2), 2), Point("c", "temperature", T(2), 3)]),
                new RelationshipDeleted("a", "r1"),
                new TwinWritten(HandTwin("d", 8, T(2)), true),
            ], 8, new WriteContext(Actor: null!), T(2)));
            Assert.Equal(19, ex.SqliteErrorCode); // SQLITE_CONSTRAINT
            // The same instance is still usable and sees the old state.
            var s = store.Load();
            Assert.Equal(3, s.Version);
            Assert.Equal(["a", "b"], s.Twins.Keys.Order(StringComparer.Ordinal));
            Assert.Single(store.ReadTelemetry("a", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        }
        Assert.Equal(before, Dump());
    }

    [Fact]
    public void A_telemetry_point_that_violates_a_constraint_rolls_back_the_batch_and_the_store_stays_usable()
    {
        using var store = SqliteTwinStore.Open(_path);
        store.Commit(SeedChanges(), 3);
        var before = Dump();
        var points = Enumerable.Range(0, 100).Select(i => Point("a", "temperature", T(5).AddSeconds(i), i)).ToList();
        points.Insert(50, Point("a", null!, T(5), -1)); // name is NOT NULL
        var ex = Assert.Throws<SqliteException>(() => store.Commit([new TwinWritten(HandTwin("c", 4, T(2)), true), new TelemetryAppended(points)], 5));
        Assert.Equal(19, ex.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("telemetry.name", ex.Message);
        Assert.Equal(before, Dump());
        // The statement was reset: the next commit goes through.
        points.RemoveAt(50);
        store.Commit([new TelemetryAppended(points)], 4);
        Assert.Equal(101, store.ReadTelemetry("a", "temperature", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.Equal(4, store.Load().Version);
    }

    [Fact]
    public void A_commit_that_fails_part_way_rolls_back_entirely()
    {
        using (var store = SqliteTwinStore.Open(_path)) store.Commit(SeedChanges(), 3);
        var before = Dump();
        var bulk = Enumerable.Range(0, 5000).Select(i => Point("a", "temperature", T(10).AddMilliseconds(i), i)).ToArray();
        var changes = new GraphChange[]
        {
            new TwinWritten(HandTwin("a", 4, T(2)) with { Properties = SmallMap<TwinProperty>.Empty }, false),
            new TelemetryAppended(bulk),
            new RelationshipDeleted("a", "r1"),
            new TwinDeleted("b"),
            new TwinWritten(HandTwin("c", 5, T(2)), true),
        };
        for (var failAt = 0; failAt < changes.Length; failAt++)
        {
            using (var store = SqliteTwinStore.Open(_path))
            {
                var seen = new List<int>();
                var at = failAt;
                ((SqliteTwinStore)store).BeforeChange = (i, _) =>
                {
                    seen.Add(i);
                    if (i == at) throw new IOException("simulated failure");
                };
                Assert.Throws<IOException>(() => store.Commit(changes, 5));
                Assert.Equal(Enumerable.Range(0, failAt + 1), seen);
                Assert.Equal(3, store.Load().Version);
            }
            Assert.Equal(before, Dump());
        }
        // Without the failure the same batch commits.
        using (var store = SqliteTwinStore.Open(_path))
        {
            store.Commit(changes, 5);
            var s = store.Load();
            Assert.Equal(5, s.Version);
            Assert.Equal(["a", "c"], s.Twins.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(5001, store.ReadTelemetry("a", "temperature", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        }
    }

    [Fact]
    public void When_the_commit_fails_the_service_rolls_back_its_graph_and_the_file_is_unchanged()
    {
        var store = SqliteTwinStore.Open(_path);
        GraphSnapshot before;
        string dump;
        using (var service = new TwinService(store, Clock()))
        {
            BuildSampleGraph(service);
            before = service.Snapshot;
            dump = Dump();
            store.BeforeChange = (i, _) =>
            {
                if (i == 2) throw new IOException("disk full (simulated)");
            };
            Assert.Throws<IOException>(() => service.Write(g =>
            {
                g.CreateOrReplaceTwin("dev9", Json($$$"""{"$metadata": {"$model": "{{{Thermostat}}}"}}"""));
                g.AppendTelemetry("dev1", null, Json("""{"temperature": 20}"""), T(0));
                g.UpdateTwin("room1", [JsonPatchOperation.Replace("/area", Json("1"))]);
            }));
            store.BeforeChange = null;
            Assert.Same(before, service.Snapshot);
            Assert.Null(service.Write(g => g.FindTwin("dev9")));
            Assert.Equal(before.Version, service.Write(g => g.Version));
        }
        Assert.Equal(dump, Dump());
        using var reopened = SqliteTwinStore.Open(_path);
        AssertSameGraph(before, reopened.Load());
        Assert.Empty(reopened.ReadTelemetry("dev1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_gives_a_clear_error_and_is_left_alone()
    {
        var text = "This is a plain text file, not a database.\n" + new string('x', 4000);
        File.WriteAllText(_path, text);
        var ex = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(_path));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(_path, ex.Message);
        Assert.Contains("not a SQLite database", ex.Message);
        Assert.Equal(text, File.ReadAllText(_path));
        Assert.False(File.Exists(_path + "-wal"));
    }

    [Fact]
    public void A_short_file_that_is_not_sqlite_gives_a_clear_error()
    {
        File.WriteAllText(_path, "{}");
        var ex = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(_path));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(_path, ex.Message);
        Assert.Equal("{}", File.ReadAllText(_path));
    }

    [Fact]
    public void A_path_in_a_missing_directory_gives_a_clear_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twinlab-missing-{Guid.NewGuid():N}", "graph.db");
        var ex = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(path));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_newer_schema_version_is_refused()
    {
        using (var store = SqliteTwinStore.Open(_path))
            store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
        Scalar($"UPDATE meta SET value = {SqliteTwinStore.SchemaVersion + 1} WHERE key = 'schema_version';");
        var ex = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(_path));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(_path, ex.Message);
        Assert.Contains($"schema version {SqliteTwinStore.SchemaVersion + 1}", ex.Message);
        // Untouched: the data is still there and the version was not rewritten.
        Assert.Equal((long)SqliteTwinStore.SchemaVersion + 1, Convert.ToInt64(Scalar("SELECT value FROM meta WHERE key = 'schema_version';")));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM events;"));
    }

    [Fact]
    public void Stored_models_that_no_longer_parse_give_a_clear_error()
    {
        var bogus = new DtdlInterface { Id = "dtmi:com:example:Bogus;1", DtdlVersion = 3, Definition = """{"@id": "dtmi:com:example:Bogus;1"}""" };
        using (var store = SqliteTwinStore.Open(_path))
            store.Commit([new ModelsImported([new ModelEntry(bogus, T(0))])], 1);
        using (var store = SqliteTwinStore.Open(_path))
        {
            var ex = Assert.Throws<TwinLabException>(() => store.Load());
            Assert.Equal(ErrorCodes.DtdlParserError, ex.Code);
            Assert.Contains(_path, ex.Message);
            Assert.Contains("@context", ex.Message);
        }
    }

    [Fact]
    public void An_existing_sqlite_database_of_another_application_is_refused_and_left_unchanged()
    {
        Scalar("CREATE TABLE other (x INTEGER);");
        var before = File.ReadAllBytes(_path);
        var ex = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(_path));
        Assert.Contains(_path, ex.Message);
        Assert.Equal(before, File.ReadAllBytes(_path));
    }

    [Fact]
    public void A_disposed_store_refuses_use()
    {
        var store = SqliteTwinStore.Open(_path);
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Load());
        Assert.Throws<ObjectDisposedException>(() => store.Commit([], 1));
        Assert.Throws<ObjectDisposedException>(() => store.ReadTelemetry("a", null, T(0), T(1)));
        // Dispose really closed the file: it can be deleted right away.
        File.Delete(_path);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task Reads_may_run_while_commits_do()
    {
        using var store = SqliteTwinStore.Open(_path);
        var writer = Task.Run(() =>
        {
            for (var c = 0; c < 50; c++)
                store.Commit([new TelemetryAppended(Enumerable.Range(0, 200).Select(i => Point("a", "x", T(c).AddTicks(i), i)).ToArray())], c + 1);
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!writer.IsCompleted)
            {
                var n = store.ReadTelemetry("a", "x", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count;
                Assert.Equal(0, n % 200); // whole commits only
                store.Load();
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        Assert.Equal(10_000, store.ReadTelemetry("a", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.Equal(50, store.Load().Version);
    }

    [Fact]
    public void Bulk_telemetry_insert_of_200k_points_reads_back_each_series_in_order()
    {
        // Throughput is measured by bench/TwinLab.Benchmarks (TelemetryInsertBenchmarks), not here.
        const int count = 200_000;
        var twins = Enumerable.Range(0, 20).Select(i => $"sensor-{i}").ToArray();
        var names = new[] { "temperature", "humidity" };
        var points = new TelemetryPoint[count];
        for (var i = 0; i < count; i++)
            points[i] = Point(twins[i % twins.Length], names[i / twins.Length % 2], T(0).AddMilliseconds(i), i * 0.5);

        using (var store = SqliteTwinStore.Open(_path))
            store.Commit([new TelemetryAppended(points)], 1);

        using var reopened = SqliteTwinStore.Open(_path);
        var read = reopened.ReadTelemetry("sensor-3", "humidity", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(count / twins.Length / 2, read.Count);
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Timestamp < p.Second.Timestamp));
        Assert.All(read, p => Assert.Equal("sensor-3", p.TwinId));
    }
}
