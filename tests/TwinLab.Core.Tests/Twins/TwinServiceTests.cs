using TwinLab.Core.History;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Twins.TwinFixture;

namespace TwinLab.Core.Tests.Twins;

public sealed class TwinServiceTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryTwinStore _store = new();
    private readonly TwinService _service;

    public TwinServiceTests()
    {
        _store.Commit([new ModelsImported(TwinFixture.Models.Entries.ToArray())], 0);
        _service = new TwinService(_store, _time);
        _service.Write(g =>
        {
            g.CreateOrReplaceTwin("patient-ada", Json(FullPatientBody));
            g.CreateOrReplaceTwin("dr-house", Json($$"""{"$metadata":{"$model":"{{ClinicianId}}"},"name":"Gregory House"}"""));
            g.CreateOrReplaceRelationship("patient-ada", "rel-doc", Json("""{"$relationshipName":"treatedBy","$targetId":"dr-house","since":"2023-05-01"}"""));
        });
    }

    public void Dispose() => _service.Dispose();

    /// <summary>A store that refuses every commit, as a full disk would.</summary>
    private sealed class FailingStore(ITwinStore inner, bool failAppends = true) : ITwinStore
    {
        public int Commits { get; private set; }
        public int SnapshotAttempts { get; private set; }
        public GraphSnapshot Load() => inner.Load();
        public long LastSequence => inner.LastSequence;
        public AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
        {
            Commits++;
            if (failAppends) throw new IOException("disk full");
            return inner.Append(branch, changes, version, context, timestamp);
        }
        public WriteRecord? FindWrite(string idempotencyKey) => inner.FindWrite(idempotencyKey);
        public IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter) => inner.ReadEvents(filter);
        public long SequenceAt(DateTimeOffset time) => inner.SequenceAt(time);
        public IReadOnlyList<BranchInfo> LoadBranches() => inner.LoadBranches();
        public void SaveBranch(BranchInfo branch) => inner.SaveBranch(branch);
        public void SaveDocument(StoredDocument document) => inner.SaveDocument(document);
        public StoredDocument? LoadDocument(string kind, string id) => inner.LoadDocument(kind, id);
        public IReadOnlyList<StoredDocument> ListDocuments(string kind) => inner.ListDocuments(kind);
        public bool DeleteDocument(string kind, string id) => inner.DeleteDocument(kind, id);
        public void DeleteBranch(string name) => inner.DeleteBranch(name);
        public void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot)
        {
            SnapshotAttempts++;
            if (!failAppends) throw new IOException("database is locked");
            inner.SaveSnapshot(branch, sequence, snapshot);
        }
        public StoredSnapshot? LoadSnapshot(string branch, long atOrBefore) => inner.LoadSnapshot(branch, atOrBefore);
        public IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to) =>
            inner.ReadTelemetry(lineage, twinId, name, from, to);
        public void Dispose() => inner.Dispose();
    }

    // ================================================================ commits

    [Fact]
    public void Write_ValidOperations_CommittedToStoreAndSnapshot()
    {
        Assert.Equal(Describe(_service.Snapshot), Describe(_store.Load()));
        // Versions follow the event log: the models are event 1, the setup's three writes events 2–4.
        Assert.Equal(4, _service.Snapshot.Version);
        Assert.Equal(2, _service.Snapshot.Twins.Count);
        Assert.Single(_store.Load().Relationships);
    }

    [Fact]
    public void Write_ReturnsOperationResult()
    {
        var twin = _service.Write(g => g.UpdateTwin("patient-ada", [Replace("/age", "59")]));

        Assert.Equal("W/\"5\"", twin.ETag);
        Assert.Same(twin, _service.Snapshot.Twins["patient-ada"]);
    }

    [Fact]
    public void Write_ReplaceAndDeleteRelationshipsAndTwins_StoreReplayMatchesGraph()
    {
        _service.Write(g =>
        {
            g.CreateOrReplaceTwin("dr-quinn", Json($$"""{"$metadata":{"$model":"{{ClinicianId}}"},"name":"Michaela Quinn"}"""));
            g.CreateOrReplaceRelationship("patient-ada", "rel-doc", Json("""{"$relationshipName":"treatedBy","$targetId":"dr-quinn"}"""));
            g.UpdateRelationship("patient-ada", "rel-doc", [Add("/since", "\"2024-03-01\"")]);
            g.DeleteTwin("dr-house");
            g.UpdateTwin("patient-ada", [Remove("/smoker"), Replace("/$metadata/$model", $"\"{PatientV2Id}\"")]);
            g.DecommissionModel(PatientId);
        });

        Assert.Equal(Describe(_service.Snapshot), Describe(_store.Load()));
        Assert.False(_store.Load().Twins.ContainsKey("dr-house"));
        Assert.Equal("patient-ada/rel-doc", string.Join(",", _store.Load().IncomingOf("dr-quinn").Select(r => r.SourceId + "/" + r.Id)));
        Assert.Empty(_store.Load().IncomingOf("dr-house"));
    }

    [Fact]
    public void Write_NoChanges_DoesNotTouchStoreOrSnapshot()
    {
        var before = _service.Snapshot;
        var storeBefore = _store.Load();

        var name = _service.Write(g => g.GetTwin("patient-ada").Id);

        Assert.Equal("patient-ada", name);
        Assert.Same(storeBefore, _store.Load());
        Assert.Equal(Describe(before), Describe(_service.Snapshot));
    }

    [Fact]
    public void NewService_OnSameStore_LoadsStateAndContinuesETags()
    {
        using var reopened = new TwinService(_store, _time);

        Assert.Equal(Describe(_service.Snapshot), Describe(reopened.Snapshot));
        var twin = reopened.Write(g => g.UpdateTwin("patient-ada", [Replace("/age", "59")]));
        Assert.Equal("W/\"5\"", twin.ETag);
    }

    // ================================================================ rollback

    [Fact]
    public void Write_ValidWriteThenThrow_ServiceSnapshotAndStoreUnchanged()
    {
        var snapshotBefore = _service.Snapshot;
        var described = Describe(snapshotBefore);
        var storeBefore = _store.Load();

        var ex = Assert.Throws<InvalidOperationException>(() => _service.Write(g =>
        {
            g.UpdateTwin("patient-ada", [Replace("/age", "59")]);
            g.CreateOrReplaceTwin("patient-bob", PatientBody());
            g.DeleteRelationship("patient-ada", "rel-doc");
            throw new InvalidOperationException("operator cancelled");
        }));

        Assert.Equal("operator cancelled", ex.Message);
        Assert.Same(snapshotBefore, _service.Snapshot);
        Assert.Equal(described, Describe(_service.Snapshot));
        Assert.Same(storeBefore, _store.Load());
        Assert.Equal(described, Describe(_store.Load()));
    }

    [Fact]
    public void Write_ValidWriteThenInvalidWrite_TwinLabExceptionPropagatesAndNothingChanges()
    {
        var described = Describe(_service.Snapshot);

        var ex = Assert.Throws<TwinLabException>(() => _service.Write(g =>
        {
            g.UpdateTwin("patient-ada", [Replace("/age", "59")]);
            g.UpdateTwin("patient-ada", [Replace("/riskLevel", "\"extreme\"")]);
        }));

        Assert.Equal(ErrorCodes.ValidationFailed, ex.Code);
        Assert.Contains("/riskLevel", ex.Message);
        Assert.Equal(described, Describe(_service.Snapshot));
        Assert.Equal(described, Describe(_store.Load()));
    }

    [Fact]
    public void Write_AfterRollback_GraphStartsFromLastCommittedStateAndETagsContinue()
    {
        Assert.ThrowsAny<Exception>(() => _service.Write(g =>
        {
            g.UpdateTwin("patient-ada", [Replace("/age", "59")]);
            throw new InvalidOperationException();
        }));

        var (age, pending, twin) = _service.Write(g =>
        {
            var age = Compact(g.GetTwin("patient-ada").Properties.Single(p => p.Key == "age").Value.Value);
            var pending = g.PendingChanges.Count;
            return (age, pending, g.UpdateTwin("patient-ada", [Replace("/age", "60")]));
        });

        Assert.Equal("58", age);
        Assert.Equal(0, pending);
        Assert.Equal("W/\"5\"", twin.ETag);
        Assert.Equal(Describe(_service.Snapshot), Describe(_store.Load()));
    }

    [Fact]
    public void Write_RolledBackTelemetry_NotStored()
    {
        Assert.Throws<InvalidOperationException>(() => _service.Write(g =>
        {
            g.AppendTelemetry("patient-ada", null, Json("{\"heartRate\":72.0}"));
            throw new InvalidOperationException();
        }));

        Assert.Empty(_service.ReadTelemetry("patient-ada", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Write_StoreCommitFails_GraphRolledBackAndSnapshotUnchanged()
    {
        using var inner = new InMemoryTwinStore();
        inner.Commit([new ModelsImported(TwinFixture.Models.Entries.ToArray())], 0);
        var failing = new FailingStore(inner);
        var service = new TwinService(failing, _time);
        var described = Describe(service.Snapshot);

        Assert.Throws<IOException>(() => service.Write(g => g.CreateOrReplaceTwin("patient-bob", PatientBody())));

        Assert.Equal(1, failing.Commits);
        Assert.Equal(described, Describe(service.Snapshot));
        Assert.Equal(described, Describe(inner.Load()));
        Assert.Null(service.Write(g => g.FindTwin("patient-bob")));
    }

    [Fact]
    public void Write_SnapshotFailsAfterTheCommit_WriteStillSucceedsAndStaysInTheGraph()
    {
        using var inner = new InMemoryTwinStore();
        inner.Commit([new ModelsImported(TwinFixture.Models.Entries.ToArray())], 0);
        var store = new FailingStore(inner, failAppends: false);
        var service = new TwinService(store, _time) { SnapshotInterval = 1 };

        for (var i = 0; i < 6; i++) service.Write(g => g.CreateOrReplaceTwin("patient-bob", PatientBody()));
        service.WaitForSnapshot();

        // The snapshot is best effort: the committed write is neither reported as failed nor undone in memory.
        Assert.True(store.SnapshotAttempts > 0);
        Assert.NotNull(service.Write(g => g.FindTwin("patient-bob")));
        Assert.Contains("patient-bob", inner.Load().Twins.Keys);
    }

    /// <summary>A store whose snapshot saves block until released, as a large graph's would take a while.</summary>
    private sealed class SlowSnapshotStore(ITwinStore inner) : ITwinStore
    {
        public readonly ManualResetEventSlim Release = new();
        public readonly SemaphoreSlim Started = new(0);
        public int Saves;
        public int MostAtOnce;
        private int _running;
        public readonly List<(long Sequence, GraphSnapshot Snapshot)> Saved = [];
        public GraphSnapshot Load() => inner.Load();
        public long LastSequence => inner.LastSequence;
        public AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp) =>
            inner.Append(branch, changes, version, context, timestamp);
        public WriteRecord? FindWrite(string idempotencyKey) => inner.FindWrite(idempotencyKey);
        public IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter) => inner.ReadEvents(filter);
        public long SequenceAt(DateTimeOffset time) => inner.SequenceAt(time);
        public IReadOnlyList<BranchInfo> LoadBranches() => inner.LoadBranches();
        public void SaveBranch(BranchInfo branch) => inner.SaveBranch(branch);
        public void SaveDocument(StoredDocument document) => inner.SaveDocument(document);
        public StoredDocument? LoadDocument(string kind, string id) => inner.LoadDocument(kind, id);
        public IReadOnlyList<StoredDocument> ListDocuments(string kind) => inner.ListDocuments(kind);
        public bool DeleteDocument(string kind, string id) => inner.DeleteDocument(kind, id);
        public void DeleteBranch(string name) => inner.DeleteBranch(name);
        public void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot)
        {
            var now = Interlocked.Increment(ref _running);
            lock (Saved) MostAtOnce = Math.Max(MostAtOnce, now);
            Interlocked.Increment(ref Saves);
            Started.Release();
            Release.Wait(TimeSpan.FromSeconds(30));
            lock (Saved) Saved.Add((sequence, snapshot));
            inner.SaveSnapshot(branch, sequence, snapshot);
            Interlocked.Decrement(ref _running);
        }
        public StoredSnapshot? LoadSnapshot(string branch, long atOrBefore) => inner.LoadSnapshot(branch, atOrBefore);
        public IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to) =>
            inner.ReadTelemetry(lineage, twinId, name, from, to);
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void Write_SnapshotDue_SavedInTheBackgroundWithoutHoldingUpWritesOneAtATime()
    {
        using var inner = new InMemoryTwinStore();
        inner.Commit([new ModelsImported(TwinFixture.Models.Entries.ToArray())], 0);
        var store = new SlowSnapshotStore(inner);
        var service = new TwinService(store, _time) { SnapshotInterval = 2 };

        service.Write(g => g.CreateOrReplaceTwin("patient-bob", PatientBody()));
        // Due every max(SnapshotInterval, 4 × (twins + relationships)) = 4 events: the models event and these four.
        for (var i = 0; i < 3; i++) service.Write(g => g.UpdateTwin("patient-bob", [Add("/age", "2")]));
        Assert.True(store.Started.Wait(TimeSpan.FromSeconds(10)), "no snapshot save started");
        var first = service.LastSequence;
        var etagThen = service.Snapshot.Twins["patient-bob"].ETag;
        // The save is stuck: writes still go through, and no second save starts beside it although one is due again.
        for (var i = 3; i <= 8; i++)
        {
            var age = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            service.Write(g => g.UpdateTwin("patient-bob", [Add("/age", age)]));
        }
        Assert.Equal(first + 6, service.LastSequence);
        Assert.Equal(1, Volatile.Read(ref store.Saves));

        store.Release.Set();
        service.WaitForSnapshot();
        Assert.Equal(1, store.MostAtOnce);
        // The state saved is the one at the position it is keyed by, not a later one.
        var (sequence, snapshot) = Assert.Single(store.Saved);
        Assert.Equal(first, sequence);
        Assert.Equal(etagThen, snapshot.Twins["patient-bob"].ETag);

        // The next write starts the next save (one is due again), and Dispose waits for it to be stored.
        service.Write(g => g.UpdateTwin("patient-bob", [Add("/age", "9")]));
        Assert.True(store.Started.Wait(TimeSpan.FromSeconds(10)), "no second snapshot save started");
        service.Dispose();
        Assert.Equal(2, store.Saves);
        Assert.Equal(service.LastSequence, inner.LoadSnapshot(BranchInfo.Main, long.MaxValue)!.Sequence);
    }

    // ================================================================ telemetry through the service

    [Fact]
    public void ReadTelemetry_AppendedPoints_FilteredByNameAndHalfOpenRange()
    {
        var t0 = Start.AddHours(1);
        _service.Write(g =>
        {
            g.AppendTelemetry("patient-ada", null, Json("{\"heartRate\":70.0}"), t0);
            g.AppendTelemetry("patient-ada", "monitor", Json("{\"systolic\":140,\"diastolic\":90}"), t0.AddMinutes(1));
            g.AppendTelemetry("patient-ada", null, Json("{\"heartRate\":75.0}"), t0.AddMinutes(2));
        });

        var all = _service.ReadTelemetry("patient-ada", null, t0, t0.AddMinutes(3));
        var heart = _service.ReadTelemetry("patient-ada", "heartRate", t0, t0.AddMinutes(2));

        Assert.Equal(["heartRate", "systolic", "diastolic", "heartRate"], all.Select(p => p.Name));
        Assert.Equal([70.0], heart.Select(p => p.Value.GetDouble()));
        // Each telemetry append is an event of its own (events 5–7 after the setup's 1–4).
        Assert.Equal(7, _service.Snapshot.Version);
    }

    [Fact]
    public void ReadTelemetry_UnknownTwin_DigitalTwinNotFound()
    {
        var ex = Assert.Throws<TwinLabException>(() => _service.ReadTelemetry("patient-ghost", null, Start, Start.AddDays(1)));

        Assert.Equal(ErrorCodes.DigitalTwinNotFound, ex.Code);
        Assert.Contains("patient-ghost", ex.Message);
    }
}
