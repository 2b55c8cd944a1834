using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using static TwinLab.Storage.Tests.TestGraph;

namespace TwinLab.Storage.Tests;

/// <summary>
/// What every <see cref="ITwinStore"/> must do. Subclasses supply the store; durable stores also reopen it.
/// </summary>
public abstract class TwinStoreContractTests
{
    /// <summary>A store over this test's storage. Called again after <see cref="Reopen"/> disposed the previous one.</summary>
    protected abstract ITwinStore CreateStore();

    /// <summary>Closes <paramref name="store"/> and returns a new instance over the same storage.
    /// A store without durable storage returns the same instance.</summary>
    protected virtual ITwinStore Reopen(ITwinStore store)
    {
        store.Dispose();
        return CreateStore();
    }

    protected static FakeTimeProvider Clock() =>
        new(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567)) { AutoAdvanceAmount = TimeSpan.FromTicks(15_000_001) };

    // ---------------------------------------------------------------- graph state (hand-built changes)

    [SkippableFact]
    public void A_new_store_loads_the_empty_graph_at_version_zero()
    {
        using var store = CreateStore();
        var s = store.Load();
        Assert.Equal(0, s.Version);
        Assert.Empty(s.Twins);
        Assert.Empty(s.Outgoing);
        Assert.Empty(s.Incoming);
        Assert.Equal(0, s.Models.Count);
    }

    [SkippableFact]
    public void Twins_reload_exactly_with_etags_values_times_and_components()
    {
        var store = CreateStore();
        var a = HandTwin("a", 1, T(1));
        var b = HandTwin("b with spaces/and:punct ü", 2, T(2)) with { Components = SmallMap<TwinComponent>.Empty };
        store.Commit([new TwinWritten(a, true), new TwinWritten(b, true)], 2);
        var a2 = HandTwin("a", 3, T(3)) with
        {
            Properties = a.Properties.Remove("size").SetItem("extra", new TwinProperty(Json("[true, null, {\"x\": -1e-3}]"), T(3))),
        };
        store.Commit([new TwinWritten(a2, false)], 3);

        store = Reopen(store);
        using var _ = store;
        var s = store.Load();
        Assert.Equal(3, s.Version);
        Assert.Equal(2, s.Twins.Count);
        AssertSameTwin(a2, s.Twins["a"]);
        AssertSameTwin(b, s.Twins[b.Id]);
        Assert.Equal("W/\"3\"", s.Twins["a"].ETag);
        Assert.False(s.Twins["a"].Properties.ContainsKey("size"));
        Assert.Equal(T(3) - TimeSpan.FromSeconds(2), s.Twins["a"].Components.At("thermostat").LastUpdateTime);
        Assert.Equal(T(3) - TimeSpan.FromSeconds(3), s.Twins["a"].Components.At("thermostat").Properties.At("setpoint").LastUpdateTime);
        Assert.Equal(T(1) - TimeSpan.FromMinutes(1), s.Twins["a"].Properties.At("name").LastUpdateTime); // kept from the first write
        Assert.Empty(s.Twins["a"].Components.At("empty").Properties);
    }

    [SkippableFact]
    public void Relationships_and_the_incoming_index_reload()
    {
        var store = CreateStore();
        store.Commit(
        [
            new TwinWritten(HandTwin("a", 1, T(1)), true),
            new TwinWritten(HandTwin("b", 2, T(1)), true),
            new TwinWritten(HandTwin("c", 3, T(1)), true),
            new RelationshipWritten(HandRelationship("a", "r1", "b", 4), true),
            new RelationshipWritten(HandRelationship("a", "r2", "c", 5), true),
            new RelationshipWritten(HandRelationship("c", "r1", "b", 6, name: "feeds"), true),
        ], 6);
        // Replace r2 with a new target: the old target's incoming entry must go.
        store.Commit([new RelationshipWritten(HandRelationship("a", "r2", "b", 7) with { Properties = SmallMap<JsonElement>.Empty }, false)], 7);

        store = Reopen(store);
        using var _ = store;
        var s = store.Load();
        Assert.Equal(7, s.Version);
        Assert.Equal(["r1", "r2"], s.Outgoing["a"].Keys.Order(StringComparer.Ordinal));
        Assert.Equal("b", s.Outgoing["a"]["r2"].TargetId);
        Assert.Equal("W/\"7\"", s.Outgoing["a"]["r2"].ETag);
        Assert.Empty(s.Outgoing["a"]["r2"].Properties);
        AssertSameRelationship(HandRelationship("a", "r1", "b", 4), s.Outgoing["a"]["r1"]);
        AssertSameRelationship(HandRelationship("c", "r1", "b", 6, name: "feeds"), s.Outgoing["c"]["r1"]);
        Assert.Equal(
            new[] { new RelationshipKey("a", "r1"), new RelationshipKey("a", "r2"), new RelationshipKey("c", "r1") }.ToHashSet(),
            s.Incoming["b"].ToHashSet());
        Assert.False(s.Incoming.ContainsKey("c"));
        Assert.Equal(["a/r1", "a/r2", "c/r1"], s.IncomingOf("b").Select(r => $"{r.SourceId}/{r.Id}").Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void Deletes_persist()
    {
        var store = CreateStore();
        store.Commit(
        [
            new TwinWritten(HandTwin("a", 1, T(1)), true),
            new TwinWritten(HandTwin("b", 2, T(1)), true),
            new TwinWritten(HandTwin("c", 3, T(1)), true),
            new RelationshipWritten(HandRelationship("a", "r1", "b", 4), true),
            new RelationshipWritten(HandRelationship("a", "r2", "c", 5), true),
        ], 5);
        store.Commit([new RelationshipDeleted("a", "r2"), new TwinDeleted("c")], 7);

        store = Reopen(store);
        var s = store.Load();
        Assert.Equal(7, s.Version);
        Assert.Equal(["a", "b"], s.Twins.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["r1"], s.Outgoing["a"].Keys);
        Assert.False(s.Incoming.ContainsKey("c"));

        store.Commit([new RelationshipDeleted("a", "r1"), new TwinDeleted("a"), new TwinDeleted("b")], 10);
        store = Reopen(store);
        using var _ = store;
        s = store.Load();
        Assert.Equal(10, s.Version);
        Assert.Empty(s.Twins);
        Assert.Empty(s.Outgoing);
        Assert.Empty(s.Incoming);
    }

    [SkippableFact]
    public void The_version_of_every_commit_is_kept_even_without_changes()
    {
        var store = CreateStore();
        store.Commit([new TwinWritten(HandTwin("a", 5, T(1)), true)], 5);
        store.Commit([], 9);
        store = Reopen(store);
        using var _ = store;
        Assert.Equal(9, store.Load().Version);
    }

    // ---------------------------------------------------------------- graph state through the service (real DTDL)

    /// <summary>Builds a graph with models in three batches (one inline), twins with components, relationships, a patch and a decommission.</summary>
    protected static void BuildSampleGraph(TwinService s)
    {
        s.Write(g => g.ImportModels([new DtdlSource(BaseModels, "models/base.json")]));
        s.Write(g => g.ImportModels([new DtdlSource(RoomModel, "models/room.json")]));
        s.Write(g => g.ImportModels([new DtdlSource(MeetingRoomModel)]));
        s.Write(g =>
        {
            g.CreateOrReplaceTwin("dev1", Json($$$"""{"$metadata": {"$model": "{{{Device}}}"}, "serial": "A-1"}"""));
            g.CreateOrReplaceTwin("dev2", Json($$$"""{"$metadata": {"$model": "{{{Device}}}"}, "serial": "B-2"}"""));
        });
        s.Write(g => g.CreateOrReplaceTwin("room1", Json($$$"""
            {"$metadata": {"$model": "{{{Room}}}"}, "name": "Lobby", "area": 42.5, "tags": {"floor": "1", "wing": "east"},
             "thermostat": {"$metadata": {}, "setpoint": 21.5}}
            """)));
        s.Write(g => g.CreateOrReplaceTwin("meet1", Json($$$"""
            {"$metadata": {"$model": "{{{MeetingRoom}}}"}, "name": "Blue", "capacity": 8, "thermostat": {"$metadata": {} } }
            """)));
        s.Write(g =>
        {
            g.CreateOrReplaceRelationship("room1", "r1", Json("""{"$relationshipName": "contains", "$targetId": "dev1", "since": "2024-01-01T00:00:00Z"}"""));
            g.CreateOrReplaceRelationship("room1", "r2", Json("""{"$relationshipName": "contains", "$targetId": "dev2"}"""));
            g.CreateOrReplaceRelationship("meet1", "r3", Json("""{"$relationshipName": "contains", "$targetId": "dev1"}"""));
        });
        s.Write(g => g.UpdateTwin("room1",
        [
            JsonPatchOperation.Replace("/area", Json("40")),
            JsonPatchOperation.Replace("/thermostat/setpoint", Json("22.25")),
        ]));
        s.Write(g => g.DecommissionModel(Device));
    }

    [SkippableFact]
    public void A_graph_written_through_the_service_reloads_identically()
    {
        var store = CreateStore();
        GraphSnapshot expected;
        using (var service = new TwinService(store, Clock()))
        {
            BuildSampleGraph(service);
            expected = service.Snapshot;
            // The service disposes the store; reopen over the same storage.
            store = Reopen(store);
        }
        using var _ = store;
        var loaded = store.Load();
        AssertSameGraph(expected, loaded);

        Assert.True(loaded.Models.TryGet(Device, out var device));
        Assert.True(device.Decommissioned);
        Assert.False(loaded.Models.TryGet(Room, out var room) && room.Decommissioned);
        Assert.Equal("models/base.json", loaded.Models.Find(Thermostat)!.SourceFile);
        Assert.Equal("models/room.json", room.Interface.SourceFile);
        Assert.Null(loaded.Models.Find(MeetingRoom)!.SourceFile);
        Assert.Equal([Room], loaded.Models.Find(MeetingRoom)!.Extends);
        Assert.True(loaded.Models.IsAssignableTo(MeetingRoom, Room));
        Assert.IsType<DtdlComponent>(loaded.Models.FindContent(MeetingRoom, "thermostat"));
        Assert.Equal(40, loaded.Twins["room1"].Properties.At("area").Value.GetDouble());
        Assert.Equal(22.25, loaded.Twins["room1"].Components.At("thermostat").Properties.At("setpoint").Value.GetDouble());
    }

    [SkippableFact]
    public void The_version_continues_after_reopening()
    {
        var store = CreateStore();
        long version;
        using (var service = new TwinService(store, Clock()))
        {
            BuildSampleGraph(service);
            version = service.Snapshot.Version;
            store = Reopen(store);
        }
        using var reopened = new TwinService(store, Clock());
        Assert.Equal(version, reopened.Snapshot.Version);
        var twin = reopened.Write(g => g.CreateOrReplaceTwin("dev3", Json($$$"""{"$metadata": {"$model": "{{{Thermostat}}}"}, "setpoint": 19}""")));
        Assert.Equal($"W/\"{version + 1}\"", twin.ETag);
        // The reloaded graph validates against the reloaded models: the decommissioned model refuses new twins.
        var ex = Assert.Throws<TwinLabException>(() =>
            reopened.Write(g => g.CreateOrReplaceTwin("dev4", Json($$$"""{"$metadata": {"$model": "{{{Device}}}"}}"""))));
        Assert.Equal(ErrorCodes.ValidationFailed, ex.Code);
        // Existing twins keep their ETags and can be patched with If-Match.
        var patched = reopened.Write(g => g.UpdateTwin("dev1", [JsonPatchOperation.Replace("/serial", Json("\"A-9\""))], ifMatch: "W/\"4\""));
        Assert.Equal($"W/\"{version + 2}\"", patched.ETag);
    }

    [SkippableFact]
    public void Model_deletion_and_reactivation_persist()
    {
        var store = CreateStore();
        using (var service = new TwinService(store, Clock()))
        {
            BuildSampleGraph(service);
            service.Write(g =>
            {
                g.DeleteRelationship("meet1", "r3");
                g.DeleteTwin("meet1");
                g.DeleteModel(MeetingRoom);
                g.DecommissionModel(Device, decommissioned: false);
            });
            store = Reopen(store);
        }
        using var _ = store;
        var s = store.Load();
        Assert.False(s.Models.Contains(MeetingRoom));
        Assert.Equal(3, s.Models.Count);
        Assert.True(s.Models.TryGet(Device, out var device));
        Assert.False(device.Decommissioned);
        Assert.False(s.Twins.ContainsKey("meet1"));
        Assert.False(s.Outgoing.ContainsKey("meet1"));
        Assert.Equal([new RelationshipKey("room1", "r1")], s.Incoming["dev1"]);
    }

    [SkippableFact]
    public void Inline_interfaces_reload_also_after_their_parent_is_deleted()
    {
        var store = CreateStore();
        GraphSnapshot expected;
        using (var service = new TwinService(store, Clock()))
        {
            service.Write(g => g.ImportModels([new DtdlSource(BuildingModel, "building.json")]));
            Assert.Equal(3, service.Snapshot.Models.Count); // the holder and two nested inline interfaces (component schema, and its base)
            service.Write(g => g.CreateOrReplaceTwin("b1", Json($$$"""
                {"$metadata": {"$model": "{{{Building}}}"}, "address": "Main St 1",
                 "hvac": {"$metadata": {}, "mode": "cool", "vendor": "Acme"} }
                """)));
            expected = service.Snapshot;
            store = Reopen(store);
        }
        using (var service = new TwinService(store, Clock()))
        {
            AssertSameGraph(expected, service.Snapshot);
            Assert.Equal(2, service.Snapshot.Models.Find(Hvac)!.DtdlVersion);
            // Delete the holder: the inline interfaces stay and must still load on their own.
            service.Write(g =>
            {
                g.DeleteTwin("b1");
                g.DeleteModel(Building);
            });
            expected = service.Snapshot;
            store = Reopen(store);
        }
        using (var service = new TwinService(store, Clock()))
        {
            AssertSameGraph(expected, service.Snapshot);
            var hvac = service.Snapshot.Models.Find(Hvac)!;
            Assert.Equal(2, hvac.DtdlVersion);
            Assert.Equal("building.json", hvac.SourceFile);
            Assert.DoesNotContain("@context", hvac.Definition);
            Assert.Equal([Equipment], hvac.Extends);
            Assert.Equal(2, service.Snapshot.Models.Find(Equipment)!.DtdlVersion);
            service.Write(g => g.CreateOrReplaceTwin("h1", Json($$$"""{"$metadata": {"$model": "{{{Hvac}}}"}, "mode": "heat", "vendor": "Acme" }""")));
            store = Reopen(store);
        }
        using var _ = store;
        Assert.Equal("heat", store.Load().Twins["h1"].Properties.At("mode").Value.GetString());
    }

    [SkippableFact]
    public void A_failed_service_write_rolls_back_the_graph_and_changes_nothing_stored()
    {
        var store = CreateStore();
        GraphSnapshot before;
        using (var service = new TwinService(store, Clock()))
        {
            BuildSampleGraph(service);
            before = service.Snapshot;
            var ex = Assert.Throws<TwinLabException>(() => service.Write(g =>
            {
                g.CreateOrReplaceTwin("dev9", Json($$$"""{"$metadata": {"$model": "{{{Thermostat}}}"}}"""));
                g.UpdateTwin("room1", [JsonPatchOperation.Replace("/area", Json("1"))]);
                g.AppendTelemetry("dev1", null, Json("""{"temperature": 20}"""), T(0));
                g.DeleteTwin("room1"); // still has relationships: throws after three successful changes
            }));
            Assert.Equal(ErrorCodes.RelationshipsNotDeleted, ex.Code);
            Assert.Same(before, service.Snapshot);
            // The live graph was restored too: the next write starts from the old state and version.
            var t = service.Write(g => g.FindTwin("dev9"));
            Assert.Null(t);
            var dev = service.Write(g => g.UpdateTwin("dev2", [JsonPatchOperation.Replace("/serial", Json("\"C-3\""))]));
            Assert.Equal($"W/\"{before.Version + 1}\"", dev.ETag);
            store = Reopen(store);
        }
        using var _ = store;
        var s = store.Load();
        Assert.Equal(before.Version + 1, s.Version);
        Assert.False(s.Twins.ContainsKey("dev9"));
        Assert.Equal(40, s.Twins["room1"].Properties.At("area").Value.GetDouble());
        Assert.Empty(store.ReadTelemetry("dev1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    // ---------------------------------------------------------------- telemetry

    [SkippableFact]
    public void Telemetry_range_reads_are_half_open_and_ordered_by_time()
    {
        var store = CreateStore();
        // Appended out of order, across two commits.
        store.Commit([new TelemetryAppended([Point("a", "temperature", T(30), 3), Point("a", "temperature", T(10), 1)])], 1);
        store.Commit([new TelemetryAppended([Point("a", "temperature", T(20), 2), Point("a", "temperature", T(40), 4), Point("a", "temperature", T(0), 0)])], 2);

        store = Reopen(store);
        using var _ = store;
        AssertSamePoints([Point("a", "temperature", T(10), 1), Point("a", "temperature", T(20), 2), Point("a", "temperature", T(30), 3)],
            store.ReadTelemetry("a", "temperature", T(10), T(40)));
        // One tick before a point excludes it at the end and includes it at the start.
        AssertSamePoints([Point("a", "temperature", T(10), 1), Point("a", "temperature", T(20), 2), Point("a", "temperature", T(30), 3), Point("a", "temperature", T(40), 4)],
            store.ReadTelemetry("a", "temperature", T(10), T(40).AddTicks(1)));
        AssertSamePoints([Point("a", "temperature", T(20), 2)], store.ReadTelemetry("a", "temperature", T(10).AddTicks(1), T(30)));
        Assert.Empty(store.ReadTelemetry("a", "temperature", T(10), T(10)));
        Assert.Empty(store.ReadTelemetry("a", "temperature", T(41), T(100)));
        Assert.Equal(5, store.ReadTelemetry("a", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        // Offsets do not matter: the same instant in another zone.
        var plusTwo = TimeSpan.FromHours(2);
        AssertSamePoints([Point("a", "temperature", T(10), 1)], store.ReadTelemetry("a", "temperature", T(10).ToOffset(plusTwo), T(20).ToOffset(plusTwo)));
    }

    [SkippableFact]
    public void Telemetry_filters_by_twin_and_name_and_keeps_components_and_values()
    {
        var store = CreateStore();
        var points = new List<TelemetryPoint>
        {
            Point("a", "temperature", T(1), 20.5),
            Point("a", "humidity", T(2), 0.4),
            Point("a", "temperature", T(3), 21.25, component: "thermostat"),
            new("a", null, "status", T(4), Json("""{"ok": true, "codes": [1, 2], "text": "fine ✓"}""")),
            Point("b", "temperature", T(2), 99),
        };
        store.Commit([new TelemetryAppended(points)], 1);
        store = Reopen(store);
        using var _ = store;
        var all = DateTimeOffset.MinValue;
        var end = DateTimeOffset.MaxValue;
        AssertSamePoints(points.Where(p => p.TwinId == "a"), store.ReadTelemetry("a", null, all, end));
        AssertSamePoints([points[0], points[2]], store.ReadTelemetry("a", "temperature", all, end));
        AssertSamePoints([points[1]], store.ReadTelemetry("a", "humidity", all, end));
        AssertSamePoints([points[3]], store.ReadTelemetry("a", "status", all, end));
        AssertSamePoints([points[4]], store.ReadTelemetry("b", null, all, end));
        Assert.Equal("thermostat", store.ReadTelemetry("a", "temperature", all, end)[1].Component);
        Assert.Null(store.ReadTelemetry("a", "temperature", all, end)[0].Component);
        Assert.Empty(store.ReadTelemetry("a", "pressure", all, end));
        Assert.Empty(store.ReadTelemetry("nobody", null, all, end));
        Assert.Empty(store.ReadTelemetry("A", null, all, end)); // ids are case-sensitive
    }

    [SkippableFact]
    public void Telemetry_at_the_same_time_keeps_insertion_order()
    {
        var store = CreateStore();
        store.Commit([new TelemetryAppended([Point("a", "x", T(5), 1), Point("a", "x", T(5), 2)])], 1);
        store.Commit([new TelemetryAppended([Point("a", "x", T(5), 3), Point("a", "x", T(4), 0)])], 2);
        store = Reopen(store);
        using var _ = store;
        Assert.Equal([0.0, 1, 2, 3], store.ReadTelemetry("a", "x", T(0), T(10)).Select(p => p.Value.GetDouble()));
        Assert.Equal([0.0, 1, 2, 3], store.ReadTelemetry("a", null, T(0), T(10)).Select(p => p.Value.GetDouble()));
    }

    [SkippableFact]
    public void Telemetry_appended_through_the_service_persists()
    {
        var store = CreateStore();
        using (var service = new TwinService(store, Clock()))
        {
            BuildSampleGraph(service);
            service.Write(g =>
            {
                g.AppendTelemetry("dev1", null, Json("""{"temperature": 20.5, "humidity": 0.45}"""), T(1));
                g.AppendTelemetry("room1", "thermostat", Json("""{"temperature": 21}"""), T(2));
            });
            store = Reopen(store);
        }
        using var reopened = new TwinService(store, Clock());
        var dev = reopened.ReadTelemetry("dev1", null, T(0), T(5));
        Assert.Equal(["humidity", "temperature"], dev.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(dev, p => Assert.Equal(T(1), p.Timestamp));
        var room = Assert.Single(reopened.ReadTelemetry("room1", "temperature", T(0), T(5)));
        Assert.Equal("thermostat", room.Component);
        Assert.Equal(21, room.Value.GetDouble());
    }

    // ---------------------------------------------------------------- several instances over one storage (other processes)

    [SkippableFact]
    public void ReadHead_ShowsAnotherInstancesAppendsAndBranchChanges_AndAStaleInstanceAppendsAfterThem()
    {
        using var first = CreateStore();
        var second = CreateStore();
        try
        {
            var empty = second.ReadHead();
            Assert.Equal(0, empty.LastSequence);
            first.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
            Assert.Equal(1, second.ReadHead().LastSequence);
            Assert.Equal(empty.Branches, second.ReadHead().Branches);
            first.SaveBranch(new BranchInfo("sim", BranchInfo.Main, 1, T(2)));
            var created = second.ReadHead().Branches;
            Assert.NotEqual(empty.Branches, created);
            first.SaveBranch(new BranchInfo("sim", BranchInfo.Main, 1, T(2)) { LastMerge = new MergePoint(1, 1) });
            Assert.NotEqual(created, second.ReadHead().Branches);
            first.DeleteBranch("sim");
            Assert.Equal(empty.Branches, second.ReadHead().Branches);

            // An instance that has not appended since the other did still numbers its events after the log's end.
            var appended = second.Append(BranchInfo.Main, [new TwinWritten(HandTwin("b", 2, T(3)), true)], 2, WriteContext.Default, T(3));
            Assert.Equal((2L, 2L), (appended.FirstSequence, appended.LastSequence));
            Assert.Equal([1L, 2L], first.ReadEvents(new Core.History.EventFilter()).Select(e => e.Sequence));
        }
        finally
        {
            if (!ReferenceEquals(first, second)) second.Dispose();
        }
    }

    [SkippableFact]
    public void AppendAfter_RefusesWhenTheLogHasMovedOn_AndWritesNothing()
    {
        using var first = CreateStore();
        var second = CreateStore();
        try
        {
            first.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
            var moved = Assert.Throws<Core.History.LogMovedException>(() =>
                second.AppendAfter(0, BranchInfo.Main, [new TwinWritten(HandTwin("b", 1, T(2)), true)], 1, new WriteContext("late", "key-1"), T(2)));
            Assert.Equal((0L, 1L), (moved.Expected, moved.Actual));
            Assert.Equal(ErrorCodes.ConcurrentWrite, moved.Code);
            Assert.Single(first.ReadEvents(new Core.History.EventFilter()));
            Assert.Null(first.FindWrite("key-1"));

            var appended = second.AppendAfter(1, BranchInfo.Main, [new TwinWritten(HandTwin("b", 2, T(2)), true)], 2, new WriteContext("late", "key-1"), T(2));
            Assert.Equal(2, appended.FirstSequence);
            Assert.Equal(new WriteRecord(2, 2), first.FindWrite("key-1"));
            Assert.Equal(2, first.ReadHead().LastSequence);
        }
        finally
        {
            if (!ReferenceEquals(first, second)) second.Dispose();
        }
    }

    [SkippableFact]
    public void AppendAfter_AKeyAnotherWriterCommittedSinceTheExpectedPosition_IsALogMove_NotADuplicate()
    {
        using var first = CreateStore();
        var second = CreateStore();
        try
        {
            first.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true)], 1);
            // Another process commits "key-1" while `second` still expects the log to end at 1.
            first.Append(BranchInfo.Main, [new TwinWritten(HandTwin("a", 2, T(2)), false)], 2, new WriteContext("cli", "key-1"), T(2));
            var moved = Assert.Throws<Core.History.LogMovedException>(() =>
                second.AppendAfter(1, BranchInfo.Main, [new TwinWritten(HandTwin("b", 2, T(3)), true)], 2, new WriteContext("server", "key-1"), T(3)));
            Assert.Equal((1L, 2L), (moved.Expected, moved.Actual));

            // Caught up, the same key is the duplicate it is: the first write's numbers, nothing written.
            var replay = second.AppendAfter(2, BranchInfo.Main, [new TwinWritten(HandTwin("b", 3, T(3)), true)], 3, new WriteContext("server", "key-1"), T(3));
            Assert.Equal((2L, 2L, true), (replay.FirstSequence, replay.LastSequence, replay.Duplicate));
            Assert.Equal(2, first.ReadHead().LastSequence);
            Assert.Equal(["cli"], first.ReadEvents(new Core.History.EventFilter(AfterSequence: 1)).Select(e => e.Actor));
        }
        finally
        {
            if (!ReferenceEquals(first, second)) second.Dispose();
        }
    }
}

/// <summary>The contract, against the in-memory store (which has no durable storage: reopening keeps the instance).</summary>
public sealed class InMemoryTwinStoreContractTests : TwinStoreContractTests
{
    private readonly InMemoryTwinStore _store = new();

    protected override ITwinStore CreateStore() => _store;

    protected override ITwinStore Reopen(ITwinStore store) => store;
}
