using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

public abstract partial class HistoryContractTests
{
    private static double[] HeartRates(IReadOnlyList<TelemetryPoint> points) => points.Select(p => p.Value.GetDouble()).ToArray();

    private static IReadOnlyList<TelemetryPoint> AllTelemetry(TwinService s, string twin, string branch = BranchInfo.Main, long? asOf = null) =>
        s.ReadTelemetry(twin, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, branch, asOf);

    // ================================================================ 6. branches

    [SkippableFact]
    public void CreateBranch_AtCurrentSequence_SharesTheParentStateAndAppendsNothing()
    {
        var s = Open();
        Seed(s, Clock);
        var last = s.LastSequence;
        Clock.Advance(TimeSpan.FromMinutes(1));
        var info = s.CreateBranch("what-if");
        Assert.Equal(new BranchInfo("what-if", BranchInfo.Main, last, Clock.GetUtcNow()), info);
        Assert.Same(s.Snapshot, s.SnapshotOf("what-if")); // the O(1) fork: the very same immutable state
        Assert.Equal(last, s.LastSequence);
        s.CreateBranch("alpha");
        Assert.Equal(["main", "alpha", "what-if"], s.Branches.Select(b => b.Name));
        Assert.Null(s.Branches[0].Parent);

        var branches = s.Branches;
        var state = s.Snapshot;
        s = Restart(s);
        Assert.Equal(branches, s.Branches);
        AssertSameState(state, s.SnapshotOf("what-if"));
        Assert.Equal(last, s.LastSequence);
    }

    [SkippableFact]
    public void Write_OnBranchAndOnMain_NeitherSeesTheOtherBeforeOrAfterRestart()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("sim");
        s.Do(Clock, "sim", g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "118"));
            g.CreateOrReplaceTwin("p-cyd", PatientBody("Cyd Charisse", 135, 85));
            g.DeleteRelationship("p-ada", "r-ada-house");
            g.CreateOrReplaceRelationship("p-cyd", "r-cyd-house", TreatedBy("c-house"));
        });
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.UpdateTwin("p-ada", Set("/diastolic", "99"));
            g.UpdateTwin("c-house", Set("/onCall", "true"));
            g.CreateOrReplaceTwin("p-dan", PatientBody("Dan Brown", 122, 78));
        });

        void Check(TwinService service, string mainSystolic, string simSystolic)
        {
            var main = service.Snapshot;
            Assert.Equal(mainSystolic, main.Prop("p-ada", "systolic"));
            Assert.Equal("99", main.Prop("p-ada", "diastolic"));
            Assert.Equal("true", main.Prop("c-house", "onCall"));
            Assert.True(main.Twins.ContainsKey("p-dan"));
            Assert.False(main.Twins.ContainsKey("p-cyd"));
            Assert.Equal(["r-ada-house"], main.Relationships.Select(r => r.Id));

            var sim = service.SnapshotOf("sim");
            Assert.Equal(simSystolic, sim.Prop("p-ada", "systolic"));
            Assert.Equal("95", sim.Prop("p-ada", "diastolic"));
            Assert.Equal("false", sim.Prop("c-house", "onCall"));
            Assert.False(sim.Twins.ContainsKey("p-dan"));
            Assert.True(sim.Twins.ContainsKey("p-cyd"));
            Assert.Equal(["r-cyd-house"], sim.Relationships.Select(r => r.Id));
            Assert.Equal(["p-cyd"], sim.IncomingOf("c-house").Select(r => r.SourceId));

            Assert.Equal(["p-ada"], service.Query("SELECT * FROM digitaltwins WHERE IS_OF_MODEL('" + Patient + "') AND diastolic = 95", "sim").Items
                .Select(i => i["$dtId"]!.GetValue<string>()));
            Assert.Empty(service.Query("SELECT * FROM digitaltwins WHERE diastolic = 95").Items);
        }

        Check(s, "150", "118");
        s = Restart(s);
        Check(s, "150", "118");
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "151")));
        s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "119")));
        Check(s, "151", "119");
        s = Restart(s);
        Check(s, "151", "119");
    }

    [SkippableFact]
    public void CreateBranch_AtEarlierSequence_StartsFromMainStateAtThatPoint()
    {
        var s = Open();
        Seed(s, Clock);
        var k = s.LastSequence;
        var then = s.Snapshot;
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "160")));
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.DeleteRelationship("p-ada", "r-ada-house");
            g.CreateOrReplaceTwin("p-dan", PatientBody("Dan Brown", 122, 78));
        });
        var mainNow = s.Snapshot;
        var last = s.LastSequence;

        var info = s.CreateBranch("past", BranchInfo.Main, k);
        Assert.Equal(k, info.ForkSequence);
        Assert.Equal(last, s.LastSequence);
        AssertSameState(then, s.SnapshotOf("past"));

        var w = s.Write("past", new WriteContext("planner"), g => g.UpdateTwin("p-ada", Set("/systolic", "101")));
        Assert.Equal($"W/\"{last + 1}\"", w.Value.ETag);
        var past = s.SnapshotOf("past");
        Assert.Equal("101", past.Prop("p-ada", "systolic"));
        Assert.Single(past.Relationships);
        Assert.False(past.Twins.ContainsKey("p-dan"));
        AssertSameState(mainNow, s.Snapshot);

        // The empty beginning is a valid fork point too.
        s.CreateBranch("genesis", BranchInfo.Main, 0);
        Assert.Empty(s.SnapshotOf("genesis").Twins);
        Assert.Equal(0, s.SnapshotOf("genesis").Models.Count);

        var pastState = s.SnapshotOf("past");
        s = Restart(s);
        AssertSameState(pastState, s.SnapshotOf("past"));
        AssertSameState(mainNow, s.Snapshot);
        Assert.Empty(s.SnapshotOf("genesis").Twins);

        Assert.Throws<TwinLabException>(() => s.CreateBranch("future", BranchInfo.Main, s.LastSequence + 1));
        Assert.Throws<TwinLabException>(() => s.CreateBranch("negative", BranchInfo.Main, -1));
        Assert.Equal(["main", "genesis", "past"], s.Branches.Select(b => b.Name));
    }

    [SkippableFact]
    public void CreateBranch_FromBranch_ForksThatBranchAtItsState()
    {
        var s = Open();
        Seed(s, Clock);
        var simFork = s.CreateBranch("sim").ForkSequence;
        var w118 = s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "118"))).LastSequence;
        var nested = s.CreateBranch("sim-2", "sim");
        Assert.Equal(("sim", w118), (nested.Parent, nested.ForkSequence));
        s.Do(Clock, "sim", g => g.UpdateTwin("p-ada", Set("/systolic", "117")));
        s.Do(Clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/systolic", "151")));
        s.Do(Clock, "sim-2", g => g.UpdateTwin("p-ada", Set("/diastolic", "70")));
        // A branch of sim at a point between its two writes.
        var mid = s.CreateBranch("sim-mid", "sim", w118);
        Assert.Equal(w118, mid.ForkSequence);

        void Check(TwinService service)
        {
            Assert.Equal(("151", "95"), (service.Snapshot.Prop("p-ada", "systolic"), service.Snapshot.Prop("p-ada", "diastolic")));
            Assert.Equal(("117", "95"), (service.SnapshotOf("sim").Prop("p-ada", "systolic"), service.SnapshotOf("sim").Prop("p-ada", "diastolic")));
            Assert.Equal(("118", "70"), (service.SnapshotOf("sim-2").Prop("p-ada", "systolic"), service.SnapshotOf("sim-2").Prop("p-ada", "diastolic")));
            Assert.Equal(("118", "95"), (service.SnapshotOf("sim-mid").Prop("p-ada", "systolic"), service.SnapshotOf("sim-mid").Prop("p-ada", "diastolic")));
        }
        Check(s);
        Assert.Throws<TwinLabException>(() => s.CreateBranch("too-early", "sim", simFork - 1));
        Assert.Throws<TwinLabException>(() => s.CreateBranch("orphan", "no-such-branch"));
        s = Restart(s);
        Check(s);
        Assert.Equal(("sim-2", "sim", w118), s.Branches.Where(b => b.Name == "sim-2").Select(b => (b.Name, b.Parent!, b.ForkSequence)).Single());
        s.Do(Clock, "sim-2", g => g.UpdateTwin("p-ada", Set("/systolic", "116")));
        Assert.Equal("116", s.SnapshotOf("sim-2").Prop("p-ada", "systolic"));
        Assert.Equal("117", s.SnapshotOf("sim").Prop("p-ada", "systolic"));
        Assert.Equal("151", s.Snapshot.Prop("p-ada", "systolic"));
    }

    [SkippableFact]
    public void ReadTelemetry_OnBranch_SeesAncestorsPointsUpToEachForkAndItsOwn()
    {
        var s = Open();
        Seed(s, Clock);
        var t = Start.AddHours(1);
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(70), t.AddMinutes(1)));
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(71), t.AddMinutes(2)));
        s.CreateBranch("sim");
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(72), t.AddMinutes(3)));
        var sim90 = s.Do(Clock, "sim", g => g.AppendTelemetry("p-ada", null, Vitals(90), t.AddMinutes(4))).LastSequence;
        s.CreateBranch("sim-2", "sim");
        s.Do(Clock, "sim", g => g.AppendTelemetry("p-ada", null, Vitals(91), t.AddMinutes(5)));
        s.Do(Clock, "sim-2", g => g.AppendTelemetry("p-ada", null, Vitals(95), t.AddMinutes(6)));
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(73), t.AddMinutes(7)));
        // A branch write interleaved in time: points come back ordered by their time, not by sequence.
        s.Do(Clock, "sim", g => g.AppendTelemetry("p-ada", null, Vitals(89), t.AddMinutes(2).AddSeconds(30)));

        void Check(TwinService service)
        {
            Assert.Equal([70.0, 71, 72, 73], HeartRates(AllTelemetry(service, "p-ada")));
            Assert.Equal([70.0, 71, 89, 90, 91], HeartRates(AllTelemetry(service, "p-ada", "sim")));
            Assert.Equal([70.0, 71, 90, 95], HeartRates(AllTelemetry(service, "p-ada", "sim-2")));
            Assert.Equal([70.0, 71, 90], HeartRates(AllTelemetry(service, "p-ada", "sim", sim90)));
            Assert.Equal([71.0, 89, 90], HeartRates(service.ReadTelemetry("p-ada", "heartRate", t.AddMinutes(2), t.AddMinutes(5), "sim")));
            Assert.Empty(service.ReadTelemetry("p-ada", "spo2", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "sim"));
            Assert.Empty(AllTelemetry(service, "p-bob", "sim"));
            Assert.Equal(3, service.History(new EventFilter("sim", Types: ["TelemetryAppended"])).Count);
        }
        Check(s);
        s = Restart(s);
        Check(s);
    }

    [SkippableFact]
    public void Diff_BranchAndParentChanged_ListsTwinsPropertiesRelationshipsAndTelemetry()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(70), Start)); // before the fork: no difference
        var fork = s.CreateBranch("plan").ForkSequence;
        s.Do(Clock, "plan", g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "135"));
            g.UpdateComponent("p-ada", "cuff", Set("/mode", "\"manual\""));
            g.CreateOrReplaceTwin("p-cyd", PatientBody("Cyd Charisse", 135, 85));
            g.DeleteRelationship("p-ada", "r-ada-house");
            g.CreateOrReplaceRelationship("p-bob", "r-bob-cuddy", TreatedBy("c-cuddy"));
            g.AppendTelemetry("p-ada", null, Vitals(80), Start.AddMinutes(1));
        });
        s.Do(Clock, "plan", g => g.AppendTelemetry("p-ada", null, Json("""{"heartRate": 81, "spo2": 0.97}"""), Start.AddMinutes(2)));
        s.Do(Clock, BranchInfo.Main, g =>
        {
            g.UpdateTwin("p-bob", Set("/ward", "\"icu\""));
            g.CreateOrReplaceTwin("p-dan", PatientBody("Dan Brown", 122, 78));
            g.AppendTelemetry("p-bob", null, Vitals(64), Start.AddMinutes(3));
        });
        // Set back to the value it had: no longer a difference.
        s.Do(Clock, "plan", g => g.UpdateTwin("c-house", Set("/onCall", "true")));
        s.Do(Clock, "plan", g => g.UpdateTwin("c-house", Set("/onCall", "false")));

        void Check(TwinService service)
        {
            var d = service.Diff("plan");
            Assert.Equal(("plan", "main", fork), (d.Branch, d.Parent, d.ForkSequence));
            Assert.False(d.IsEmpty);
            Assert.Equal(["p-ada", "p-bob", "p-cyd", "p-dan"], d.Twins.Select(t => t.TwinId));

            var ada = d.Twins[0];
            Assert.Equal(DiffKind.Changed, ada.Kind);
            Assert.Equal((Patient, Patient), (ada.BranchModel!, ada.ParentModel!));
            Assert.Equal(["systolic", "cuff/mode"], ada.Properties.Select(p => p.Path));
            Assert.Equal(("135", "150"), (ada.Properties[0].BranchValue!.Value.GetRawText(), ada.Properties[0].ParentValue!.Value.GetRawText()));
            Assert.Equal(("\"manual\"", "\"auto\""), (ada.Properties[1].BranchValue!.Value.GetRawText(), ada.Properties[1].ParentValue!.Value.GetRawText()));

            var bob = d.Twins[1];
            Assert.Equal(DiffKind.Changed, bob.Kind);
            Assert.Equal("ward", Assert.Single(bob.Properties).Path);
            Assert.Equal(("\"nephrology\"", "\"icu\""), (bob.Properties[0].BranchValue!.Value.GetRawText(), bob.Properties[0].ParentValue!.Value.GetRawText()));

            var cyd = d.Twins[2];
            Assert.Equal((DiffKind.OnlyInBranch, Patient, (string?)null), (cyd.Kind, cyd.BranchModel!, cyd.ParentModel));
            Assert.Contains(cyd.Properties, p => p.Path == "name" && p.BranchValue!.Value.GetString() == "Cyd Charisse" && p.ParentValue is null);
            Assert.Contains(cyd.Properties, p => p.Path == "cuff/serial");

            var dan = d.Twins[3];
            Assert.Equal((DiffKind.OnlyInParent, (string?)null, Patient), (dan.Kind, dan.BranchModel, dan.ParentModel!));
            Assert.All(dan.Properties, p => Assert.Null(p.BranchValue));

            Assert.Equal([("p-ada", "r-ada-house", DiffKind.OnlyInParent), ("p-bob", "r-bob-cuddy", DiffKind.OnlyInBranch)],
                d.Relationships.Select(r => (r.SourceId, r.RelationshipId, r.Kind)));
            Assert.Null(d.Relationships[0].Branch);
            Assert.Equal("c-house", d.Relationships[0].Parent!.TargetId);
            Assert.Equal("c-cuddy", d.Relationships[1].Branch!.TargetId);

            Assert.Equal([new TelemetryDifference("p-ada", "heartRate", 2, 0), new TelemetryDifference("p-ada", "spo2", 1, 0), new TelemetryDifference("p-bob", "heartRate", 0, 1)],
                d.Telemetry);
        }
        Check(s);
        s = Restart(s);
        Check(s);
        Assert.Throws<TwinLabException>(() => s.Diff(BranchInfo.Main));
        Assert.Throws<TwinLabException>(() => s.Diff("no-such-branch"));
    }

    [SkippableFact]
    public void Diff_FreshBranch_IsEmptyBeforeAndAfterRestart()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(70), Start));
        s.CreateBranch("sim");
        Assert.True(s.Diff("sim").IsEmpty);
        s = Restart(s);
        var d = s.Diff("sim");
        Assert.True(d.IsEmpty, $"twins: {string.Join(", ", d.Twins.Select(t => t.TwinId))}; relationships: {string.Join(", ", d.Relationships.Select(r => r.RelationshipId))}");
    }

    [SkippableFact]
    public void DiscardBranch_Leaf_RemovesItItsEventsAndTelemetry()
    {
        var s = Open();
        Seed(s, Clock);
        s.Do(Clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(70), Start));
        s.CreateBranch("sim");
        s.Do(Clock, "sim", g =>
        {
            g.UpdateTwin("p-ada", Set("/systolic", "118"));
            g.AppendTelemetry("p-ada", null, Vitals(99), Start.AddMinutes(1));
        });
        s.CreateBranch("sim-child", "sim");
        s.Do(Clock, "sim-child", g => g.UpdateTwin("p-ada", Set("/systolic", "117")));
        var mainEvents = Seqs(s.History(new EventFilter(BranchInfo.Main)));
        var mainState = s.Snapshot;

        var refused = Assert.Throws<TwinLabException>(() => s.DiscardBranch("sim"));
        Assert.Contains("sim-child", refused.Message);
        Assert.Throws<TwinLabException>(() => s.DiscardBranch(BranchInfo.Main));
        Assert.Throws<TwinLabException>(() => s.DiscardBranch("no-such-branch"));
        Assert.Equal(["main", "sim", "sim-child"], s.Branches.Select(b => b.Name));

        s.DiscardBranch("sim-child");
        s.DiscardBranch("sim");

        void Check(TwinService service)
        {
            Assert.Equal(["main"], service.Branches.Select(b => b.Name));
            Assert.Empty(service.Store.LoadBranches());
            Assert.Empty(service.History(new EventFilter("sim")));
            Assert.Empty(service.History(new EventFilter("sim-child")));
            Assert.Equal(mainEvents, Seqs(service.History(new EventFilter())));
            Assert.Throws<TwinLabException>(() => service.SnapshotOf("sim"));
            Assert.Throws<TwinLabException>(() => service.Write("sim", WriteContext.Default, g => g.TwinCount));
            Assert.Throws<TwinLabException>(() => AllTelemetry(service, "p-ada", "sim"));
            Assert.Empty(service.Store.ReadTelemetry([new TelemetrySource("sim", long.MaxValue)], "p-ada", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
            Assert.Equal([70.0], HeartRates(AllTelemetry(service, "p-ada")));
            AssertSameState(mainState, service.Snapshot);
        }
        Check(s);
        s = Restart(s);
        Check(s);

        // The name is free again, and the new branch starts from main now, not from the discarded one.
        s.CreateBranch("sim");
        Assert.Equal("150", s.SnapshotOf("sim").Prop("p-ada", "systolic"));
        Assert.Equal([70.0], HeartRates(AllTelemetry(s, "p-ada", "sim")));
        s = Restart(s);
        Assert.Equal("150", s.SnapshotOf("sim").Prop("p-ada", "systolic"));
    }

    [SkippableFact]
    public void DiscardBranch_KeyUsedOnlyOnTheDiscardedBranch_IsForgotten()
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch("sim");
        s.Write("sim", new WriteContext("planner", "sim-run-1"), g => g.UpdateTwin("p-ada", Set("/systolic", "118")).ETag);
        s.DiscardBranch("sim");
        s.CreateBranch("sim");
        var rerun = s.Write("sim", new WriteContext("planner", "sim-run-1"), g => g.UpdateTwin("p-ada", Set("/systolic", "119")).ETag);
        Assert.False(rerun.Duplicate);
        Assert.Equal("119", s.SnapshotOf("sim").Prop("p-ada", "systolic"));
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("main")]
    [InlineData("-leading-dash")]
    [InlineData(".hidden")]
    [InlineData("_underscore")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("what-if?")]
    [InlineData("ünïcode")]
    [InlineData("tab\tname")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    public void CreateBranch_InvalidName_RejectedAndNothingRecorded(string name)
    {
        var s = Open();
        Seed(s, Clock);
        var ex = Assert.Throws<TwinLabException>(() => s.CreateBranch(name));
        Assert.Equal(ErrorCodes.InvalidArgument, ex.Code);
        Assert.Equal(["main"], s.Branches.Select(b => b.Name));
        Assert.Empty(s.Store.LoadBranches());
    }

    [SkippableTheory]
    [InlineData("a")]
    [InlineData("9")]
    [InlineData("Main")]
    [InlineData("what-if_2025.03.01")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64
    public void CreateBranch_ValidName_Accepted(string name)
    {
        var s = Open();
        Seed(s, Clock);
        s.CreateBranch(name);
        s.Do(Clock, name, g => g.UpdateTwin("p-ada", Set("/systolic", "140")));
        s = Restart(s);
        Assert.Equal("140", s.SnapshotOf(name).Prop("p-ada", "systolic"));
        Assert.Throws<TwinLabException>(() => s.CreateBranch(name)); // taken
    }

    [SkippableFact]
    public void CreateBranch_NameWithTrailingNewline_Rejected()
    {
        var s = Open();
        Seed(s, Clock);
        Assert.Throws<TwinLabException>(() => s.CreateBranch("sim\n"));
    }

    // ================================================================ 7. concurrent writers on main and a branch

    [SkippableFact]
    public async Task Write_ConcurrentWritersOnMainAndBranch_StayIsolatedWithGapFreeSequences()
    {
        const int N = 500;
        var s = Open();
        Seed(s, Clock); // p-ada: systolic 150, diastolic 95, ward "cardiology"
        var fork = s.CreateBranch("sim").ForkSequence;
        using var start = new Barrier(3);
        var done = 0;

        Task Writer(string branch, string property, int offset) => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < N; i++)
            {
                var value = (offset + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var o = s.Write(branch, new WriteContext(branch + "-writer"), g => g.UpdateTwin("p-ada",
                    [JsonPatchOperation.Add("/" + property, Json(value)), JsonPatchOperation.Add("/ward", Json($"\"{branch}-{i}\""))]));
                Assert.Equal(o.FirstSequence, o.LastSequence);
                Assert.Equal($"W/\"{o.LastSequence}\"", o.Value.ETag);
            }
            Interlocked.Increment(ref done);
        });

        var reader = Task.Run(() =>
        {
            start.SignalAndWait();
            var reads = 0;
            while (Volatile.Read(ref done) < 2 || reads < 10)
            {
                var main = s.SnapshotOf(BranchInfo.Main);
                var sim = s.SnapshotOf("sim");
                Assert.Equal("95", main.Prop("p-ada", "diastolic"));
                Assert.Equal("150", sim.Prop("p-ada", "systolic"));
                Assert.DoesNotContain("sim-", main.Prop("p-ada", "ward")!);
                Assert.DoesNotContain("main-", sim.Prop("p-ada", "ward")!);
                if (reads++ % 20 == 0)
                {
                    var k = s.LastSequence - 1;
                    Assert.Equal("95", s.SnapshotOf(BranchInfo.Main, k).Prop("p-ada", "diastolic"));
                    Assert.Equal("150", s.SnapshotOf("sim", k).Prop("p-ada", "systolic"));
                }
            }
        });

        await Task.WhenAll(Writer(BranchInfo.Main, "systolic", 1000), Writer("sim", "diastolic", 2000), reader);

        void Check(TwinService service)
        {
            Assert.Equal(fork + 2 * N, service.LastSequence);
            var events = service.History(new EventFilter(AfterSequence: fork));
            Assert.Equal(Range(fork + 1, fork + 2 * N), Seqs(events));
            foreach (var branch in new[] { BranchInfo.Main, "sim" })
            {
                var mine = events.Where(e => e.Branch == branch).ToArray();
                Assert.Equal(N, mine.Length);
                for (var i = 0; i < N; i++)
                {
                    Assert.Equal(branch + "-writer", mine[i].Actor);
                    Assert.Contains($"\"ward\":\"{branch}-{i}\"", mine[i].Payload);
                }
            }
            var m = service.Snapshot;
            Assert.Equal(("1499", "95", "\"main-499\""), (m.Prop("p-ada", "systolic")!, m.Prop("p-ada", "diastolic")!, m.Prop("p-ada", "ward")!));
            var b = service.SnapshotOf("sim");
            Assert.Equal(("150", "2499", "\"sim-499\""), (b.Prop("p-ada", "systolic")!, b.Prop("p-ada", "diastolic")!, b.Prop("p-ada", "ward")!));
            AssertSameState(Replay(service.Store, service.LastSequence), m, "main is the fold of main's events");
            AssertSameState(EventFold.Apply(Replay(service.Store, fork), service.Store.ReadEvents(new EventFilter("sim", AfterSequence: fork))), b, "sim is the fold of main at the fork and sim's events");
        }
        Check(s);
        s = Restart(s);
        Check(s);
    }
}
