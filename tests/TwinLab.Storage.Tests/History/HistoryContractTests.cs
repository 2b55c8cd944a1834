using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

/// <summary>
/// The event log, time travel, idempotency, branches and merges, as every <see cref="ITwinStore"/> must support them
/// through <see cref="TwinService"/>. Subclasses supply the store; "restart" means a new service (and, for a durable
/// store, a new store instance) over the same storage.
/// </summary>
public abstract partial class HistoryContractTests : IDisposable
{
    private readonly List<TwinService> _opened = [];

    /// <summary>The clock every service of a test runs on; it moves only when a test moves it.</summary>
    protected FakeTimeProvider Clock { get; } = Clinic.Clock();

    /// <summary>A store over this test's storage. A durable store returns a new instance over the same storage each call
    /// (the previous one disposed); the in-memory store returns the same instance (its Dispose does nothing).</summary>
    protected abstract ITwinStore CreateStore();

    /// <summary>Whether <see cref="CreateStore"/> reopens real storage (so a restart reads everything back from it).</summary>
    protected abstract bool Durable { get; }

    protected TwinService Open(int snapshotInterval = 10_000)
    {
        var service = new TwinService(CreateStore(), Clock) { SnapshotInterval = snapshotInterval };
        _opened.Add(service);
        return service;
    }

    /// <summary>Disposes the service (and its store) and opens a new one over the same storage.</summary>
    protected TwinService Restart(TwinService service, int snapshotInterval = 10_000)
    {
        service.Dispose();
        return Open(snapshotInterval);
    }

    public virtual void Dispose()
    {
        foreach (var s in _opened) s.Dispose();
        GC.SuppressFinalize(this);
    }

    private static IReadOnlyList<long> Seqs(IEnumerable<StoredEvent> events) => events.Select(e => e.Sequence).ToArray();

    private static long[] Range(long first, long last) => Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i).ToArray();

    // ================================================================ 1. the event log

    [SkippableFact]
    public void Write_EveryChange_AppendsOneEventWithConsecutiveSequenceClockTimeActorAndBranch()
    {
        var s = Open();
        var expected = new List<(string Type, string Actor, string Branch, DateTimeOffset Time, string? Key, string? Twin)>();
        void Expect(string actor, string branch, string? key, params (string Type, string? Twin)[] events)
        {
            foreach (var (type, twin) in events) expected.Add((type, actor, branch, Clock.GetUtcNow(), key, twin));
        }

        var o1 = s.Do(Clock, BranchInfo.Main, ImportCore, "admin");
        Expect("admin", BranchInfo.Main, null, ("ModelsImported", null));
        var o2 = s.Do(Clock, BranchInfo.Main, g =>
        {
            g.CreateOrReplaceTwin("c-house", ClinicianBody("Gregory House"));
            g.CreateOrReplaceTwin("p-ada", PatientBody("Ada Lovelace", 150, 95));
            g.CreateOrReplaceRelationship("p-ada", "r-ada-house", TreatedBy("c-house"));
        }, "dr-house");
        Expect("dr-house", BranchInfo.Main, null, ("TwinWritten", "c-house"), ("TwinWritten", "p-ada"), ("RelationshipWritten", "p-ada"));
        var o3 = s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(72), Start), "monitor-7");
        Expect("monitor-7", BranchInfo.Main, null, ("TelemetryAppended", "p-ada"));
        var o4 = s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "142")), "nurse-joy", "adt-0001");
        Expect("nurse-joy", BranchInfo.Main, "adt-0001", ("TwinWritten", "p-ada"));
        s.CreateBranch("what-if");
        var o5 = s.Do(Clock, "what-if", g => g.UpdateTwin("p-ada", Set("/systolic", "120")), "planner");
        Expect("planner", "what-if", null, ("TwinWritten", "p-ada"));
        var o6 = s.Do(Clock, BranchInfo.Main, g =>
        {
            g.DeleteRelationship("p-ada", "r-ada-house");
            g.DeleteTwin("c-house");
        }, "dr-house");
        Expect("dr-house", BranchInfo.Main, null, ("RelationshipDeleted", "p-ada"), ("TwinDeleted", "c-house"));

        Assert.Equal((1L, 1L), (o1.FirstSequence, o1.LastSequence));
        Assert.Equal((2L, 4L), (o2.FirstSequence, o2.LastSequence));
        Assert.Equal((5L, 5L), (o3.FirstSequence, o3.LastSequence));
        Assert.Equal((6L, 6L), (o4.FirstSequence, o4.LastSequence));
        Assert.Equal((7L, 7L), (o5.FirstSequence, o5.LastSequence));
        Assert.Equal((8L, 9L), (o6.FirstSequence, o6.LastSequence));
        Assert.All(new[] { o1, o2, o3, o4, o5, o6 }, o => Assert.False(o.Duplicate));
        Assert.Equal(9, s.LastSequence);

        var events = s.History(new EventFilter());
        Assert.Equal(Range(1, 9), Seqs(events));
        for (var i = 0; i < events.Count; i++)
        {
            var (type, actor, branch, time, key, twin) = expected[i];
            var e = events[i];
            Assert.Equal(type, e.Type);
            Assert.Equal(actor, e.Actor);
            Assert.Equal(branch, e.Branch);
            Assert.Equal(time, e.Timestamp);
            Assert.Equal(key, e.IdempotencyKey);
            Assert.Equal(twin, e.TwinId);
        }

        // The same log after a restart.
        s = Restart(s);
        var reread = s.History(new EventFilter());
        Assert.Equal(events.Select(e => (e.Sequence, e.Timestamp, e.Actor, e.Branch, e.IdempotencyKey, e.Type, e.TwinId, e.Payload)),
            reread.Select(e => (e.Sequence, e.Timestamp, e.Actor, e.Branch, e.IdempotencyKey, e.Type, e.TwinId, e.Payload)));
        Assert.Equal(9, s.LastSequence);
        var o7 = s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/diastolic", "90")));
        Assert.Equal((10L, 10L), (o7.FirstSequence, o7.LastSequence));
    }

    [SkippableFact]
    public void Write_NothingChangedOrOperationFailed_AppendsNothing()
    {
        var s = Open();
        Seed(s, Clock);
        var last = s.LastSequence;
        var before = s.Snapshot;

        var read = s.Write(BranchInfo.Main, new WriteContext("reader"), g => g.GetTwin("p-ada").ETag);
        Assert.Equal(last, read.LastSequence);
        Assert.True(read.FirstSequence > read.LastSequence);
        Assert.Equal(last, s.LastSequence);

        // A write that changed two things and then failed leaves no event behind.
        Assert.Throws<TwinLabException>(() => s.Do(Clock, BranchInfo.Main, g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "155"));
            g.AppendTelemetry("p-ada", null, Vitals(80), Start);
            g.UpdateTwin("p-ada", Set("/systolic", "\"very high\""));
        }));
        Assert.Equal(last, s.LastSequence);
        Assert.Equal(Range(1, last), Seqs(s.History(new EventFilter())));
        AssertSameState(before, s.Snapshot);
        Assert.Equal(before.Version, s.Snapshot.Version);
        Assert.Empty(s.ReadTelemetry("p-ada", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

        var next = s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "156")));
        Assert.Equal(last + 1, next.FirstSequence);
    }

    [SkippableFact]
    public void History_TwinFilter_ReturnsItsOwnEventsAndRelationshipsNamingItAsTarget()
    {
        var s = Open();
        Seed(s, Clock); // 1 models; 2 c-house, 3 c-cuddy, 4 p-ada, 5 p-bob, 6 r-ada-house (p-ada → c-house)
        var tel = s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(70), Start)).LastSequence;
        var bobPatch = s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-bob", Set("/systolic", "131"))).LastSequence;
        var bobRel = s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceRelationship("p-bob", "r-bob-house", TreatedBy("c-house", "consultant"))).LastSequence;
        var houseCall = s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("c-house", Set("/onCall", "true"))).LastSequence;
        var bobTel = s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-bob", null, Vitals(64), Start)).LastSequence;
        s.CreateBranch("sim");
        var simHouse = s.Do(Clock, "sim", g => g.UpdateTwin("c-house", Set("/specialty", "\"nephrology\""))).LastSequence;

        Assert.Equal([2L, 6, bobRel, houseCall, simHouse], Seqs(s.History(new EventFilter(TwinId: "c-house"))));
        Assert.Equal([2L, 6, bobRel, houseCall], Seqs(s.History(new EventFilter(BranchInfo.Main, TwinId: "c-house"))));
        Assert.Equal([simHouse], Seqs(s.History(new EventFilter("sim", TwinId: "c-house"))));
        Assert.Equal([4L, 6, tel], Seqs(s.History(new EventFilter(TwinId: "p-ada"))));
        Assert.Equal([5L, bobPatch, bobRel, bobTel], Seqs(s.History(new EventFilter(TwinId: "p-bob"))));
        Assert.Equal([3L], Seqs(s.History(new EventFilter(TwinId: "c-cuddy"))));
        Assert.Empty(s.History(new EventFilter(TwinId: "nobody")));
        // The twin filter combines with the others.
        Assert.Equal([bobRel, houseCall], Seqs(s.History(new EventFilter(TwinId: "c-house", AfterSequence: 6, Limit: 2))));
        Assert.Equal([6L], Seqs(s.History(new EventFilter(TwinId: "c-house", Types: ["RelationshipWritten"], UpToSequence: bobRel - 1))));

        s = Restart(s);
        Assert.Equal([2L, 6, bobRel, houseCall, simHouse], Seqs(s.History(new EventFilter(TwinId: "c-house"))));
    }

    [SkippableFact]
    public void History_TwinFilter_IncludesDeletionOfRelationshipTargetingIt()
    {
        var s = Open();
        Seed(s, Clock);
        var created = s.History(new EventFilter(Types: ["RelationshipWritten"])).Single().Sequence;
        var deleted = s.Do(Clock, BranchInfo.Main, g => g.DeleteRelationship("p-ada", "r-ada-house")).LastSequence;
        Assert.Equal([2L, created, deleted], Seqs(s.History(new EventFilter(TwinId: "c-house"))));
    }

    /// <summary>A target twin id outside ASCII (the payload's JSON escapes it) is still found by the twin filter.</summary>
    protected void AssertTwinFilterFindsNonAsciiTarget()
    {
        var s = Open();
        Seed(s, Clock);
        var created = s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceTwin("c-günther-müller", ClinicianBody("Günther Müller"))).LastSequence;
        var rel = s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceRelationship("p-bob", "r-bob-müller", TreatedBy("c-günther-müller"))).LastSequence;
        Assert.Equal([created, rel], Seqs(s.History(new EventFilter(TwinId: "c-günther-müller"))));
    }

    [SkippableFact]
    public void History_SinceLimitAndRange_SelectByTimeCountAndSequence()
    {
        var s = Open();
        Seed(s, Clock); // writes at Start+1s (event 1) and Start+2s (events 2–6)
        var times = new List<(DateTimeOffset Time, long First, long Last)>();
        for (var i = 0; i < 4; i++)
        {
            var o = s.Do(Clock, BranchInfo.Main, g =>
            {
                g.UpdateTwin("p-ada", Set("/systolic", (140 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                g.UpdateTwin("p-bob", Set("/diastolic", (80 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            });
            times.Add((Clock.GetUtcNow(), o.FirstSequence, o.LastSequence));
        }
        var last = s.LastSequence;
        Assert.Equal(14, last);

        // Since is inclusive and compares instants, whatever the offset it is given in.
        Assert.Equal(Range(times[2].First, last), Seqs(s.History(new EventFilter(Since: times[2].Time))));
        Assert.Equal(Range(times[2].First, last), Seqs(s.History(new EventFilter(Since: times[2].Time.ToOffset(TimeSpan.FromHours(-5))))));
        Assert.Equal(Range(times[3].First, last), Seqs(s.History(new EventFilter(Since: times[2].Time.AddTicks(1)))));
        Assert.Equal(Range(1, last), Seqs(s.History(new EventFilter(Since: Start))));
        Assert.Empty(s.History(new EventFilter(Since: Clock.GetUtcNow().AddTicks(1))));
        // Limit takes the first ones, after the other filters.
        Assert.Equal([1L, 2], Seqs(s.History(new EventFilter(Limit: 2))));
        Assert.Equal([times[1].First, times[1].First + 1, times[2].First], Seqs(s.History(new EventFilter(Since: times[1].Time, Limit: 3))));
        Assert.Equal([times[1].First, times[2].First], Seqs(s.History(new EventFilter(TwinId: "p-ada", Since: times[1].Time, Limit: 2))));
        Assert.Empty(s.History(new EventFilter(Limit: 0)));
        // Sequence ranges are (after, upTo].
        Assert.Equal(Range(5, 9), Seqs(s.History(new EventFilter(AfterSequence: 4, UpToSequence: 9))));
        Assert.Equal(Range(11, 14), Seqs(s.History(new EventFilter(AfterSequence: 10))));
        Assert.Equal(Range(1, 3), Seqs(s.History(new EventFilter(UpToSequence: 3))));
        Assert.Equal([1L], Seqs(s.History(new EventFilter(Types: EventFilter.ModelTypes))));

        s = Restart(s);
        Assert.Equal(Range(times[2].First, last), Seqs(s.History(new EventFilter(Since: times[2].Time))));
        Assert.Equal([times[1].First, times[1].First + 1, times[2].First], Seqs(s.History(new EventFilter(Since: times[1].Time, Limit: 3))));
    }

    // ================================================================ 2. ETags name events

    [SkippableFact]
    public void Write_TwinsAndRelationships_ETagNamesTheEventThatWroteThem()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("sim");
        for (var i = 0; i < 5; i++)
        {
            var v = (130 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", v)));
            s.Do(Clock, BranchInfo.Main, g =>
            {
                g.AppendTelemetry("p-bob", null, Vitals(60 + i), Start.AddMinutes(i));
                g.UpdateTwin("p-bob", Set("/systolic", v));
                g.UpdateRelationship("p-ada", "r-ada-house", Set("/role", $"\"role-{i}\""));
            });
        }
        var outcome = s.Write(BranchInfo.Main, new WriteContext("nurse"), g => g.UpdateTwin("p-ada", Set("/ward", "\"icu\"")));
        Assert.Equal($"W/\"{outcome.LastSequence}\"", outcome.Value.ETag);

        void Check(TwinService service)
        {
            var lastWrite = new Dictionary<(string Branch, string Entity), long>();
            foreach (var e in service.History(new EventFilter()))
            {
                using var doc = JsonDocument.Parse(e.Payload);
                switch (e.Type)
                {
                    case "TwinWritten":
                        var twin = doc.RootElement.GetProperty("twin");
                        Assert.Equal($"W/\"{e.Sequence}\"", twin.GetProperty("$etag").GetString());
                        lastWrite[(e.Branch, twin.GetProperty("$dtId").GetString()!)] = e.Sequence;
                        break;
                    case "RelationshipWritten":
                        var rel = doc.RootElement.GetProperty("relationship");
                        Assert.Equal($"W/\"{e.Sequence}\"", rel.GetProperty("$etag").GetString());
                        lastWrite[(e.Branch, rel.GetProperty("$sourceId").GetString() + "/" + rel.GetProperty("$relationshipId").GetString())] = e.Sequence;
                        break;
                }
            }
            foreach (var t in service.Snapshot.Twins.Values)
                Assert.Equal($"W/\"{lastWrite[(BranchInfo.Main, t.Id)]}\"", t.ETag);
            foreach (var r in service.Snapshot.Relationships)
                Assert.Equal($"W/\"{lastWrite[(BranchInfo.Main, r.SourceId + "/" + r.Id)]}\"", r.ETag);
            // The branch's p-ada carries its own last write; its untouched twins keep main's ETags from before the fork.
            var sim = service.SnapshotOf("sim");
            Assert.Equal($"W/\"{lastWrite[("sim", "p-ada")]}\"", sim.Twins["p-ada"].ETag);
            Assert.Equal($"W/\"{lastWrite[(BranchInfo.Main, "c-house")]}\"", sim.Twins["c-house"].ETag);
        }

        Check(s);
        s = Restart(s);
        Check(s);
        var next = s.Write(BranchInfo.Main, new WriteContext("nurse"), g => g.UpdateTwin("p-bob", Set("/ward", "\"icu\"")));
        Assert.Equal($"W/\"{next.LastSequence}\"", next.Value.ETag);
        Assert.Equal(s.LastSequence, next.LastSequence);
        var onBranch = s.Write("sim", new WriteContext("planner"), g => g.UpdateTwin("p-bob", Set("/ward", "\"hdu\"")));
        Assert.Equal($"W/\"{next.LastSequence + 1}\"", onBranch.Value.ETag);
    }

    // ================================================================ 3. as-of reads equal a replay of the log

    /// <summary>
    /// A day on the ward: every kind of change (models in two batches, creates, patches of properties, objects and components,
    /// relationship add / patch / delete, full replace, model change, twin delete, decommission, telemetry), with a branch
    /// written in between. Returns main's live state after each main write, keyed by the write's last sequence number.
    /// </summary>
    private SortedDictionary<long, GraphSnapshot> WardDay(TwinService s)
    {
        var live = new SortedDictionary<long, GraphSnapshot>();
        void Main(Action<TwinGraph> op) => live[s.Do(Clock, BranchInfo.Main, op).LastSequence] = s.Snapshot;

        live[0] = s.Snapshot;
        Main(ImportCore);
        Main(g =>
        {
            g.CreateOrReplaceTwin("c-house", ClinicianBody("Gregory House", "diagnostics"));
            g.CreateOrReplaceTwin("c-cuddy", ClinicianBody("Lisa Cuddy", "endocrinology"));
            g.CreateOrReplaceTwin("p-ada", PatientBody("Ada Lovelace", 150, 95));
            g.CreateOrReplaceTwin("p-bob", PatientBody("Bob Dylan", 128, 82, "nephrology"));
            g.CreateOrReplaceRelationship("p-ada", "r-ada-house", TreatedBy("c-house"));
        });
        Main(g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "142"));
            g.UpdateTwin("p-ada", [JsonPatchOperation.Replace("/diastolic", Json("91")), JsonPatchOperation.Replace("/target/systolic", Json("125"))]);
        });
        Main(g => g.AppendTelemetry("p-ada", null, Vitals(71.5), Start.AddMinutes(1)));
        Main(g => g.UpdateComponent("p-ada", "cuff", Set("/mode", "\"manual\"")));
        s.CreateBranch("sim");
        s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "118")));
        Main(g => g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy", "consultant")));
        Main(g => g.UpdateRelationship("p-ada", "r-ada-house", [JsonPatchOperation.Replace("/role", Json("\"consultant\""))]));
        s.Do(Clock, "sim", g => g.CreateOrReplaceTwin("p-cyd", PatientBody("Cyd Charisse", 135, 85)));
        Main(g => g.DeleteRelationship("p-ada", "r-ada-house"));
        Main(ImportWards);
        Main(g =>
        {
            g.CreateOrReplaceTwin("w-3", Json($$"""{ "$metadata": { "$model": "{{Ward}}" }, "name": "Ward 3", "beds": 12 }"""));
            g.CreateOrReplaceRelationship("w-3", "h-ada", Houses("p-ada"));
            g.CreateOrReplaceRelationship("w-3", "h-bob", Houses("p-bob"));
        });
        Main(g => g.CreateOrReplaceTwin("p-bob", PatientBody("Robert Zimmerman", 133, 84, "cardiology", "manual")));
        Main(g => g.UpdateTwin("p-ada", [JsonPatchOperation.Replace("/$metadata/$model", Json($"\"{Inpatient}\"")), JsonPatchOperation.Add("/bed", Json("\"3-B\""))]));
        Main(g =>
        {
            g.DeleteRelationship("w-3", "h-bob");
            g.DeleteRelationship("p-bob", "r-bob-cuddy");
            g.DeleteTwin("p-bob");
        });
        Main(g => g.DecommissionModel(Ward));
        Main(g => g.DeleteModel(Bed));
        Main(g =>
        {
            g.CreateOrReplaceTwin("c-wilson", ClinicianBody("James Wilson", "oncology"));
            g.DeleteTwin("c-wilson");
            g.UpdateTwin("c-house", Set("/onCall", "true"));
        });
        Main(g => g.UpdateTwin("p-ada", [JsonPatchOperation.Remove("/ward")]));
        return live;
    }

    private static void AssertAsOfEqualsReplay(TwinService s, SortedDictionary<long, GraphSnapshot> live, string when)
    {
        var last = s.LastSequence;
        for (var k = 0L; k <= last + 1; k++)
        {
            var asOf = s.SnapshotOf(BranchInfo.Main, k);
            var replay = Replay(s.Store, k);
            AssertSameState(replay, asOf, $"{when}: as of {k}");
            Assert.Equal(replay.Version, asOf.Version);
        }
        // At every write boundary the as-of state is the state the live graph had then.
        foreach (var (k, state) in live)
        {
            AssertSameState(state, s.SnapshotOf(BranchInfo.Main, k), $"{when}: live state after the write ending at {k}");
            // Between that write and the next main write, nothing on main changes.
            var next = live.Keys.FirstOrDefault(x => x > k, last + 1);
            for (var j = k + 1; j < next; j++)
            {
                var between = s.SnapshotOf(BranchInfo.Main, j);
                if (s.History(new EventFilter(BranchInfo.Main, AfterSequence: k, UpToSequence: j)).Count == 0)
                    AssertSameState(state, between, $"{when}: as of {j}, after {k} and only branch events since");
            }
        }
    }

    [SkippableFact]
    public void SnapshotOf_EverySequence_EqualsReplayOfTheLogFromScratch()
    {
        var s = Open();
        var live = WardDay(s);
        Assert.True(s.LastSequence >= 25, $"the scenario made {s.LastSequence} events");
        AssertAsOfEqualsReplay(s, live, "live");
        // The current state is the last live one.
        AssertSameState(live[live.Keys.Last()], s.SnapshotOf(BranchInfo.Main, s.LastSequence));
        AssertSameState(live[live.Keys.Last()], s.Snapshot);
        // A few spot checks that the replay is not trivially empty.
        var deleted = s.History(new EventFilter(TwinId: "p-bob", Types: ["TwinDeleted"])).Single().Sequence;
        Assert.True(s.SnapshotOf(BranchInfo.Main, deleted - 1).Twins.ContainsKey("p-bob"));
        Assert.False(s.SnapshotOf(BranchInfo.Main, deleted).Twins.ContainsKey("p-bob"));
        Assert.False(s.Snapshot.Twins.ContainsKey("p-bob"));
        Assert.Equal("142", s.SnapshotOf(BranchInfo.Main, live.Keys.ElementAt(3)).Prop("p-ada", "systolic"));
    }

    [SkippableFact]
    public void SnapshotOf_AfterRestart_StillEqualsReplayAndLiveStates()
    {
        var s = Open();
        var live = WardDay(s);
        var current = s.Snapshot;
        s = Restart(s);
        AssertSameState(current, s.Snapshot, "main after restart");
        AssertAsOfEqualsReplay(s, live, "after restart");
        // Writing after the restart does not disturb the past.
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "171")));
        AssertAsOfEqualsReplay(s, live, "after restart and a write");
    }

    [SkippableFact]
    public void SnapshotOf_Branch_EqualsMainAtForkPlusBranchEvents()
    {
        var s = Open();
        WardDay(s);
        var fork = s.Branches.Single(b => b.Name == "sim").ForkSequence;
        void Check(TwinService service)
        {
            for (var k = 0L; k <= service.LastSequence; k++)
            {
                var expected = EventFold.Apply(Replay(service.Store, Math.Min(k, fork)),
                    service.Store.ReadEvents(new EventFilter("sim", AfterSequence: fork, UpToSequence: k)));
                AssertSameState(expected, service.SnapshotOf("sim", k), $"sim as of {k}");
            }
            var sim = service.SnapshotOf("sim");
            Assert.Equal("118", sim.Prop("p-ada", "systolic"));
            Assert.True(sim.Twins.ContainsKey("p-cyd"));
            Assert.True(sim.Twins.ContainsKey("p-bob"));
            Assert.False(sim.Models.Contains(Ward));
        }
        Check(s);
        s = Restart(s);
        Check(s);
    }

    [SkippableFact]
    public void SnapshotOf_WithStoredSnapshotsEveryFewWrites_EqualsReplayBeforeAtAndAfterEachSnapshot()
    {
        var s = Open(snapshotInterval: 10);
        var live = new SortedDictionary<long, GraphSnapshot>();
        s.Do(Clock, BranchInfo.Main, ImportCore);
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.CreateOrReplaceTwin("c-house", ClinicianBody("Gregory House"));
            g.CreateOrReplaceTwin("p-ada", PatientBody("Ada Lovelace", 150, 95));
        });
        s.CreateBranch("sim");
        for (var i = 0; i < 300; i++)
        {
            var v = (100 + i % 90).ToString(System.Globalization.CultureInfo.InvariantCulture);
            WriteOutcome<int> o;
            if (i % 37 == 5)
                o = s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceRelationship("p-ada", "r-ada-house", TreatedBy("c-house", $"role-{i}")));
            else if (i % 37 == 20)
                o = s.Do(Clock, BranchInfo.Main, g => g.DeleteRelationship("p-ada", "r-ada-house"));
            else if (i % 50 == 25)
                o = s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(60 + i % 30), Start.AddSeconds(i)));
            else if (i % 11 == 3)
                o = s.Do(Clock, BranchInfo.Main, g =>
                {
                    g.UpdateTwin("c-house", Set("/onCall", i % 2 == 0 ? "true" : "false"));
                    g.UpdateTwin("p-ada", Set("/diastolic", v));
                });
            else if (i % 13 == 7)
            {
                s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "99")));
                continue;
            }
            else
                o = s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", v)));
            live[o.LastSequence] = s.Snapshot;
            // Snapshots are saved in the background, one at a time: let each finish, so one is taken every interval.
            s.WaitForSnapshot();
        }
        var last = s.LastSequence;
        Assert.True(last > 300);

        // Snapshots were taken, many of them.
        var points = new SortedSet<long>();
        for (var k = 0L; k <= last; k++)
            if (s.Store.LoadSnapshot(BranchInfo.Main, k) is { } snap)
            {
                Assert.True(snap.Sequence <= k);
                points.Add(snap.Sequence);
            }
        Assert.True(points.Count >= 15, $"only {points.Count} snapshots: {string.Join(", ", points)}");

        void Check(TwinService service, string when)
        {
            for (var k = 0L; k <= last; k++)
                AssertSameState(Replay(service.Store, k), service.SnapshotOf(BranchInfo.Main, k), $"{when}: as of {k}");
            foreach (var (k, state) in live)
                AssertSameState(state, service.SnapshotOf(BranchInfo.Main, k), $"{when}: live after {k}");
            Assert.Equal("99", service.SnapshotOf("sim").Prop("p-ada", "systolic"));
        }
        Check(s, "live");

        // Branches forked in the past start from the same folded states, around snapshot points too.
        var forks = points.Where(p => p > 0).Take(4).SelectMany(p => new[] { p - 1, p, p + 1 }).Append(last - 1).Distinct().ToArray();
        foreach (var k in forks) s.CreateBranch($"at-{k}", BranchInfo.Main, k);
        void CheckForks(TwinService service, string when)
        {
            foreach (var k in forks) AssertSameState(Replay(service.Store, k), service.SnapshotOf($"at-{k}"), $"{when}: branch forked at {k}");
        }
        CheckForks(s, "live");

        s = Restart(s, snapshotInterval: 10);
        Check(s, "after restart");
        CheckForks(s, "after restart");
    }

    [SkippableFact]
    public void SnapshotOf_ModelsImportedEarlier_KeepTheirLiveUploadTime()
    {
        var s = Open();
        Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(3); // every reading of the clock moves it, as real time does
        s.Do(Clock, BranchInfo.Main, ImportCore);
        s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceTwin("c-house", ClinicianBody("Gregory House")));
        var liveUpload = s.Snapshot.Models.Entries.Single(e => e.Interface.Id == Patient).UploadTime;
        var asOf = s.SnapshotOf(BranchInfo.Main, 1).Models.Entries.Single(e => e.Interface.Id == Patient).UploadTime;
        Assert.Equal(liveUpload, asOf);
    }

    // ================================================================ 4. as of a time

    [SkippableFact]
    public void SequenceAt_Time_GivesLastSequenceCommittedByThenAndItsState()
    {
        var s = Open();
        var writes = new List<(DateTimeOffset Time, long Last, GraphSnapshot State)>();
        Assert.Equal(0, s.SequenceAt(Clock.GetUtcNow()));
        Seed(s, Clock);
        writes.Add((Clock.GetUtcNow(), s.LastSequence, s.Snapshot));
        Clock.Advance(TimeSpan.FromMinutes(5));
        s.CreateBranch("sim");
        for (var i = 0; i < 4; i++)
        {
            s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", (160 - i).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            writes.Add((Clock.GetUtcNow(), s.LastSequence, s.Snapshot));
            Clock.Advance(TimeSpan.FromMinutes(5));
        }
        // A branch write also takes a sequence number and a time.
        s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "100")));
        var simTime = Clock.GetUtcNow();

        void Check(TwinService service)
        {
            Assert.Equal(0, service.SequenceAt(Start));
            Assert.Equal(0, service.SequenceAt(DateTimeOffset.MinValue));
            foreach (var (time, last, state) in writes)
            {
                Assert.Equal(last, service.SequenceAt(time));
                Assert.Equal(last, service.SequenceAt(time.AddMinutes(2)));
                Assert.Equal(last, service.SequenceAt(time.ToOffset(TimeSpan.FromHours(9))));
                AssertSameState(state, service.SnapshotOf(BranchInfo.Main, service.SequenceAt(time.AddMinutes(2))), $"as of {time:O}");
            }
            for (var i = 1; i < writes.Count; i++)
                Assert.Equal(writes[i - 1].Last, service.SequenceAt(writes[i].Time.AddTicks(-1)));
            Assert.Equal(service.LastSequence, service.SequenceAt(simTime));
            Assert.Equal(service.LastSequence, service.SequenceAt(DateTimeOffset.MaxValue));
            Assert.Equal("157", service.SnapshotOf(BranchInfo.Main, service.SequenceAt(simTime)).Prop("p-ada", "systolic"));
        }
        Check(s);
        s = Restart(s);
        Check(s);
    }

    // ================================================================ 5. idempotency

    [SkippableFact]
    public void Write_KeyAlreadyCommitted_ReturnsDuplicateWithoutRunningOrAppending()
    {
        var s = Open();
        Seed(s, Clock);
        var runs = 0;
        var first = s.Write(BranchInfo.Main, new WriteContext("hl7-gateway", "ORU^R01-000417"), g =>
        {
            runs++;
            g.UpdateTwin("p-ada", Set("/systolic", "161"));
            g.AppendTelemetry("p-ada", null, Vitals(88), Start.AddMinutes(3));
            return "applied";
        });
        Assert.False(first.Duplicate);
        Assert.Equal("applied", first.Value);
        Assert.Equal(1, runs);
        Assert.Equal(first.LastSequence, s.LastSequence);
        Assert.All(s.History(new EventFilter(AfterSequence: first.FirstSequence - 1)), e => Assert.Equal("ORU^R01-000417", e.IdempotencyKey));
        Assert.Equal(2, s.History(new EventFilter(AfterSequence: first.FirstSequence - 1)).Count);

        var before = s.Snapshot;
        var last = s.LastSequence;
        var again = s.Write(BranchInfo.Main, new WriteContext("hl7-gateway-retry", "ORU^R01-000417"), g =>
        {
            runs++;
            g.UpdateTwin("p-ada", Set("/systolic", "999"));
            return "applied twice";
        });
        Assert.True(again.Duplicate);
        Assert.Null(again.Value);
        Assert.Equal((first.FirstSequence, first.LastSequence), (again.FirstSequence, again.LastSequence));
        Assert.Equal(1, runs);
        Assert.Equal(last, s.LastSequence);
        Assert.Same(before, s.Snapshot);
        Assert.Single(s.ReadTelemetry("p-ada", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

        // Keys are global: the same delivery aimed at a branch is acknowledged, not applied there either.
        s.CreateBranch("sim");
        var onBranch = s.Write("sim", new WriteContext("hl7-gateway", "ORU^R01-000417"), g =>
        {
            runs++;
            g.UpdateTwin("p-ada", Set("/systolic", "998"));
            return "applied on sim";
        });
        Assert.True(onBranch.Duplicate);
        Assert.Equal(1, runs);
        Assert.Equal("161", s.SnapshotOf("sim").Prop("p-ada", "systolic"));

        // A different key is a different write.
        var other = s.Write(BranchInfo.Main, new WriteContext("hl7-gateway", "ORU^R01-000418"), g =>
        {
            runs++;
            return g.UpdateTwin("p-ada", Set("/systolic", "158")).ETag;
        });
        Assert.False(other.Duplicate);
        Assert.Equal(2, runs);
        Assert.Equal(last + 1, other.FirstSequence);
    }

    [SkippableFact]
    public void Write_KeyCommittedBeforeRestart_IsStillDuplicateAfterIt()
    {
        var s = Open();
        Seed(s, Clock);
        var first = s.Write(BranchInfo.Main, new WriteContext("hl7-gateway", "adt-A08-77"), g =>
        {
            g.UpdateTwin("p-bob", Set("/ward", "\"icu\""));
            g.UpdateTwin("p-bob", Set("/systolic", "177"));
            return 1;
        });
        s.CreateBranch("sim");
        var onSim = s.Write("sim", new WriteContext("planner", "plan-1"), g => g.UpdateTwin("p-bob", Set("/ward", "\"hdu\"")).ETag);
        var state = s.Snapshot;
        var last = s.LastSequence;

        s = Restart(s);
        var runs = 0;
        var again = s.Write(BranchInfo.Main, new WriteContext("hl7-gateway", "adt-A08-77"), g =>
        {
            runs++;
            g.UpdateTwin("p-bob", Set("/ward", "\"oncology\""));
            return 2;
        });
        Assert.True(again.Duplicate);
        Assert.Equal((first.FirstSequence, first.LastSequence), (again.FirstSequence, again.LastSequence));
        var againSim = s.Write("sim", new WriteContext("planner", "plan-1"), g =>
        {
            runs++;
            return g.UpdateTwin("p-bob", Set("/ward", "\"ed\"")).ETag;
        });
        Assert.True(againSim.Duplicate);
        Assert.Equal((onSim.FirstSequence, onSim.LastSequence), (againSim.FirstSequence, againSim.LastSequence));
        Assert.Equal(0, runs);
        Assert.Equal(last, s.LastSequence);
        AssertSameState(state, s.Snapshot);
        Assert.Equal("\"hdu\"", s.SnapshotOf("sim").Prop("p-bob", "ward"));
    }

    [SkippableFact]
    public void Write_KeyOfFailedWrite_IsNotRememberedSoTheRetryApplies()
    {
        var s = Open();
        Seed(s, Clock);
        Assert.Throws<TwinLabException>(() => s.Write(BranchInfo.Main, new WriteContext("hl7-gateway", "msg-9"), g =>
            g.UpdateTwin("p-ada", Set("/systolic", "\"not a number\""))));
        Assert.Null(s.Store.FindWrite("msg-9"));
        var retry = s.Write(BranchInfo.Main, new WriteContext("hl7-gateway", "msg-9"), g => g.UpdateTwin("p-ada", Set("/systolic", "149")).ETag);
        Assert.False(retry.Duplicate);
        Assert.Equal("149", s.Snapshot.Prop("p-ada", "systolic"));
        Assert.Equal(new WriteRecord(retry.FirstSequence, retry.LastSequence), s.Store.FindWrite("msg-9"));
    }

    // ================================================================ store-specific facts (see the subclasses)

    /// <summary>After a branch whose events are the newest is discarded and the service restarts, sequence numbers keep
    /// growing: none is handed out twice, and a branch forked after the discarded events does not see later main writes.</summary>
    protected void AssertDiscardThenRestartNeverReusesSequenceNumbers()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("scratch");
        for (var i = 0; i < 3; i++) s.Do(Clock, "scratch", g => g.UpdateTwin("p-ada", Set("/systolic", "111")));
        s.CreateBranch("plan"); // forked from main at the current sequence, after scratch's events
        var fork = s.Branches.Single(b => b.Name == "plan").ForkSequence;
        Assert.Equal(s.LastSequence, fork);
        var usedEtag = s.SnapshotOf("scratch").Twins["p-ada"].ETag;
        s.DiscardBranch("scratch");
        var last = s.LastSequence;

        s = Restart(s);
        Assert.Equal(last, s.LastSequence);
        var next = s.Write(BranchInfo.Main, new WriteContext("nurse"), g => g.UpdateTwin("p-ada", Set("/systolic", "177")));
        Assert.Equal(last + 1, next.FirstSequence);
        Assert.NotEqual(usedEtag, next.Value.ETag);
        // 'plan' was forked before this write: it must not see it.
        Assert.Equal("150", s.SnapshotOf("plan").Prop("p-ada", "systolic"));
    }
}

/// <summary>The history contract on the in-memory store.</summary>
public sealed class InMemoryHistoryTests : HistoryContractTests
{
    private readonly InMemoryTwinStore _store = new();

    protected override ITwinStore CreateStore() => _store;

    protected override bool Durable => false;

    [Fact]
    public void History_TwinFilterNonAsciiTarget_FindsRelationship() => AssertTwinFilterFindsNonAsciiTarget();

    [Fact]
    public void DiscardBranch_ThenRestart_NeverReusesSequenceNumbers() => AssertDiscardThenRestartNeverReusesSequenceNumbers();
}

/// <summary>The history contract on SQLite, each test on its own temporary file; restarts reopen the file.</summary>
public sealed class SqliteHistoryTests : HistoryContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twinlab-history-{Guid.NewGuid():N}.db");

    protected override ITwinStore CreateStore() => SqliteTwinStore.Open(_path);

    protected override bool Durable => true;

    public override void Dispose()
    {
        base.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
    }

    [Fact]
    public void History_TwinFilterNonAsciiTarget_FindsRelationship() => AssertTwinFilterFindsNonAsciiTarget();

    [Fact]
    public void DiscardBranch_ThenRestart_NeverReusesSequenceNumbers() => AssertDiscardThenRestartNeverReusesSequenceNumbers();

    [Fact]
    public void Purge_RedactsTheAuditLogsCopiesOfTheId_AndTheChainStillVerifies() => AssertPurgeRedactsTheAuditLog(() => SqliteAuditStore.Open(_path));
}
