using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// The silo's twin store (PostgreSQL in a real cluster, so every silo reads and writes the same log), or none: then twins
/// live only in their grains' memory.
/// </summary>
/// <remarks>
/// <para>With a store several silos share (<see cref="ISharedTwinStore"/>), writes are <b>group-committed</b>: the writes
/// this silo's grains ask for while an append is in flight queue here, and the next append takes them all (up to
/// <see cref="MaxBatch"/>) — one transaction under the store's append lock, each write made in order on the log's true
/// last number and given its own sequence numbers and outcome, one commit for all. 64 concurrent patches thus cost a
/// handful of commits, not 64, and each is answered only once its commit is durable. A write refused by the Core fails
/// alone; a duplicate idempotency key (committed before, or earlier in the same batch) makes nothing. Reads and appends
/// are awaited network calls: a grain turn never blocks a thread on the store.</para>
/// <para>With a store only this process writes (a test's in-memory store), reads and writes go one at a time through an
/// awaited gate, as the embedded <see cref="Core.Application.TwinService"/> serialises its own.</para>
/// </remarks>
/// <param name="store">The store, or <c>null</c>.</param>
/// <param name="time">Commit times.</param>
public sealed class TwinStoreAccess(ITwinStore? store, TimeProvider time)
{
    /// <summary>The most writes appended in one transaction: bounds a batch's statements and the time the append lock is
    /// held for it (64 in flight fit in one).</summary>
    public const int MaxBatch = 256;

    // Awaited, not locked: a grain turn waiting for another's store call frees its thread, so a burst of concurrent writes
    // or activations never parks the silo's threads (64 of them blocked on a lock starved the thread pool: calls timed out).
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queueLock = new();
    private readonly List<QueuedWrite> _queue = [];
    private bool _appending;

    /// <summary>Whether a store is configured.</summary>
    public bool IsConfigured => store is not null;

    /// <summary>Events of a branch matching the filter (none without a store).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(EventFilter filter)
    {
        if (store is null) return [];
        if (store is ISharedTwinStore shared) return await shared.ReadEventsAsync(filter);
        await _gate.WaitAsync();
        try
        {
            return store.ReadEvents(filter);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Main's current state (empty without a store).</summary>
    /// <remarks>The store's load is synchronous (it is made once per index shard activation): on a shared store it runs on
    /// a thread-pool thread, so the grain's turn still frees its scheduler thread while PostgreSQL answers.</remarks>
    public async Task<GraphSnapshot> LoadMainAsync()
    {
        if (store is null) return GraphSnapshot.Empty;
        if (store is ISharedTwinStore) return await Task.Run(store.Load);
        await _gate.WaitAsync();
        try
        {
            return store.Load();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs a write on a graph and appends its changes, recorded with <paramref name="context"/>'s actor and key. The graph's
    /// version is first moved to the log's last sequence, so each change's ETag is the sequence number of the event that
    /// records it, as on the embedded server: for a store several silos share (<see cref="ISharedTwinStore"/>) the write
    /// runs under the store's append lock, in a batch with the other writes queued meanwhile, where that number is the true
    /// one and not this silo's possibly older view.
    /// </summary>
    /// <remarks>A write whose idempotency key is already committed is not made again: <see cref="StoreWrite.Duplicate"/>, with
    /// that earlier write's events (<see cref="StoreWrite.Original"/>).
    /// The graph is written on whichever thread makes the batch's append; the caller must leave it alone until this returns.</remarks>
    /// <exception cref="TwinRejectedException">The Core refused the write; nothing was stored.</exception>
    public async Task<StoreWrite> WriteAsync(string branch, TwinGraph graph, Action<TwinGraph> write, WriteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store is ISharedTwinStore shared) return await QueueAsync(shared, new QueuedWrite(branch, graph, write, context));
        await _gate.WaitAsync();
        try
        {
            if (store is not null && context.IdempotencyKey is { } key && store.FindWrite(key) is { } seen)
                return Replayed(store.ReadEvents(Original(seen.FirstSequence, seen.LastSequence)));
            var changes = Make(graph, write, store?.LastSequence ?? 0);
            var appended = store is not null && changes.Count > 0 ? store.Append(branch, changes, graph.Version, context, time.GetUtcNow()) : null;
            // Committed by another writer between the check above and the append: a replay all the same.
            return appended is { Duplicate: true } d ? Replayed(store!.ReadEvents(Original(d.FirstSequence, d.LastSequence))) : new StoreWrite(changes, Duplicate: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Queues a write for the next batch; the first write to find no append in flight starts one, off the grain's
    /// scheduler, which then drains the queue batch after batch.</summary>
    private Task<StoreWrite> QueueAsync(ISharedTwinStore shared, QueuedWrite queued)
    {
        bool start;
        lock (_queueLock)
        {
            _queue.Add(queued);
            start = !_appending;
            _appending = true;
        }
        if (start) _ = Task.Run(() => AppendQueuedAsync(shared));
        return queued.Done.Task;
    }

    private async Task AppendQueuedAsync(ISharedTwinStore shared)
    {
        while (true)
        {
            QueuedWrite[] batch;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    _appending = false;
                    return;
                }
                var n = Math.Min(_queue.Count, MaxBatch);
                batch = _queue.GetRange(0, n).ToArray();
                _queue.RemoveRange(0, n);
            }
            await AppendAsync(shared, batch);
        }
    }

    /// <summary>Appends one batch and answers each of its writes; never throws (a failed transaction fails every write of it).</summary>
    private async Task AppendAsync(ISharedTwinStore shared, QueuedWrite[] batch)
    {
        var changes = new IReadOnlyList<GraphChange>[batch.Length];
        try
        {
            var now = time.GetUtcNow();
            var pending = new PendingAppend[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                var (q, index) = (batch[i], i);
                pending[i] = new PendingAppend(q.Branch, last =>
                {
                    changes[index] = Make(q.Graph, q.Write, last);
                    return new StagedWrite(changes[index], q.Graph.Version);
                }, q.Context, now);
            }
            var outcomes = await shared.AppendAfterLastAsync(pending);
            for (var i = 0; i < batch.Length; i++)
            {
                if (outcomes[i].Error is { } error) batch[i].Done.TrySetException(error);
                else if (outcomes[i].Result is { Duplicate: true } seen) _ = AnswerReplayAsync(shared, batch[i], seen);
                else batch[i].Done.TrySetResult(new StoreWrite(changes[i] ?? [], Duplicate: false));
            }
        }
        catch (Exception e)
        {
            foreach (var q in batch) q.Done.TrySetException(e);
        }
    }

    /// <summary>Answers a repeated key (committed before, or earlier in the same batch, which has committed by now) with the
    /// events of the write that holds it; off the appending loop, so the next batch need not wait for the read.</summary>
    private static async Task AnswerReplayAsync(ISharedTwinStore shared, QueuedWrite queued, AppendResult seen)
    {
        try
        {
            queued.Done.TrySetResult(Replayed(await shared.ReadEventsAsync(Original(seen.FirstSequence, seen.LastSequence))));
        }
        catch (Exception e)
        {
            queued.Done.TrySetException(e);
        }
    }

    /// <summary>The events of the write a repeated key belongs to.</summary>
    private static EventFilter Original(long first, long last) => new(AfterSequence: first - 1, UpToSequence: last);

    /// <summary>A repeated key's answer: the events of the write that committed it, from which the grain answers as it did then.</summary>
    private static StoreWrite Replayed(IReadOnlyList<StoredEvent> original) => new([], Duplicate: true) { Original = original };

    private static IReadOnlyList<GraphChange> Make(TwinGraph graph, Action<TwinGraph> write, long last)
    {
        graph.AdvanceVersionTo(last);
        try
        {
            write(graph);
        }
        catch (TwinLabException e)
        {
            throw new TwinRejectedException(e.Code, e.Message);
        }
        return graph.TakeChanges();
    }

    /// <summary>A grain's write waiting for the next batch.</summary>
    private sealed record QueuedWrite(string Branch, TwinGraph Graph, Action<TwinGraph> Write, WriteContext Context)
    {
        /// <summary>Completed once the batch has committed (or failed); continuations run off the appending thread.</summary>
        public TaskCompletionSource<StoreWrite> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What <see cref="TwinStoreAccess.WriteAsync"/> did.</summary>
/// <param name="Changes">The write's changes (stored, unless it was a duplicate).</param>
/// <param name="Duplicate">Its idempotency key had been committed before: nothing was stored, and the graph's state is not the twin's.</param>
public sealed record StoreWrite(IReadOnlyList<GraphChange> Changes, bool Duplicate)
{
    /// <summary>For a duplicate, the stored events of the write that committed the key (the twin may have changed, or gone,
    /// since): a replay answers what that write answered.</summary>
    public IReadOnlyList<StoredEvent> Original { get; init; } = [];
}
