using Npgsql;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;
using static TwinLab.Storage.Tests.TestGraph;

namespace TwinLab.Storage.Tests.Postgres;

/// <summary>
/// <see cref="PostgresTwinStore.AppendAfterLastAsync"/>, the group commit of a cluster's twin writes: a batch of writes,
/// each numbered where the one before it left the log, appended in one transaction; a write that throws fails alone;
/// duplicate idempotency keys; a held append lock becomes a timeout. Skips without <c>TWINLAB_POSTGRES</c>.
/// </summary>
public sealed class PostgresBatchAppendTests : IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [SkippableFact]
    public async Task AppendAfterLastAsync_ABatch_NumbersEachWriteWhereThePreviousLeftTheLog_InOneTransaction_AFailingWriteAlone()
    {
        using var store = _db.Open();
        store.Commit([new TwinWritten(HandTwin("seed", 1, T(1)), true)], 1);
        var seen = new List<long>();
        PendingAppend Write(Func<long, IReadOnlyList<GraphChange>> make) =>
            new(BranchInfo.Main, last =>
            {
                seen.Add(last);
                var changes = make(last);
                return new StagedWrite(changes, last + changes.Count);
            }, new WriteContext("batch"), T(2));

        var outcomes = await store.AppendAfterLastAsync([
            Write(last => [new TwinWritten(HandTwin("a", last + 1, T(2)), true)]),
            Write(_ => throw new TwinLabException(ErrorCodes.ValidationFailed, "refused")),
            Write(last => [new TwinWritten(HandTwin("b", last + 1, T(2)), true), new TwinWritten(HandTwin("c", last + 2, T(2)), true)]),
            Write(_ => []),
            Write(last => [new TwinDeleted("a")]),
        ]);

        Assert.Equal([1L, 2, 2, 4, 4], seen);
        Assert.Equal(new AppendResult(2, 2, false), outcomes[0].Result);
        Assert.Equal("refused", Assert.IsType<TwinLabException>(outcomes[1].Error).Message);
        Assert.Null(outcomes[1].Result);
        Assert.Equal(new AppendResult(3, 4, false), outcomes[2].Result);
        Assert.Equal(new AppendResult(5, 4, false), outcomes[3].Result);
        Assert.Equal(new AppendResult(5, 5, false), outcomes[4].Result);
        var events = store.ReadEvents(new EventFilter());
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Sequence));
        Assert.Equal(["seed", "a", "b", "c", "a"], events.Select(e => e.TwinId));
        Assert.Equal(5, store.LastSequence);
        // One transaction wrote the whole batch: its rows share one transaction id.
        Assert.Equal(1L, _db.Scalar("SELECT count(DISTINCT xmin::text) FROM events WHERE seq > 1;"));
        // The head row and main's version moved as single appends would have moved them.
        Assert.Equal(5L, _db.Scalar("SELECT last_seq FROM head;"));
        Assert.Equal(5L, _db.Scalar("SELECT version FROM head;"));
        Assert.Equal(["b", "c", "seed"], store.Load().Twins.Keys.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task AppendAfterLastAsync_DuplicateKeys_CommittedBeforeOrEarlierInTheBatch_AreNotRun_AFailedWritesKeyStaysFree()
    {
        using var store = _db.Open();
        var original = store.Append(BranchInfo.Main, [new TwinWritten(HandTwin("k", 1, T(1)), true)], 1, new WriteContext("a", "key-1"), T(1));
        var ran = new List<string>();
        PendingAppend Write(string name, string key, bool fail = false) =>
            new(BranchInfo.Main, last =>
            {
                ran.Add(name);
                if (fail) throw new TwinLabException(ErrorCodes.PreconditionFailed, "stale");
                return new StagedWrite([new TwinWritten(HandTwin(name, last + 1, T(2)), true)], last + 1);
            }, new WriteContext("b", key), T(2));

        var outcomes = await store.AppendAfterLastAsync([
            Write("w0", "key-1"),
            Write("w1", "key-2"),
            Write("w2", "key-2"),
            Write("w3", "key-3", fail: true),
            Write("w4", "key-3"),
        ]);

        Assert.Equal(["w1", "w3", "w4"], ran);
        Assert.Equal(original with { Duplicate = true }, outcomes[0].Result);
        Assert.Equal(new AppendResult(2, 2, false), outcomes[1].Result);
        Assert.Equal(new AppendResult(2, 2, true), outcomes[2].Result);
        Assert.IsType<TwinLabException>(outcomes[3].Error);
        Assert.Equal(new AppendResult(3, 3, false), outcomes[4].Result);
        Assert.Equal(new WriteRecord(2, 2), store.FindWrite("key-2"));
        Assert.Equal(new WriteRecord(3, 3), store.FindWrite("key-3"));
        Assert.Equal(["k", "w1", "w4"], store.ReadEvents(new EventFilter()).Select(e => e.TwinId));
    }

    [SkippableFact]
    public async Task AppendAfterLastAsync_WhileAnotherTransactionHoldsTheHeadRow_FailsWithATimeout_ThenWorksOnceReleased()
    {
        using var store = _db.Open();
        store.AppendLockTimeout = TimeSpan.FromMilliseconds(300);
        var write = new PendingAppend(BranchInfo.Main, last => new StagedWrite([new TwinWritten(HandTwin("a", last + 1, T(1)), true)], last + 1),
            new WriteContext("a"), T(1));
        await using (var holder = new NpgsqlConnection(PostgresTestDatabase.Require()))
        {
            await holder.OpenAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await using (var cmd = new NpgsqlCommand($"SELECT last_seq FROM {PostgresTwinStore.Quote(_db.Schema)}.head WHERE id = 1 FOR UPDATE;", holder, tx))
                await cmd.ExecuteScalarAsync();
            var error = await Assert.ThrowsAsync<TimeoutException>(() => store.AppendAfterLastAsync([write]));
            Assert.Contains("was not granted within 0.3 s", error.Message, StringComparison.Ordinal);
            Assert.Contains(_db.Schema, error.Message, StringComparison.Ordinal);
            await tx.RollbackAsync();
        }
        Assert.Empty(store.ReadEvents(new EventFilter()));
        var outcome = Assert.Single(await store.AppendAfterLastAsync([write]));
        Assert.Equal(new AppendResult(1, 1, false), outcome.Result);
    }

    [SkippableFact]
    public async Task ReadEventsAsync_ReadsAsTheSynchronousReadDoes()
    {
        using var store = _db.Open();
        store.Commit([new TwinWritten(HandTwin("a", 1, T(1)), true), new TwinWritten(HandTwin("b", 2, T(1)), true), new TwinDeleted("a")], 3);
        foreach (var filter in new[] { new EventFilter(), new EventFilter(TwinId: "a"), new EventFilter(AfterSequence: 1, Limit: 1), new EventFilter(Limit: 0) })
            Assert.Equal(store.ReadEvents(filter), await store.ReadEventsAsync(filter));
    }
}
