using TwinLab.Core.History;

namespace TwinLab.Core.Twins;

/// <summary>
/// A store several processes append to at once (PostgreSQL under a cluster). Its <see cref="ITwinStore.LastSequence"/> is
/// only this process's view, so a graph advanced to it may give a change a number another process has already used;
/// <see cref="AppendAfterLastAsync"/> runs writes where the true last number is known.
/// </summary>
/// <remarks>Its calls are asynchronous: a cluster's grains make them, and a grain turn must not block a thread on I/O.</remarks>
public interface ISharedTwinStore : ITwinStore
{
    /// <summary>
    /// Takes the store's append lock and runs <paramref name="writes"/> in order, each given the log's last sequence number
    /// as the writes before it in the batch left it; appends the changes of every write that succeeded in one transaction
    /// with one commit. Each write's changes get that number + 1, + 2, …, so a graph advanced to it gives each change the
    /// ETag of the event that records it, as <see cref="Application.TwinService"/> does in one process.
    /// </summary>
    /// <param name="writes">The writes, in the order they are to be numbered. Each write's
    /// <see cref="PendingAppend.Write"/> may throw: that write then fails alone (its outcome carries the exception), and
    /// the others are still appended.</param>
    /// <param name="cancellationToken">Cancels before the commit (nothing is then appended).</param>
    /// <returns>One outcome per write, in order. A write whose idempotency key is already committed, or carried by an
    /// earlier write of the batch, is not run: its outcome is that write's numbers with
    /// <see cref="AppendResult.Duplicate"/> set. A write with no changes appends nothing (its numbers are last + 1, last).</returns>
    /// <remarks>The lock is held while the writes run: keep them to in-memory work. If the transaction itself fails (the
    /// server, the connection, a lock not granted in time), the whole batch fails with that exception and nothing is
    /// appended.</remarks>
    Task<IReadOnlyList<AppendOutcome>> AppendAfterLastAsync(IReadOnlyList<PendingAppend> writes, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ITwinStore.ReadEvents"/>, without blocking a thread on the server.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(EventFilter filter, CancellationToken cancellationToken = default);
}

/// <summary>One write of a batch given to <see cref="ISharedTwinStore.AppendAfterLastAsync"/>.</summary>
/// <param name="Branch">The branch written.</param>
/// <param name="Write">Given the last sequence number, makes the write; returns its changes and the branch graph's
/// version after them.</param>
/// <param name="Context">Actor and idempotency key.</param>
/// <param name="Timestamp">The commit time recorded on the events.</param>
public sealed record PendingAppend(string Branch, Func<long, StagedWrite> Write, WriteContext Context, DateTimeOffset Timestamp);

/// <summary>A write made under a shared store's append lock (<see cref="PendingAppend.Write"/>).</summary>
/// <param name="Changes">The changes, in the order they were made.</param>
/// <param name="Version">The branch graph's <see cref="GraphSnapshot.Version"/> after them.</param>
public sealed record StagedWrite(IReadOnlyList<GraphChange> Changes, long Version);

/// <summary>What became of one write of a batch: appended (or a duplicate), or refused by its own exception.</summary>
/// <param name="Result">The numbers given, when the write did not throw.</param>
/// <param name="Error">What the write threw; nothing of it was appended.</param>
public sealed record AppendOutcome(AppendResult? Result, Exception? Error);
