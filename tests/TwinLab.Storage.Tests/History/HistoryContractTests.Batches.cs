using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using static TwinLab.Storage.Tests.History.Clinic;

namespace TwinLab.Storage.Tests.History;

/// <summary>Batched writes (<see cref="TwinService.WriteBatch{T}"/>): many messages, one transaction, each exactly once.</summary>
public abstract partial class HistoryContractTests
{
    private static BatchItem<int> Beat(string key, double heartRate, int minute) =>
        new(key, g => g.AppendTelemetry("p-ada", null, Vitals(heartRate), Start.AddMinutes(minute)).Count);

    [SkippableFact]
    public void WriteBatch_AppliesEachMessageOnce_AcrossBatchesAndRestarts()
    {
        var s = Open();
        Seed(s, Clock);
        var first = s.WriteBatch(BranchInfo.Main, new WriteContext("mqtt:ward"), [Beat("m1", 70, 1), Beat("m2", 71, 2), Beat("m1", 99, 3)]);
        Assert.Equal([BatchItemStatus.Applied, BatchItemStatus.Applied, BatchItemStatus.Duplicate], first.Items.Select(i => i.Status));
        Assert.Equal(2, first.LastSequence - first.FirstSequence + 1);

        s = Restart(s);
        var again = s.WriteBatch(BranchInfo.Main, new WriteContext("mqtt:ward"), [Beat("m2", 71, 2), Beat("m3", 72, 3)]);
        Assert.Equal([BatchItemStatus.Duplicate, BatchItemStatus.Applied], again.Items.Select(i => i.Status));
        Assert.Equal([70.0, 71, 72], s.ReadTelemetry("p-ada", "heartRate", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)
            .Select(p => p.Value.GetDouble()));
        Assert.Equal(3, s.Store.FindWrites(["m1", "m2", "m3", "m4"]).Count);
    }

    [SkippableFact]
    public void WriteBatch_FailingMessage_IsLeftOutAndTheOthersCommit()
    {
        var s = Open();
        Seed(s, Clock);
        var last = s.LastSequence;
        var outcome = s.WriteBatch(BranchInfo.Main, new WriteContext("mqtt:ward"),
        [
            Beat("a", 60, 1),
            // Half applied, then refused: none of it may remain.
            new BatchItem<int>("poison", g =>
            {
                g.UpdateTwin("p-ada", Set("/systolic", "123"));
                return g.AppendTelemetry("p-nobody", null, Vitals(1), Start).Count;
            }),
            Beat("b", 61, 2),
        ]);
        Assert.Equal([BatchItemStatus.Applied, BatchItemStatus.Failed, BatchItemStatus.Applied], outcome.Items.Select(i => i.Status));
        Assert.Contains("p-nobody", outcome.Items[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(last + 2, s.LastSequence);
        Assert.Equal("150", s.Snapshot.Prop("p-ada", "systolic"));
        Assert.Equal(2, s.ReadTelemetry("p-ada", "heartRate", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        // The poison message's key is not recorded: fixed and sent again, it applies.
        Assert.Empty(s.Store.FindWrites(["poison"]));
    }

    [SkippableFact]
    public void WriteBatch_CopyAfterAFailedCopyOfTheSameKey_IsApplied()
    {
        var s = Open();
        Seed(s, Clock);
        var outcome = s.WriteBatch(BranchInfo.Main, new WriteContext("mqtt:ward"),
        [
            new BatchItem<int>("m7", g => g.AppendTelemetry("p-nobody", null, Vitals(1), Start).Count),
            Beat("m7", 64, 7),   // the corrected resend
            Beat("m7", 64, 7),   // and a plain repeat of it
        ]);
        Assert.Equal([BatchItemStatus.Failed, BatchItemStatus.Applied, BatchItemStatus.Duplicate], outcome.Items.Select(i => i.Status));
        Assert.Single(s.ReadTelemetry("p-ada", "heartRate", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Single(s.Store.FindWrites(["m7"]));
    }

    [SkippableFact]
    public void WriteBatch_AllDuplicatesOrFailed_AppendsNothing()
    {
        var s = Open();
        Seed(s, Clock);
        s.WriteBatch(BranchInfo.Main, new WriteContext("mqtt:ward"), [Beat("a", 60, 1)]);
        var last = s.LastSequence;
        var outcome = s.WriteBatch(BranchInfo.Main, new WriteContext("mqtt:ward"),
            [Beat("a", 60, 1), new BatchItem<int>("bad", _ => throw new InvalidOperationException("no"))]);
        Assert.Equal([BatchItemStatus.Duplicate, BatchItemStatus.Failed], outcome.Items.Select(i => i.Status));
        Assert.Equal(last, s.LastSequence);
    }
}
