using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

public abstract partial class HistoryContractTests
{
    // ================================================================ 8. merge

    [SkippableFact]
    public void Merge_NonConflictingChanges_AppliedToMainAsNewEvents()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g => g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy")));
        s.CreateBranch("plan");
        // The branch: property A of p-ada, a component property, a new patient treated by a new clinician, a deleted relationship, telemetry.
        s.Do(Clock, "plan", g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "135"));
            g.UpdateComponent("p-ada", "cuff", Set("/mode", "\"manual\""));
        }, "planner");
        s.Do(Clock, "plan", g =>
        {
            g.CreateOrReplaceTwin("c-wilson", ClinicianBody("James Wilson", "oncology"));
            g.CreateOrReplaceTwin("p-cyd", PatientBody("Cyd Charisse", 135, 85));
            g.CreateOrReplaceRelationship("p-cyd", "r-cyd-wilson", TreatedBy("c-wilson"));
            g.DeleteRelationship("p-bob", "r-bob-cuddy");
            g.AppendTelemetry("p-ada", null, Vitals(80), Start.AddMinutes(1));
        }, "planner");
        // Main meanwhile: property B of p-ada, another twin, another property, telemetry.
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.UpdateTwin("p-ada", Set("/diastolic", "85"));
            g.CreateOrReplaceTwin("p-dan", PatientBody("Dan Brown", 122, 78));
            g.UpdateTwin("c-house", Set("/onCall", "true"));
            g.AppendTelemetry("p-bob", null, Vitals(64), Start.AddMinutes(2));
        });
        var planBefore = s.SnapshotOf("plan");
        var lastBefore = s.LastSequence;
        Clock.Advance(TimeSpan.FromSeconds(1));

        var outcome = s.Merge("plan");
        Assert.Equal(("plan", "main"), (outcome.Branch, outcome.Parent));
        Assert.Equal((lastBefore + 1, s.LastSequence), (outcome.FirstSequence, outcome.LastSequence));
        Assert.Equal((3, 2, 1), (outcome.Twins, outcome.Relationships, outcome.TelemetryPoints));
        var merged = s.History(new EventFilter(AfterSequence: lastBefore));
        Assert.Equal(Range(lastBefore + 1, s.LastSequence), Seqs(merged));
        Assert.All(merged, e =>
        {
            Assert.Equal(BranchInfo.Main, e.Branch);
            Assert.Equal("merge:plan", e.Actor);
            Assert.Equal(Clock.GetUtcNow(), e.Timestamp);
        });
        Assert.Equal(3, merged.Count(e => e.Type == "TwinWritten"));
        Assert.Single(merged, e => e.Type == "RelationshipDeleted");
        Assert.Single(merged, e => e.Type == "RelationshipWritten");
        Assert.Single(merged, e => e.Type == "TelemetryAppended");

        void Check(TwinService service)
        {
            var m = service.Snapshot;
            Assert.Equal(("135", "85"), (m.Prop("p-ada", "systolic"), m.Prop("p-ada", "diastolic")));
            Assert.Equal("\"manual\"", m.Twins["p-ada"].Components.Get("cuff").Properties.Get("mode").Value.GetRawText());
            Assert.Equal("\"Cyd Charisse\"", m.Prop("p-cyd", "name"));
            Assert.Equal("\"oncology\"", m.Prop("c-wilson", "specialty"));
            Assert.True(m.Twins.ContainsKey("p-dan"));
            Assert.Equal("true", m.Prop("c-house", "onCall"));
            Assert.Equal(["p-ada/r-ada-house", "p-cyd/r-cyd-wilson"], m.Relationships.Select(r => $"{r.SourceId}/{r.Id}").Order(StringComparer.Ordinal));
            Assert.Equal("c-wilson", m.Outgoing["p-cyd"]["r-cyd-wilson"].TargetId);
            Assert.Equal("\"attending\"", m.Outgoing["p-cyd"]["r-cyd-wilson"].Properties.Get("role").GetRawText());
            // Every merged entity carries the ETag of its merge event.
            var adaEvent = service.History(new EventFilter(BranchInfo.Main, TwinId: "p-ada", AfterSequence: lastBefore, Types: ["TwinWritten"])).Single();
            Assert.Equal($"W/\"{adaEvent.Sequence}\"", m.Twins["p-ada"].ETag);
            Assert.Equal([80.0], HeartRates(AllTelemetry(service, "p-ada")));
            Assert.Equal(Start.AddMinutes(1), AllTelemetry(service, "p-ada").Single().Timestamp);
            Assert.Equal([64.0], HeartRates(AllTelemetry(service, "p-bob")));
            // The branch itself is untouched.
            AssertSameState(planBefore, service.SnapshotOf("plan"));
            Assert.Equal([80.0], HeartRates(AllTelemetry(service, "p-ada", "plan")));
            // And main's history still folds to main's state.
            AssertSameState(Replay(service.Store, service.LastSequence), m);
        }
        Check(s);
        s = Restart(s);
        Check(s);
    }

    [SkippableFact]
    public void Merge_BranchImportedModels_ImportsThemIntoMainBeforeTheTwinsThatUseThem()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("wards");
        s.Do(Clock, "wards", ImportWards);
        s.Do(Clock, "wards", g =>
        {
            g.CreateOrReplaceTwin("w-3", Json($$"""{ "$metadata": { "$model": "{{Ward}}" }, "name": "Ward 3", "beds": 12 }"""));
            g.CreateOrReplaceRelationship("w-3", "h-ada", Houses("p-ada"));
        });
        Assert.False(s.Snapshot.Models.Contains(Ward));
        var lastBefore = s.LastSequence;

        s.Merge("wards", new WriteContext("charge-nurse"));
        var events = s.History(new EventFilter(AfterSequence: lastBefore));
        Assert.Equal(["ModelsImported", "TwinWritten", "RelationshipWritten"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("charge-nurse", e.Actor));
        Assert.True(s.Snapshot.Models.Contains(Ward));
        Assert.True(s.Snapshot.Models.Contains(Inpatient));
        Assert.Equal(["w-3"], s.Snapshot.IncomingOf("p-ada").Select(r => r.SourceId));
        s = Restart(s);
        Assert.True(s.Snapshot.Models.Contains(Ward));
        Assert.Equal("12", s.Snapshot.Prop("w-3", "beds"));
        AssertSameState(Replay(s.Store, s.LastSequence), s.Snapshot);
    }

    [SkippableFact]
    public void Merge_ConflictingChanges_ThrowsListingEachConflictAndMainIsUnchanged()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.CreateOrReplaceTwin("p-eve", PatientBody("Eve Arden", 141, 88));
            g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy"));
        });
        s.CreateBranch("plan");
        s.Do(Clock, "plan", g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "140"));    // main sets 155: conflict
            g.UpdateTwin("p-ada", Set("/diastolic", "90"));    // main sets 90 too: no conflict
            g.UpdateTwin("p-ada", Set("/ward", "\"icu\""));    // main leaves it: no conflict
            g.DeleteRelationship("p-bob", "r-bob-cuddy");
            g.DeleteTwin("p-bob");                             // main changes p-bob: conflict
            g.UpdateTwin("p-eve", Set("/diastolic", "77"));    // main deletes p-eve: conflict
            g.UpdateRelationship("p-ada", "r-ada-house", Set("/role", "\"consultant\"")); // main sets another role: conflict
            g.AppendTelemetry("p-ada", null, Vitals(81), Start);
        });
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "155"));
            g.UpdateTwin("p-ada", Set("/diastolic", "90"));
            g.UpdateTwin("p-bob", Set("/ward", "\"icu\""));
            g.DeleteTwin("p-eve");
            g.UpdateRelationship("p-ada", "r-ada-house", Set("/role", "\"covering\""));
        });

        void Check(TwinService service)
        {
            var before = service.Snapshot;
            var plan = service.SnapshotOf("plan");
            var last = service.LastSequence;
            var events = service.History(new EventFilter()).Count;
            var ex = Assert.Throws<MergeConflictException>(() => service.Merge("plan"));
            Assert.Equal("MergeConflict", ex.Code);
            Assert.Contains("'plan'", ex.Message);
            Assert.Contains("'main'", ex.Message);
            Assert.Equal(["p-ada systolic", "p-bob", "p-eve", "p-ada/r-ada-house"],
                ex.Conflicts.Select(c => c.Path.Length == 0 ? c.Entity : $"{c.Entity} {c.Path}"));
            var systolic = ex.Conflicts[0];
            Assert.Contains("140", systolic.Reason);
            Assert.Contains("155", systolic.Reason);
            Assert.Contains("150", systolic.Reason);
            Assert.Equal("deleted on the branch, changed on the parent", ex.Conflicts[1].Reason);
            Assert.Equal("changed on the branch, deleted on the parent", ex.Conflicts[2].Reason);
            Assert.Contains("changed", ex.Conflicts[3].Reason);
            // Nothing was applied, anywhere.
            Assert.Same(before, service.Snapshot);
            Assert.Equal(last, service.LastSequence);
            Assert.Equal(events, service.History(new EventFilter()).Count);
            Assert.Empty(AllTelemetry(service, "p-ada"));
            AssertSameState(plan, service.SnapshotOf("plan"));
            // Main still writes normally afterwards (the graph was not left half-merged).
            var w = service.Write(BranchInfo.Main, WriteContext.Default, g => g.GetTwin("p-ada").Properties.Count);
            Assert.Equal(before.Twins["p-ada"].Properties.Count, w.Value);
            Assert.Equal(last, service.LastSequence);
            Assert.Equal("\"covering\"", service.Snapshot.Outgoing["p-ada"]["r-ada-house"].Properties.Get("role").GetRawText());
        }
        Check(s);
        s = Restart(s);
        Check(s);
    }

    [SkippableFact]
    public void Merge_SameChangesOnBothSides_NoConflictAndNothingToApply()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("plan");
        foreach (var branch in new[] { "plan", BranchInfo.Main })
            s.Do(Clock, branch, g =>
            {
                g.UpdateTwin("p-ada", Set("/systolic", "140"));
                g.DeleteRelationship("p-ada", "r-ada-house");
                g.CreateOrReplaceTwin("p-cyd", PatientBody("Cyd Charisse", 135, 85));
            });
        var before = s.Snapshot;
        var last = s.LastSequence;
        var outcome = s.Merge("plan");
        Assert.Equal((0, 0, 0), (outcome.Twins, outcome.Relationships, outcome.TelemetryPoints));
        Assert.Equal(last, s.LastSequence);
        Assert.True(outcome.FirstSequence > outcome.LastSequence);
        AssertSameState(before, s.Snapshot);
    }

    [SkippableFact]
    public void Merge_BranchOfBranch_MergesIntoItsParentBranchOnly()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("sim");
        s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "130")));
        s.CreateBranch("sim-2", "sim");
        s.Do(Clock, "sim-2", g => g.UpdateTwin("p-ada", Set("/diastolic", "70")));
        s.Do(Clock, "sim", g => g.UpdateTwin("p-bob", Set("/ward", "\"icu\"")));
        var main = s.Snapshot;
        var outcome = s.Merge("sim-2");
        Assert.Equal("sim", outcome.Parent);
        Assert.All(s.History(new EventFilter(AfterSequence: outcome.FirstSequence - 1)), e => Assert.Equal("sim", e.Branch));
        var sim = s.SnapshotOf("sim");
        Assert.Equal(("130", "70", "\"icu\""), (sim.Prop("p-ada", "systolic")!, sim.Prop("p-ada", "diastolic")!, sim.Prop("p-bob", "ward")!));
        Assert.Same(main, s.Snapshot);
        s = Restart(s);
        sim = s.SnapshotOf("sim");
        Assert.Equal(("130", "70", "\"icu\""), (sim.Prop("p-ada", "systolic")!, sim.Prop("p-ada", "diastolic")!, sim.Prop("p-bob", "ward")!));
        AssertSameState(main, s.Snapshot);
    }

    [SkippableFact]
    public void Merge_BranchChangedModelParentChangedOtherProperty_NoConflict()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, ImportWards);
        s.CreateBranch("admit");
        s.Do(Clock, "admit", g => g.UpdateTwin("p-ada", [JsonPatchOperation.Replace("/$metadata/$model", Json($"\"{Inpatient}\"")), JsonPatchOperation.Add("/bed", Json("\"3-B\""))]));
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/diastolic", "85")));
        s.Merge("admit");
        var ada = s.Snapshot.Twins["p-ada"];
        Assert.Equal(Inpatient, ada.ModelId);
        Assert.Equal(("\"3-B\"", "85"), (s.Snapshot.Prop("p-ada", "bed")!, s.Snapshot.Prop("p-ada", "diastolic")!));
    }

    [SkippableFact]
    public void Merge_BranchAddsRelationshipToTwinDeletedOnParent_ThrowsMergeConflict()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("plan");
        s.Do(Clock, "plan", g => g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy")));
        s.Do(Clock, BranchInfo.Main, g => g.DeleteTwin("c-cuddy"));
        var before = s.Snapshot;
        var last = s.LastSequence;
        var ex = Assert.Throws<MergeConflictException>(() => s.Merge("plan"));
        Assert.Contains(ex.Conflicts, c => c.Entity is "p-bob/r-bob-cuddy" or "c-cuddy");
        Assert.Same(before, s.Snapshot);
        Assert.Equal(last, s.LastSequence);
    }

    [SkippableFact]
    public void Merge_BranchAddsRelationshipToTwinDeletedOnParent_RefusedAndMainUnchanged()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("plan");
        s.Do(Clock, "plan", g => g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy")));
        s.Do(Clock, BranchInfo.Main, g => g.DeleteTwin("c-cuddy"));
        var before = s.Snapshot;
        var last = s.LastSequence;
        Assert.ThrowsAny<TwinLabException>(() => s.Merge("plan"));
        Assert.Same(before, s.Snapshot);
        Assert.Equal(last, s.LastSequence);
    }

    [SkippableFact]
    public void Merge_SameBranchAgain_AppliesOnlyWhatChangedSinceTheLastMerge()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("plan");
        s.Do(Clock, "plan", g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "135"));
            g.AppendTelemetry("p-ada", null, Vitals(80), Start.AddMinutes(1));
        });
        var first = s.Merge("plan");
        Assert.Equal((1, 1), (first.Twins, first.TelemetryPoints));
        var last = s.LastSequence;

        // Nothing new on either side: nothing to apply, and the telemetry is not copied twice.
        var second = s.Merge("plan");
        Assert.Equal((0, 0, 0), (second.Twins, second.Relationships, second.TelemetryPoints));
        Assert.Equal(last, s.LastSequence);
        Assert.Equal([80.0], HeartRates(AllTelemetry(s, "p-ada")));

        // Main changes what the branch changed before the last merge: not a conflict any more.
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "155")));
        s.Do(Clock, "plan", g =>
        {
            g.UpdateTwin("p-ada", Set("/diastolic", "77"));
            g.AppendTelemetry("p-ada", null, Vitals(81), Start.AddMinutes(2));
        });
        var third = s.Merge("plan");
        Assert.Equal((1, 1), (third.Twins, third.TelemetryPoints));
        Assert.Equal(("155", "77"), (s.Snapshot.Prop("p-ada", "systolic")!, s.Snapshot.Prop("p-ada", "diastolic")!));
        Assert.Equal([80.0, 81], HeartRates(AllTelemetry(s, "p-ada")));

        // The merge point survives a restart.
        last = s.LastSequence;
        s = Restart(s);
        var fourth = s.Merge("plan");
        Assert.Equal((0, 0, 0), (fourth.Twins, fourth.Relationships, fourth.TelemetryPoints));
        Assert.Equal(last, s.LastSequence);
        Assert.Equal([80.0, 81], HeartRates(AllTelemetry(s, "p-ada")));
        Assert.NotNull(s.Branches.Single(b => b.Name == "plan").LastMerge);
    }

    [SkippableFact]
    public void Merge_Main_Refused()
    {
        var s = Open();
        Seed(s, Clock);
        Assert.Throws<TwinLabException>(() => s.Merge(BranchInfo.Main));
        Assert.Throws<TwinLabException>(() => s.Merge("no-such-branch"));
    }
}
