using TwinLab.Core.Application;
using TwinLab.Core.Audit;
using TwinLab.Core.Erasure;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

public abstract partial class HistoryContractTests
{
    /// <summary>p-ada with telemetry (alone and shared with p-bob in one event), a keyed write, a branch, a snapshot and
    /// documents about her; p-bob and the clinicians beside her.</summary>
    private TwinService SeedForPurge()
    {
        var s = Open(snapshotInterval: 4);
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(71.25), Start), "monitor-7");
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "163")), "nurse-joy", "adt:p-ada:0001");
        s.CreateBranch("plan");
        s.Do(Clock, "plan", g => g.UpdateTwin("p-ada", Set("/ward", "\"oncology\"")), "planner");
        // One event with points of both patients, as a batched intake writes them.
        Clock.Advance(TimeSpan.FromSeconds(1));
        s.Store.Append(BranchInfo.Main,
            [new TelemetryAppended([new TelemetryPoint("p-ada", null, "heartRate", Start.AddMinutes(1), Json("88.5")), new TelemetryPoint("p-bob", null, "heartRate", Start.AddMinutes(1), Json("61.5"))])],
            s.Snapshot.Version, new WriteContext("monitor-7"), Clock.GetUtcNow());
        s = Restart(s, snapshotInterval: 4);
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-bob", Set("/systolic", "131")), "nurse-joy");
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("c-house", Set("/onCall", "true")), "nurse-joy");
        s.WaitForSnapshot();
        s.Store.SaveDocument(new StoredDocument("drift", "p-ada/heartRate", Clock.GetUtcNow(), "drift of Ada", """{"twin":"p-ada","z":3.1}"""));
        s.Store.SaveDocument(new StoredDocument("deadletter", "dl-1", Clock.GetUtcNow(), "bad message", """{"raw":"{\"twinId\":\"p-ada\",\"heartRate\":\"x\"}"}"""));
        s.Store.SaveDocument(new StoredDocument("drift", "p-bob/heartRate", Clock.GetUtcNow(), "drift of Bob", """{"twin":"p-bob","z":0.4}"""));
        return s;
    }

    /// <summary>A purge erases the audit log's copies of the id (stores that keep the log in their database: SQLite,
    /// PostgreSQL), and the chain still verifies.</summary>
    protected void AssertPurgeRedactsTheAuditLog(Func<IAuditStore> openAudit)
    {
        var s = SeedForPurge();
        using var audit = openAudit();
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        AuditEntry Entry(string resource, string detail) =>
            new(at, "api:key:nurse", AuditAuthKinds.ApiKey, "10.0.0.7:50100", AuditActions.Read, resource, "200", "c0ffee", detail);
        audit.Append([Entry("twin:p-ada", "GET /digitaltwins/p-ada"), Entry("twin:p-bob", "GET /digitaltwins/p-bob"),
            Entry("query", "SELECT * FROM digitaltwins WHERE $dtId = 'p-ada'")]);
        var before = audit.ReadChain(0, 10);

        s.Purge(["p-ada"], actor: "dpo");

        var after = audit.ReadChain(0, 10);
        Assert.DoesNotContain(after, r => r.Fields.Any(f => f.Contains("p-ada", StringComparison.Ordinal)));
        Assert.Equal(AuditChain.Redacted("twin:p-ada"), after[0].Resource);
        Assert.Equal(before[1], after[1]);
        Assert.Equal(before.Select(r => r.Hash), after.Select(r => r.Hash));
        Assert.True(AuditChain.Verify(audit).Intact);
        // Still append-only afterwards.
        audit.Append([Entry("twin:p-bob", "PATCH /digitaltwins/p-bob")]);
        Assert.True(AuditChain.Verify(audit).Intact);
    }

    [SkippableFact]
    public void Purge_ErasesTheTwinFromEveryBranchHistorySnapshotTelemetryKeyAndDocument()
    {
        var s = SeedForPurge();
        var last = s.LastSequence;
        var scope = new PurgeScope(["p-ada"]);
        var expectedAt = Enumerable.Range(1, (int)last).ToDictionary(k => (long)k, k => scope.Without(s.SnapshotOf(BranchInfo.Main, k)));
        var sequences = s.History(new EventFilter()).Select(e => e.Sequence).ToArray();
        Assert.NotEmpty(s.History(new EventFilter(TwinId: "p-ada")));

        var outcome = s.Purge(["p-ada"], actor: "dpo");

        Assert.Equal(["p-ada"], outcome.Plan.Twins);
        Assert.Equal(last + 1, outcome.Sequence);
        Assert.Equal(1, outcome.Report.EventsTrimmed);
        Assert.True(outcome.Report.EventsErased >= 5, $"erased {outcome.Report.EventsErased}");
        Assert.Equal(2, outcome.Report.TelemetryPoints);
        Assert.Equal(1, outcome.Report.IdempotencyKeys);
        Assert.Equal(["deadletter/dl-1", "drift/p-ada/heartRate"], outcome.Report.Documents.Order(StringComparer.Ordinal));
        Check(s);
        if (Durable) Check(s = Restart(s));
        Assert.Equal(DiffKind.Changed, Assert.Single(s.Diff("plan").Twins, t => t.TwinId == "p-bob").Kind);
        Assert.DoesNotContain(s.Diff("plan").Twins, t => t.TwinId == "p-ada");
        Assert.Contains("purged 1 twin(s)", GraphChangeJson.Describe(s.History(new EventFilter())[^1]), StringComparison.Ordinal);

        void Check(TwinService service)
        {
            Assert.False(service.Snapshot.Twins.ContainsKey("p-ada"));
            Assert.Empty(service.Snapshot.IncomingOf("c-house"));
            Assert.False(service.SnapshotOf("plan").Twins.ContainsKey("p-ada"));
            Assert.Empty(service.History(new EventFilter(TwinId: "p-ada")));
            var events = service.History(new EventFilter());
            Assert.Equal([.. sequences, last + 1], events.Select(e => e.Sequence));
            Assert.All(events, e => Assert.DoesNotContain("p-ada", e.Payload + e.TwinId + e.IdempotencyKey, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain("Ada Lovelace", e.Payload, StringComparison.Ordinal));
            var record = events[^1];
            Assert.Equal((nameof(TwinsPurged), "dpo"), (record.Type, record.Actor));
            Assert.Contains(PurgeScope.HashOf("p-ada"), record.Payload, StringComparison.Ordinal);
            Assert.Empty(service.Store.ReadTelemetry("p-ada", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
            Assert.Equal(["61.5"], service.ReadTelemetry("p-bob", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(p => p.Value.GetRawText()));
            Assert.Null(service.Store.FindWrite("adt:p-ada:0001"));
            Assert.Null(service.Store.LoadDocument("drift", "p-ada/heartRate"));
            Assert.NotNull(service.Store.LoadDocument("drift", "p-bob/heartRate"));
            // Time travel still works for everyone else: every earlier state is what it was, without p-ada.
            foreach (var (k, expected) in expectedAt)
            {
                AssertSameState(expected, service.SnapshotOf(BranchInfo.Main, k), $"as of {k}");
                AssertSameState(expected, Replay(service.Store, k), $"fold of the log up to {k}");
            }
            Assert.Equal("131", service.Snapshot.Prop("p-bob", "systolic"));
            Assert.Equal("\"nephrology\"", service.SnapshotOf("plan").Prop("p-bob", "ward"));
        }
    }

    [SkippableFact]
    public void Purge_Cascade_TakesTheTwinsOnlyThePurgedTwinPointsAt_AndUnknownTwinsChangeNothing()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceRelationship("p-bob", "r-bob-house", TreatedBy("c-house")));
        s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy")));
        var last = s.LastSequence;

        var error = Assert.Throws<TwinLabException>(() => s.Purge(["p-nobody"]));
        Assert.Equal(ErrorCodes.DigitalTwinNotFound, error.Code);
        Assert.Equal(last, s.LastSequence);

        // c-house is also treating p-ada: it stays; c-cuddy only treats p-bob: it goes with him.
        Assert.Equal(["c-cuddy", "p-bob"], s.PlanPurge(["p-bob"], cascade: true).Twins);
        Assert.Equal(["p-bob"], s.PlanPurge(["p-bob"]).Twins);
        s.Purge(["p-bob"], cascade: true);
        Assert.Equal(["c-house", "p-ada"], s.Snapshot.Twins.Keys.Order(StringComparer.Ordinal));
        Assert.Single(s.Snapshot.IncomingOf("c-house"));
    }
}
