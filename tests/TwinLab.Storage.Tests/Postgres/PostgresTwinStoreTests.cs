using System.Text;
using Npgsql;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;
using static TwinLab.Storage.Tests.TestGraph;

namespace TwinLab.Storage.Tests.Postgres;

/// <summary>What the PostgreSQL store adds or does its own way: several writers on one database, COPY, schemas.
/// Skips without <c>TWINLAB_POSTGRES</c>.</summary>
public sealed class PostgresTwinStoreTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static readonly string[] Tables = ["head", "meta", "models", "events", "event_twins", "writes", "branches", "snapshots", "telemetry", "documents"];

    /// <summary>Everything stored, as text, to prove a failed append changed nothing.</summary>
    private string Dump()
    {
        using var c = new NpgsqlConnection(PostgresTestDatabase.Require());
        c.Open();
        var sb = new StringBuilder();
        foreach (var table in Tables)
        {
            using var cmd = new NpgsqlCommand($"SELECT * FROM {PostgresTwinStore.Quote(_db.Schema)}.{table} ORDER BY 1, 2;", c);
            using var r = cmd.ExecuteReader();
            sb.Append(table).Append(':').AppendLine();
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++)
                    sb.Append(r.IsDBNull(i) ? "NULL" : r.GetValue(i) is byte[] b ? Convert.ToHexString(b) : r.GetValue(i)).Append('|');
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

    [SkippableFact]
    public void Open_CreatesTheSchemaAndItsTables_AndReopeningKeepsThem()
    {
        using (var store = _db.Open())
        {
            Assert.Equal(_db.Schema, store.Schema);
            Assert.Equal(0, store.LastSequence);
            store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
        }
        Assert.Equal((long)PostgresTwinStore.SchemaVersion, _db.Scalar("SELECT value FROM meta WHERE key = 'schema_version';"));
        foreach (var table in Tables)
            Assert.Equal(1L, _db.Scalar($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_db.Schema}' AND tablename = '{table}';"));
        using (var store = _db.Open())
        {
            Assert.Equal(1, store.LastSequence);
            Assert.Single(store.Load().Twins);
        }
    }

    [SkippableFact]
    public async Task Append_TwoStoresOnOneDatabaseConcurrently_GetDistinctGapFreeSequencesInCommitOrder()
    {
        const int writes = 150;
        using var first = _db.Open();
        using var second = _db.Open();
        using var start = new Barrier(2);
        // Writes of one to three events each, so a write's numbers must also stay together.
        Task<List<AppendResult>> Writer(PostgresTwinStore store, string actor) => Task.Run(() =>
        {
            start.SignalAndWait();
            var results = new List<AppendResult>();
            for (var i = 0; i < writes; i++)
            {
                var changes = Enumerable.Range(0, 1 + i % 3)
                    .Select(k => (GraphChange)new TwinWritten(HandTwin($"{actor}-{i}-{k}", 1, T(1)), true)).ToArray();
                results.Add(store.Append(actor == "one" ? BranchInfo.Main : "lab", changes, i, new WriteContext(actor), T(i)));
            }
            return results;
        });
        var results = await Task.WhenAll(Writer(first, "one"), Writer(second, "two"));

        var all = results.SelectMany(r => r).OrderBy(r => r.FirstSequence).ToArray();
        var expected = 1L;
        foreach (var r in all)
        {
            Assert.False(r.Duplicate);
            Assert.Equal(expected, r.FirstSequence);
            expected = r.LastSequence + 1;
        }
        var total = results.Sum(r => r.Sum(x => x.LastSequence - x.FirstSequence + 1));
        Assert.Equal(total, expected - 1);

        // The log holds every event once, each write's events together under its writer's name.
        var events = first.ReadEvents(new EventFilter());
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), events.Select(e => e.Sequence));
        foreach (var (actor, mine) in new[] { ("one", results[0]), ("two", results[1]) })
            foreach (var r in mine)
                for (var s = r.FirstSequence; s <= r.LastSequence; s++)
                    Assert.Equal(actor, events[(int)s - 1].Actor);
        // Each instance's view of the last number is at least its own last append, and a reopened store sees all.
        Assert.True(first.LastSequence >= results[0][^1].LastSequence);
        Assert.True(second.LastSequence >= results[1][^1].LastSequence);
        using var third = _db.Open();
        Assert.Equal(total, third.LastSequence);
        var next = third.Append(BranchInfo.Main, [new TwinDeleted("one-0-0")], writes, WriteContext.Default, T(0));
        Assert.Equal(total + 1, next.FirstSequence);
    }

    [SkippableFact]
    public async Task Append_SameIdempotencyKeyFromTwoStoresAtOnce_IsAppliedOnce()
    {
        using var first = _db.Open();
        using var second = _db.Open();
        for (var round = 0; round < 20; round++)
        {
            var key = $"msg-{round}";
            using var start = new Barrier(2);
            Task<AppendResult> Send(PostgresTwinStore store) => Task.Run(() =>
            {
                start.SignalAndWait();
                return store.Append(BranchInfo.Main, [new TelemetryAppended([Point("a", "x", T(round), round)])], round, new WriteContext("gw", key), T(round));
            });
            var results = await Task.WhenAll(Send(first), Send(second));
            Assert.Single(results, r => !r.Duplicate);
            Assert.Equal(results[0].FirstSequence, results[1].FirstSequence);
            Assert.Equal(new WriteRecord(results[0].FirstSequence, results[0].LastSequence), first.FindWrite(key));
        }
        Assert.Equal(20, first.ReadTelemetry("a", "x", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.Equal(20, first.ReadEvents(new EventFilter()).Count);
    }

    [SkippableFact]
    public void Reopen_ReadsEverythingBack()
    {
        var clock = T(0);
        long version;
        GraphSnapshot expected;
        IReadOnlyList<StoredEvent> events;
        using (var service = new TwinService(_db.Open(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(clock)))
        {
            TwinStoreContractTests_Sample(service);
            service.CreateBranch("what-if");
            service.Write("what-if", new WriteContext("planner", "plan-1"), g => { g.DeleteTwin("dev2"); return 0; });
            service.Write(BranchInfo.Main, new WriteContext("gw", "k-1") { ItemKeys = ["item-1", "item-2"] },
                g => g.AppendTelemetry("dev1", null, Json("""{"temperature": 20.5, "humidity": 0.45}"""), T(3)));
            service.Store.SaveSnapshot(BranchInfo.Main, service.LastSequence, service.Snapshot);
            service.Store.SaveDocument(new StoredDocument("experiment", "e1", T(5), "first", """{"a": [1, 2.50, "ü"]}"""));
            version = service.Snapshot.Version;
            expected = service.Snapshot;
            events = service.History(new EventFilter());
        }
        using var store = _db.Open();
        Assert.Equal(events[^1].Sequence, store.LastSequence);
        var loaded = store.Load();
        AssertSameGraph(expected, loaded);
        Assert.Equal(version, loaded.Version);
        Assert.Equal(events, store.ReadEvents(new EventFilter()));
        Assert.Equal(["what-if"], store.LoadBranches().Select(b => b.Name));
        Assert.NotNull(store.LoadSnapshot(BranchInfo.Main, long.MaxValue));
        Assert.Equal(3, store.FindWrites(["k-1", "item-1", "item-2", "item-3"]).Count);
        Assert.NotNull(store.FindWrite("plan-1"));
        Assert.Equal("""{"a": [1, 2.50, "ü"]}""", store.LoadDocument("experiment", "e1")!.Json);
        var points = store.ReadTelemetry("dev1", null, T(0), T(10));
        Assert.Equal(["humidity", "temperature"], points.Select(p => p.Name).Order(StringComparer.Ordinal));
        using var service2 = new TwinService(store);
        Assert.False(service2.SnapshotOf("what-if").Twins.ContainsKey("dev2"));
        Assert.True(service2.Snapshot.Twins.ContainsKey("dev2"));
    }

    /// <summary>The contract suite's sample graph (models in three batches, one inline; twins, relationships, a patch).</summary>
    private static void TwinStoreContractTests_Sample(TwinService service)
    {
        service.Write(g => g.ImportModels([new DtdlSource(BaseModels, "models/base.json")]));
        service.Write(g => g.ImportModels([new DtdlSource(RoomModel, "models/room.json")]));
        service.Write(g => g.ImportModels([new DtdlSource(BuildingModel, "building.json")]));
        service.Write(g =>
        {
            g.CreateOrReplaceTwin("dev1", Json($$$"""{"$metadata": {"$model": "{{{Device}}}"}, "serial": "A-1"}"""));
            g.CreateOrReplaceTwin("dev2", Json($$$"""{"$metadata": {"$model": "{{{Device}}}"}, "serial": "B-2"}"""));
            g.CreateOrReplaceTwin("room1", Json($$$"""{"$metadata": {"$model": "{{{Room}}}"}, "name": "Lobby", "thermostat": {"$metadata": {}, "setpoint": 21.5}}"""));
            g.CreateOrReplaceRelationship("room1", "r1", Json("""{"$relationshipName": "contains", "$targetId": "dev1"}"""));
        });
        service.Write(g => g.UpdateTwin("room1", [JsonPatchOperation.Replace("/thermostat/setpoint", Json("22.25"))]));
        service.Write(g => g.DecommissionModel(Device));
    }

    /// <summary>A failure while the write is staged leaves nothing behind (failures inside the transaction: see
    /// <see cref="Append_ViolatingAConstraint_RollsBackAndTheStoreStaysUsable"/>).</summary>
    [SkippableFact]
    public void Append_FailingPartWay_RollsBackEverything_WithInsertedOrCopiedTelemetry()
    {
        using (var store = _db.Open()) store.Commit(SeedChanges(), 3);
        var before = Dump();
        foreach (var points in new[] { 10, 5000 })
        {
            var bulk = Enumerable.Range(0, points).Select(i => Point("a", "temperature", T(10).AddMilliseconds(i), i)).ToArray();
            var changes = new GraphChange[]
            {
                new TwinWritten(HandTwin("a", 4, T(2)) with { Properties = SmallMap<TwinProperty>.Empty }, false),
                new TelemetryAppended(bulk),
                new RelationshipDeleted("a", "r1") { TargetId = "b" },
                new TwinDeleted("b"),
                new TwinWritten(HandTwin("c", 8, T(2)), true),
            };
            for (var failAt = 0; failAt < changes.Length; failAt++)
            {
                using (var store = _db.Open())
                {
                    var seen = new List<int>();
                    var at = failAt;
                    store.BeforeChange = (i, _) =>
                    {
                        seen.Add(i);
                        if (i == at) throw new IOException("simulated failure");
                    };
                    Assert.Throws<IOException>(() => store.Append(BranchInfo.Main, changes, 8, new WriteContext("t", $"key-{points}"), T(2)));
                    Assert.Equal(Enumerable.Range(0, failAt + 1), seen);
                    Assert.Equal(3, store.Load().Version);
                    Assert.Null(store.FindWrite($"key-{points}"));
                }
                Assert.Equal(before, Dump());
            }
        }
        // Without the failure the batch commits, its numbers starting right after the old ones.
        using (var store = _db.Open())
        {
            var bulk = Enumerable.Range(0, 5000).Select(i => Point("a", "temperature", T(10).AddMilliseconds(i), i)).ToArray();
            var result = store.Append(BranchInfo.Main, [new TelemetryAppended(bulk), new TwinDeleted("b")], 5, WriteContext.Default, T(2));
            Assert.Equal((5L, 6L), (result.FirstSequence, result.LastSequence)); // the seed took 1–4
            Assert.Equal(5001, store.ReadTelemetry("a", "temperature", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        }
    }

    [SkippableFact]
    public void Append_ViolatingAConstraint_RollsBackAndTheStoreStaysUsable()
    {
        using var store = _db.Open();
        store.Commit(SeedChanges(), 3);
        var before = Dump();
        // events.actor is NOT NULL.
        var ex = Assert.Throws<PostgresException>(() => store.Append(BranchInfo.Main,
            [new TwinWritten(HandTwin("c", 4, T(2)), true), new TwinDeleted("b")], 5, new WriteContext(Actor: null!), T(2)));
        Assert.Equal(PostgresErrorCodes.NotNullViolation, ex.SqlState);
        Assert.Equal(before, Dump());
        // A point without a name, in a small batch (insert) and in a large one (COPY).
        foreach (var size in new[] { 20, 2000 })
        {
            var points = Enumerable.Range(0, size).Select(i => Point("a", "temperature", T(5).AddSeconds(i), i)).ToList();
            points.Insert(size / 2, Point("a", null!, T(5), -1));
            ex = Assert.Throws<PostgresException>(() => store.Commit([new TwinWritten(HandTwin("c", 4, T(2)), true), new TelemetryAppended(points)], 5));
            Assert.Equal(PostgresErrorCodes.NotNullViolation, ex.SqlState);
            Assert.Equal("name", ex.ColumnName);
            Assert.Equal(before, Dump());
        }
        // An item key committed before makes the write fail whole (it is not the write's own key, so no duplicate).
        store.Append(BranchInfo.Main, [new TwinDeleted("b")], 4, new WriteContext("gw") { ItemKeys = ["m1"] }, T(3));
        var afterItem = Dump();
        ex = Assert.Throws<PostgresException>(() => store.Append(BranchInfo.Main, [new TwinWritten(HandTwin("d", 6, T(4)), true)], 6,
            new WriteContext("gw", "k2") { ItemKeys = ["m2", "m1"] }, T(4)));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
        Assert.Equal(afterItem, Dump());
        Assert.Null(store.FindWrite("k2"));
        Assert.Equal(6, store.Append(BranchInfo.Main, [new TwinDeleted("a")], 6, WriteContext.Default, T(5)).LastSequence); // the seed took 1–4
        Assert.Equal(6, store.Load().Version);
        Assert.Empty(store.Load().Twins);
    }

    [SkippableFact]
    public void Telemetry_CopiedInBulk_ReadsBackEachSeriesInOrder_TiesInInsertionOrder()
    {
        const int count = 100_000;
        var twins = Enumerable.Range(0, 20).Select(i => $"sensor-{i}").ToArray();
        var names = new[] { "temperature", "humidity" };
        var points = new TelemetryPoint[count];
        for (var i = 0; i < count; i++)
            points[i] = Point(twins[i % twins.Length], names[i / twins.Length % 2], T(0).AddMilliseconds(i), i * 0.5);
        using (var store = _db.Open())
        {
            store.Commit([new TelemetryAppended(points)], 1);
            store.CopyThreshold = 1;
            store.Commit([new TelemetryAppended([Point("tie", "x", T(5), 1), Point("tie", "x", T(5), 2)])], 2);
            store.Commit([new TelemetryAppended([Point("tie", "x", T(5), 3), Point("tie", "x", T(4), 0)])], 3);
        }
        using var reopened = _db.Open();
        var read = reopened.ReadTelemetry("sensor-3", "humidity", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(count / twins.Length / 2, read.Count);
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Timestamp < p.Second.Timestamp));
        Assert.All(read, p => Assert.Equal("sensor-3", p.TwinId));
        Assert.Equal([0.0, 1, 2, 3], reopened.ReadTelemetry("tie", "x", T(0), T(10)).Select(p => p.Value.GetDouble()));
    }

    [SkippableFact]
    public void ReadEvents_ByTwin_FindsEveryTwinOfAMultiTwinEventAndForgetsDiscardedBranches()
    {
        using var store = _db.Open();
        store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
        store.Append("lab", [new TelemetryAppended([Point("a", "x", T(2), 1), Point("b", "x", T(2), 2), Point("c", "x", T(2), 3)])], 2,
            new WriteContext("lab", "lab-key"), T(2));
        store.SaveBranch(new BranchInfo("lab", BranchInfo.Main, 1, T(1)));
        store.SaveSnapshot("lab", 2, GraphSnapshot.Empty);
        store.Commit([new RelationshipWritten(HandRelationship("a", "self", "a", 3), true)], 3);

        Assert.Equal([1L, 2L, 3L], store.ReadEvents(new EventFilter(TwinId: "a")).Select(e => e.Sequence));
        Assert.Equal([2L], store.ReadEvents(new EventFilter(TwinId: "c")).Select(e => e.Sequence));

        store.DeleteBranch("lab");
        Assert.Equal([1L, 3L], store.ReadEvents(new EventFilter(TwinId: "a")).Select(e => e.Sequence));
        Assert.Empty(store.ReadEvents(new EventFilter(TwinId: "c")));
        Assert.Empty(store.LoadBranches());
        Assert.Null(store.LoadSnapshot("lab", long.MaxValue));
        Assert.Null(store.FindWrite("lab-key"));
        Assert.Equal(0L, _db.Scalar("SELECT count(*) FROM event_twins WHERE twin_id IN ('b', 'c');"));
        Assert.Equal(0L, _db.Scalar("SELECT count(*) FROM telemetry WHERE branch = 'lab';"));
        // The numbers the discarded branch used are not handed out again.
        Assert.Equal(4, store.Append(BranchInfo.Main, [new TwinDeleted("a")], 4, WriteContext.Default, T(4)).FirstSequence);
    }

    [SkippableFact]
    public void Load_AfterASnapshot_FoldsOnlyTheEventsAfterIt_AndALongTailSavesOne()
    {
        using (var store = _db.Open())
        {
            store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true), new TwinWritten(HandTwin("b", 2, T(1)), true)], 2);
            store.SaveSnapshot(BranchInfo.Main, 2, store.Load());
            store.Commit([new TwinDeleted("a"), new TwinWritten(HandTwin("c", 4, T(2)), true)], 4);
        }
        // The snapshot alone would still hold "a": deleting its rows from the log proves the tail is folded on top of it.
        _db.Scalar("DELETE FROM events WHERE seq <= 2;");
        using (var store = _db.Open())
        {
            var s = store.Load();
            Assert.Equal(["b", "c"], s.Twins.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(4, s.Version);
            store.LoadSnapshotThreshold = 1;
            store.Load();
        }
        Assert.Equal(4L, _db.Scalar("SELECT max(seq) FROM snapshots WHERE branch = 'main';"));
    }

    [SkippableFact]
    public async Task Reads_RunWhileCommitsDo_AndSeeWholeCommitsOnly()
    {
        using var store = _db.Open();
        var writer = Task.Run(() =>
        {
            for (var c = 0; c < 30; c++)
                store.Commit([new TelemetryAppended(Enumerable.Range(0, 200).Select(i => Point("a", "x", T(c).AddTicks(i), i)).ToArray())], c + 1);
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!writer.IsCompleted)
            {
                Assert.Equal(0, store.ReadTelemetry("a", "x", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count % 200);
                store.Load();
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        Assert.Equal(6000, store.ReadTelemetry("a", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.Equal(30, store.Load().Version);
    }

    [SkippableFact]
    public void Open_ASchemaOfAnotherApplication_IsRefusedAndLeftUnchanged()
    {
        var cs = PostgresTestDatabase.Require();
        using (var c = new NpgsqlConnection(cs))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {PostgresTwinStore.Quote(_db.Schema)}; CREATE TABLE {PostgresTwinStore.Quote(_db.Schema)}.other (x int);", c);
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<TwinLabException>(() => PostgresTwinStore.Open(cs, _db.Schema));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains(_db.Schema, ex.Message);
        Assert.Equal(1L, _db.Scalar($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_db.Schema}';"));
    }

    [SkippableFact]
    public void Open_ANewerSchemaVersion_IsRefused()
    {
        using (var store = _db.Open()) store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
        _db.Scalar($"UPDATE meta SET value = {PostgresTwinStore.SchemaVersion + 1} WHERE key = 'schema_version';");
        var ex = Assert.Throws<TwinLabException>(() => _db.Open());
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains($"schema version {PostgresTwinStore.SchemaVersion + 1}", ex.Message);
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM events;"));
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a\"; DROP SCHEMA public; --")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64
    public void Open_AnInvalidSchemaName_IsRefused(string schema)
    {
        var ex = Assert.Throws<TwinLabException>(() => PostgresTwinStore.Open(PostgresTestDatabase.Require(), schema));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
    }

    [Fact]
    public void Open_AServerThatDoesNotAnswer_GivesAClearErrorWithoutThePassword()
    {
        // Needs no server: port 1 on loopback refuses at once.
        var ex = Assert.Throws<TwinLabException>(() =>
            PostgresTwinStore.Open("Host=127.0.0.1;Port=1;Username=u;Password=secret-pw;Database=d;Timeout=3", "s"));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Contains("127.0.0.1:1", ex.Message);
        Assert.DoesNotContain("secret-pw", ex.Message);
        Assert.Throws<TwinLabException>(() => PostgresTwinStore.Open("Host=127.0.0.1;NoSuchKey=1", "s"));
    }

    [SkippableFact]
    public void A_disposed_store_refuses_use()
    {
        var store = _db.Open();
        store.Dispose();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Load());
        Assert.Throws<ObjectDisposedException>(() => store.Commit([], 1));
        Assert.Throws<ObjectDisposedException>(() => store.ReadTelemetry("a", null, T(0), T(1)));
        Assert.Throws<ObjectDisposedException>(() => store.ReadEvents(new EventFilter()));
    }
}
