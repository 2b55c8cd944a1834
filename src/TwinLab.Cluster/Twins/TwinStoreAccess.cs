using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// The silo's twin store (PostgreSQL in a real cluster, so every silo reads and writes the same log), or none: then twins
/// live only in their grains' memory. Writes from this silo's grains go through one gate, as the embedded
/// <see cref="Core.Application.TwinService"/> serialises its own, since stores are written by one writer at a time;
/// writes from different silos to a shared store queue on the store's own append lock
/// (<see cref="ISharedTwinStore.AppendAfterLast"/>).
/// </summary>
/// <remarks>The gate also covers reads, and a PostgreSQL store's reads and writes are network round trips made on the
/// grain's thread: a silo's twin writes and activations go one at a time.</remarks>
/// <param name="store">The store, or <c>null</c>.</param>
/// <param name="time">Commit times.</param>
public sealed class TwinStoreAccess(ITwinStore? store, TimeProvider time)
{
    // Awaited, not locked: a grain turn waiting for another's store call frees its thread, so a burst of concurrent writes
    // or activations never parks the silo's threads (64 of them blocked on a lock starved the thread pool: calls timed out).
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether a store is configured.</summary>
    public bool IsConfigured => store is not null;

    /// <summary>Events of a branch matching the filter (none without a store).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(EventFilter filter)
    {
        if (store is null) return [];
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
    public async Task<GraphSnapshot> LoadMainAsync()
    {
        if (store is null) return GraphSnapshot.Empty;
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
    /// runs under the store's append lock, where that number is the true one and not this silo's possibly older view.
    /// </summary>
    /// <remarks>A write whose idempotency key is already committed is not made again: <see cref="StoreWrite.Duplicate"/>, with
    /// that earlier write's events (<see cref="StoreWrite.Original"/>).</remarks>
    /// <exception cref="TwinRejectedException">The Core refused the write; nothing was stored.</exception>
    public async Task<StoreWrite> WriteAsync(string branch, TwinGraph graph, Action<TwinGraph> write, WriteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _gate.WaitAsync();
        try
        {
            if (store is not null && context.IdempotencyKey is { } key && store.FindWrite(key) is { } seen) return Replay(store, seen.FirstSequence, seen.LastSequence);
            IReadOnlyList<GraphChange> changes;
            AppendResult? appended = null;
            if (store is ISharedTwinStore shared)
            {
                changes = [];
                appended = shared.AppendAfterLast(branch, last =>
                {
                    changes = Make(graph, write, last);
                    return new StagedWrite(changes, graph.Version);
                }, context, time.GetUtcNow());
            }
            else
            {
                changes = Make(graph, write, store?.LastSequence ?? 0);
                if (store is not null && changes.Count > 0) appended = store.Append(branch, changes, graph.Version, context, time.GetUtcNow());
            }
            // Committed by another writer between the check above and the append: a replay all the same.
            return appended is { Duplicate: true } d ? Replay(store!, d.FirstSequence, d.LastSequence) : new StoreWrite(changes, Duplicate: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A repeated key's answer: the events of the write that committed it, from which the grain answers as it did then.</summary>
    private static StoreWrite Replay(ITwinStore store, long first, long last) =>
        new([], Duplicate: true) { Original = store.ReadEvents(new EventFilter(AfterSequence: first - 1, UpToSequence: last)) };

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
