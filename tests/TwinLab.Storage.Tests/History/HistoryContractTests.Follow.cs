using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

public abstract partial class HistoryContractTests
{
    // ================================================================ 10. several writers of one store (TwinService.CatchUp)
    // Two services opened over the same storage stand for two processes (a CLI command beside a server, two cluster
    // nodes): for a durable store each has its own store instance, for the in-memory store they share the instance.

    [SkippableFact]
    public void TwoServices_WritesAlternate_EachSeesTheOthersModelsTwinsRelationshipsAndTelemetry()
    {
        var a = Open();
        var b = Open();
        a.Do(Clock, BranchInfo.Main, ImportCore, "a");
        // b has not caught up: its write must (the model is a's) and must number its event after a's.
        var created = b.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceTwin("c-house", ClinicianBody("Gregory House")), "b");
        Assert.Equal(2, created.FirstSequence);
        a.Do(Clock, BranchInfo.Main, g =>
        {
            g.CreateOrReplaceTwin("p-ada", PatientBody("Ada Lovelace", 150, 95));
            g.CreateOrReplaceRelationship("p-ada", "r-ada-house", TreatedBy("c-house"));
        }, "a");
        b.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(72), Start.AddMinutes(5)), "b");
        a.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("c-house", Set("/onCall", "true")), "a");
        Assert.Equal(1, b.CatchUp());
        Assert.Equal(0, b.CatchUp()); // nothing new: nothing folded

        foreach (var s in new[] { a, b })
        {
            Assert.Equal(6, s.LastSequence);
            Assert.True(s.Snapshot.Models.Contains(Patient));
            Assert.Equal("\"Ada Lovelace\"", s.Snapshot.Prop("p-ada", "name"));
            Assert.Equal("true", s.Snapshot.Prop("c-house", "onCall"));
            Assert.Equal("W/\"6\"", s.Snapshot.Twins["c-house"].ETag);
            Assert.Equal("c-house", s.Snapshot.OutgoingOf("p-ada").Single().TargetId);
            Assert.Equal([72.0], HeartRates(AllTelemetry(s, "p-ada")));
        }
        AssertSameState(a.Snapshot, b.Snapshot);
        // One log, numbered without gaps or repeats, each event by its writer.
        var log = a.History(new EventFilter());
        Assert.Equal(Range(1, 6), Seqs(log));
        Assert.Equal(["a", "b", "a", "a", "b", "a"], log.Select(e => e.Actor));
        AssertSameState(Replay(a.Store, 6), b.Snapshot, "the log folds to what both hold");
    }

    [SkippableFact]
    public void TwoServices_IfMatch_HoldsAcrossWriters()
    {
        var a = Open();
        Seed(a, Clock);
        var b = Open();
        var etag = a.Snapshot.Twins["p-ada"].ETag;
        b.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "140"), ifMatch: etag));
        // a's copy still carries the old ETag, but its write validates against the log's current state.
        var error = Assert.Throws<TwinLabException>(() => a.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "120"), ifMatch: etag)));
        Assert.Equal(ErrorCodes.PreconditionFailed, error.Code);
        Assert.Equal("140", a.Snapshot.Prop("p-ada", "systolic"));
        var current = a.Snapshot.Twins["p-ada"].ETag;
        Assert.NotEqual(etag, current);
        a.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "120"), ifMatch: current));
        b.CatchUp();
        Assert.Equal("120", b.Snapshot.Prop("p-ada", "systolic"));
        Assert.Equal($"W/\"{a.LastSequence}\"", b.Snapshot.Twins["p-ada"].ETag);
    }

    [SkippableFact]
    public void CatchUp_RaisesCommittedForForeignWrites_InLogOrder_WithTheirActorKeyAndStates()
    {
        var a = Open();
        Seed(a, Clock);
        var b = Open();
        var heard = new List<CommittedWrite>();
        a.Committed += heard.Add;
        var before = a.Snapshot;
        b.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-bob", Set("/systolic", "131")), "nurse", key: "k-1");
        b.Do(Clock, BranchInfo.Main, g =>
        {
            g.AppendTelemetry("p-bob", null, Vitals(64), Start.AddMinutes(1));
            g.DeleteTwin("c-cuddy");
        }, "monitor");
        Assert.Empty(heard); // nothing until a catches up (or writes)

        Assert.Equal(3, a.CatchUp());
        Assert.Equal(2, heard.Count);
        var (first, second) = (heard[0], heard[1]);
        Assert.Equal(("nurse", "k-1", BranchInfo.Main), (first.Context.Actor, first.Context.IdempotencyKey, first.Branch));
        Assert.Equal(before.Version + 1, first.FirstSequence);
        Assert.Same(before, first.Before);
        Assert.Equal("131", first.After.Prop("p-bob", "systolic"));
        Assert.IsType<TwinWritten>(Assert.Single(first.Changes));
        Assert.Equal("monitor", second.Context.Actor);
        Assert.Equal(first.FirstSequence + 1, second.FirstSequence);
        Assert.Same(first.After, second.Before);
        Assert.Same(a.Snapshot, second.After);
        var telemetry = Assert.IsType<TelemetryAppended>(second.Changes[0]);
        Assert.Equal(("p-bob", "heartRate", 64.0), (telemetry.Points.Single().TwinId, telemetry.Points.Single().Name, telemetry.Points.Single().Value.GetDouble()));
        Assert.Equal(new TwinDeleted("c-cuddy"), second.Changes[1]);
        Assert.False(a.Snapshot.Twins.ContainsKey("c-cuddy"));
    }

    [SkippableFact]
    public void TwoServices_BranchesCreatedWrittenMergedAndDiscarded_ByOne_ShowOnTheOther()
    {
        var a = Open();
        Seed(a, Clock);
        var b = Open();
        a.CreateBranch("sim");
        a.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "118")));
        b.CatchUp();
        Assert.True(b.HasBranch("sim"));
        Assert.Equal("118", b.SnapshotOf("sim").Prop("p-ada", "systolic"));
        // b, having loaded the branch, follows a's later writes to it.
        a.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/diastolic", "77")));
        b.CatchUp();
        Assert.Equal("77", b.SnapshotOf("sim").Prop("p-ada", "diastolic"));
        b.Merge("sim");
        a.CatchUp();
        Assert.Equal("118", a.Snapshot.Prop("p-ada", "systolic"));
        Assert.NotNull(a.Branches.Single(x => x.Name == "sim").LastMerge);
        b.DiscardBranch("sim");
        a.CatchUp();
        Assert.False(a.HasBranch("sim"));
        // A branch of the same name created again by the other writer starts afresh.
        b.CreateBranch("sim");
        a.CatchUp();
        Assert.Equal(b.Branches.Single(x => x.Name == "sim"), a.Branches.Single(x => x.Name == "sim"));
        AssertSameState(a.Snapshot, a.SnapshotOf("sim"));
    }

    [SkippableFact]
    public void Write_LosingARace_CatchesUpAndRunsAgain_EveryAttempt_FailsClearlyAndChangesNothing()
    {
        var a = Open();
        Seed(a, Clock);
        var b = Open();
        var runs = 0;
        // b appends after a's catch-up and before a's append: a's append is refused, a catches up and runs again.
        a.Do(Clock, BranchInfo.Main, g =>
        {
            if (++runs == 1) b.Do(Clock, BranchInfo.Main, h => h.UpdateTwin("p-bob", Set("/systolic", "133")), "b");
            g.UpdateTwin("p-ada", Set("/systolic", "141"));
        }, "a");
        Assert.Equal(2, runs);
        Assert.Equal(("133", "141"), (a.Snapshot.Prop("p-bob", "systolic"), a.Snapshot.Prop("p-ada", "systolic")));
        var last = a.LastSequence;
        Assert.Equal(Range(1, last), Seqs(a.History(new EventFilter())));

        // Losing every one of its attempts: a clear error, a's state and the log hold b's writes only.
        var lost = 0;
        var error = Assert.Throws<LogMovedException>(() => a.Do(Clock, BranchInfo.Main, g =>
        {
            lost++;
            b.Do(Clock, BranchInfo.Main, h => h.UpdateTwin("p-bob", Set("/diastolic", (69 + lost).ToString(System.Globalization.CultureInfo.InvariantCulture))), "b");
            g.UpdateTwin("p-ada", Set("/systolic", "99"));
        }, "a"));
        Assert.Equal(TwinService.WriteAttempts, lost);
        Assert.Equal(ErrorCodes.ConcurrentWrite, error.Code);
        Assert.Contains("Another process wrote to the twin store", error.Message);
        Assert.Equal("141", a.Snapshot.Prop("p-ada", "systolic"));
        a.CatchUp();
        Assert.Equal(last + TwinService.WriteAttempts, a.LastSequence);
        Assert.Equal((69 + lost).ToString(System.Globalization.CultureInfo.InvariantCulture), a.Snapshot.Prop("p-bob", "diastolic"));
        Assert.DoesNotContain(a.History(new EventFilter(AfterSequence: last)), e => e.Actor == "a");
        AssertSameState(Replay(a.Store, a.LastSequence), a.Snapshot);
    }

    [SkippableFact]
    public void Write_WhoseKeyAnotherWriterCommitsMeanwhile_CatchesUp_AnswersAsAReplay_AndPublishesOnlyTheForeignWrite()
    {
        var a = Open();
        Seed(a, Clock);
        var b = Open();
        var heard = new List<CommittedWrite>();
        a.Committed += heard.Add;
        var before = a.Snapshot;
        var start = a.LastSequence;
        var runs = 0;
        // b (a CLI beside the server) commits the same key after a's catch-up and key check, before a's append.
        var outcome = a.Do(Clock, BranchInfo.Main, g =>
        {
            if (++runs == 1) b.Do(Clock, BranchInfo.Main, h => h.UpdateTwin("p-bob", Set("/systolic", "133")), "cli", key: "k-same");
            g.UpdateTwin("p-ada", Set("/systolic", "141"));
        }, "server", key: "k-same");

        // Answered as a replay of b's write, which a has folded and published once, with b's actor; a's own change,
        // never stored, is nowhere.
        Assert.True(outcome.Duplicate);
        Assert.Equal((start + 1, start + 1), (outcome.FirstSequence, outcome.LastSequence));
        var published = Assert.Single(heard);
        Assert.Equal(("cli", "k-same", start + 1), (published.Context.Actor, published.Context.IdempotencyKey, published.FirstSequence));
        Assert.Same(before, published.Before);
        Assert.Equal("133", a.Snapshot.Prop("p-bob", "systolic"));
        Assert.Equal(before.Prop("p-ada", "systolic"), a.Snapshot.Prop("p-ada", "systolic"));
        Assert.Equal(start + 1, a.LastSequence);
        Assert.Equal(0, a.CatchUp());
        Assert.Single(heard);
        Assert.DoesNotContain(a.History(new EventFilter()), e => e.Actor == "server");
        AssertSameState(Replay(a.Store, a.LastSequence), a.Snapshot);
    }
}
